"""The redacted-cost gap: money disclosed only as a group total, never itemised.

For a group with a disclosed total, the gap is the total minus the itemised
figures of its members. Only figures of a *compatible* basis are itemised: the
same basis as the total, and a stated one. An unspecified "worth £83m" cannot
be shown to be the same kind of money as "£65m spent to date", so by default
nothing is subtracted from it; subtracting anyway is an assumption the reader
must switch on (`assume_basis`), and it is labelled as such.

Parts plus gap always equal the total. A negative gap (members itemised to
more than the total) is kept and flagged as a discrepancy, never clipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class MemberFigure:
    """One disclosed amount about one member project."""

    project_id: str
    basis: str
    amount_gbp: Decimal
    figure_id: str
    source_id: str


@dataclass(frozen=True)
class Gap:
    """A group total split into itemised parts and the unitemised remainder."""

    total_gbp: Decimal
    total_basis: str
    members: int
    named: int
    itemised_gbp: Decimal
    itemised_members: int
    gap_gbp: Decimal
    figure_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    assumed_basis: str | None = None
    discrepancy: str | None = None
    conflicts: tuple[str, ...] = field(default=())

    @property
    def unnamed(self) -> int:
        return self.members - self.named

    @property
    def unitemised_members(self) -> int:
        """Members with no compatible disclosed figure: they share the gap."""
        return self.members - self.itemised_members

    @property
    def gap_share(self) -> float | None:
        """The gap as a share of the total (None when the total is zero)."""
        return float(self.gap_gbp / self.total_gbp) if self.total_gbp else None


def compatible(total_basis: str, figure_basis: str) -> bool:
    """Whether a member figure is the same kind of money as the group total.

    Bases must match and be stated: two "unspecified" amounts may mean
    different things, so they are not assumed to add up.
    """
    return total_basis == figure_basis and total_basis != UNSPECIFIED


def compute_gap(
    total_gbp: Decimal,
    total_basis: str,
    members: int,
    named: int,
    member_figures: list[MemberFigure],
    *,
    assume_basis: str | None = None,
) -> Gap:
    """Split a group total into itemised member figures and the gap.

    A member is itemised once, however many sources repeat its amount; if
    sources give it different amounts on the same basis the largest is used
    and the disagreement is reported in `conflicts`. With `assume_basis`,
    member figures of that basis are also taken to sit inside the total: an
    inference, recorded on the result.
    """
    if members < 0 or named < 0 or named > members:
        raise ValueError(f"named ({named}) must be between 0 and members ({members})")
    chosen: dict[str, list[MemberFigure]] = {}
    for fig in member_figures:
        if compatible(total_basis, fig.basis) or (assume_basis and fig.basis == assume_basis):
            chosen.setdefault(fig.project_id, []).append(fig)
    itemised = Decimal(0)
    conflicts: list[str] = []
    figure_ids: list[str] = []
    for project_id, figs in sorted(chosen.items()):
        amounts = {f.amount_gbp for f in figs}
        if len(amounts) > 1:
            conflicts.append(
                f"{project_id}: sources give {', '.join(str(a) for a in sorted(amounts))}"
            )
        itemised += max(amounts)
        figure_ids += [f.figure_id for f in figs]
    gap = total_gbp - itemised
    discrepancy = None
    if gap < 0:
        discrepancy = (
            f"itemised figures ({itemised}) exceed the disclosed total ({total_gbp}) by {-gap}"
        )
    sources = sorted({f.source_id for figs in chosen.values() for f in figs})
    return Gap(
        total_gbp=total_gbp,
        total_basis=total_basis,
        members=members,
        named=named,
        itemised_gbp=itemised,
        itemised_members=len(chosen),
        gap_gbp=gap,
        figure_ids=tuple(sorted(figure_ids)),
        source_ids=tuple(sources),
        assumed_basis=assume_basis,
        discrepancy=discrepancy,
        conflicts=tuple(conflicts),
    )


def withheld_share(withheld: float, total: float) -> float | None:
    """Share of rows (or money) not disclosed, for data with no group total."""
    return withheld / total if total else None


#: Disclosure (or supplier) statuses that mean the public was not told.
KEPT_BACK = ("withheld", "redacted")


@dataclass(frozen=True)
class KeptBack:
    """Of a total (figures, payments or pounds), how much was withheld or redacted."""

    kept: float
    total: float
    not_disclosed: float = 0  # for figures: any reason, withheld and redacted among them

    @property
    def share(self) -> float | None:
        return withheld_share(self.kept, self.total)


def figures_kept_back(mix: list[dict[str, Any]]) -> KeptBack:
    """From disclosure_shares rows: figures withheld or redacted, out of all figures."""
    total = sum(int(r["figures"]) for r in mix)
    kept = sum(int(r["figures"]) for r in mix if r["disclosure"] in KEPT_BACK)
    not_disclosed = sum(int(r["figures"]) for r in mix if r["disclosure"] != "disclosed")
    return KeptBack(kept, total, not_disclosed)


def paid_to_hidden_suppliers(payees: list[dict[str, Any]]) -> tuple[KeptBack, KeptBack]:
    """From counterparty_shares rows: (pounds, payments) to suppliers whose names were kept back."""

    def pounds(row: dict[str, Any]) -> float:
        value = row["amount_gbp"]
        return 0.0 if value is None or value != value else float(value)  # NULL or NaN: no money

    hidden = [r for r in payees if r["counterparty_status"] in KEPT_BACK]
    money = KeptBack(sum(pounds(r) for r in hidden), sum(pounds(r) for r in payees))
    rows = KeptBack(
        sum(int(r["payments"]) for r in hidden), sum(int(r["payments"]) for r in payees)
    )
    return money, rows

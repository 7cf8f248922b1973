"""foi.gaps.compute_gap: the redacted-cost gap, as pure arithmetic on Decimal pounds."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foi.gaps import UNSPECIFIED, Gap, MemberFigure, compatible, compute_gap, withheld_share

M = Decimal(1_000_000)


def fig(
    project: str, basis: str, millions: int | str, fid: str, source: str = "S1"
) -> MemberFigure:
    return MemberFigure(project, basis, Decimal(millions) * M, fid, source)


# --- property: parts plus gap is the total ----------------------------------------------------

BASES = ["spent_to_date", "contract_value", "budget", UNSPECIFIED]
AMOUNTS = st.decimals(
    min_value=Decimal("-1000000000"),
    max_value=Decimal("1000000000000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
FIGURES = st.lists(
    st.builds(
        MemberFigure,
        project_id=st.sampled_from([f"p{i}" for i in range(6)]),
        basis=st.sampled_from(BASES),
        amount_gbp=AMOUNTS,
        figure_id=st.uuids().map(str),
        source_id=st.sampled_from(["S1", "S2", "S3"]),
    ),
    max_size=12,
)


@given(
    total=AMOUNTS,
    total_basis=st.sampled_from(BASES),
    figures=FIGURES,
    assume=st.one_of(st.none(), st.sampled_from(BASES)),
    members=st.integers(min_value=6, max_value=40),
)
def test_parts_plus_gap_equal_the_total(
    total: Decimal, total_basis: str, figures: list[MemberFigure], assume: str | None, members: int
) -> None:
    gap = compute_gap(total, total_basis, members, 0, figures, assume_basis=assume)
    assert gap.itemised_gbp + gap.gap_gbp == total
    assert isinstance(gap.gap_gbp, Decimal)
    # what is itemised is exactly one amount (the largest) per itemised project
    counted = {
        f.project_id
        for f in figures
        if compatible(total_basis, f.basis) or (assume is not None and f.basis == assume)
    }
    assert gap.itemised_members == len(counted)
    assert gap.itemised_gbp == sum(
        (
            max(
                f.amount_gbp
                for f in figures
                if f.project_id == p
                and (compatible(total_basis, f.basis) or (assume is not None and f.basis == assume))
            )
            for p in counted
        ),
        Decimal(0),
    )
    assert (gap.discrepancy is not None) == (gap.gap_gbp < 0)


@given(total=AMOUNTS, figures=FIGURES)
def test_unspecified_figures_are_never_itemised_without_an_assumption(
    total: Decimal, figures: list[MemberFigure]
) -> None:
    unspecified = [dataclasses.replace(f, basis=UNSPECIFIED) for f in figures]
    assert list(BASES), "nothing to check: the test would pass on empty data"
    for total_basis in BASES:
        gap = compute_gap(total, total_basis, 10, 0, unspecified)
        assert gap.itemised_gbp == 0
        assert gap.itemised_members == 0
        assert gap.gap_gbp == total


# --- examples --------------------------------------------------------------------------------


def test_unspecified_total_itemises_nothing_by_default() -> None:
    gap = compute_gap(
        83 * M,
        UNSPECIFIED,
        17,
        4,
        [fig("cc", "spent_to_date", 65, "F1"), fig("cc", UNSPECIFIED, 10, "F2")],
    )
    assert gap.itemised_gbp == 0
    assert gap.gap_gbp == 83 * M
    assert gap.itemised_members == 0
    assert gap.unitemised_members == 17
    assert gap.figure_ids == ()
    assert gap.assumed_basis is None


def test_unspecified_member_figure_is_not_itemised_in_an_unspecified_total() -> None:
    gap = compute_gap(24 * M, UNSPECIFIED, 20, 3, [fig("a", UNSPECIFIED, 5, "F1")])
    assert gap.itemised_gbp == 0
    assert gap.gap_gbp == 24 * M


def test_same_stated_basis_is_itemised() -> None:
    gap = compute_gap(
        100 * M,
        "spent_to_date",
        5,
        2,
        [
            fig("a", "spent_to_date", 30, "F1", "S1"),
            fig("b", "spent_to_date", 20, "F2", "S2"),
            fig("c", "contract_value", 40, "F3", "S3"),
        ],
    )
    assert gap.itemised_gbp == 50 * M
    assert gap.gap_gbp == 50 * M
    assert gap.itemised_members == 2
    assert gap.unitemised_members == 3
    assert gap.figure_ids == ("F1", "F2")
    assert gap.source_ids == ("S1", "S2")
    assert gap.discrepancy is None
    assert gap.conflicts == ()


def test_duplicate_figures_for_one_project_are_counted_once() -> None:
    gap = compute_gap(
        83 * M,
        UNSPECIFIED,
        17,
        4,
        [
            fig("cc", "spent_to_date", 65, "CC-SPENT-ES", "ES"),
            fig("cc", "spent_to_date", 65, "CC-PAID-PP", "PP"),
        ],
        assume_basis="spent_to_date",
    )
    assert gap.itemised_gbp == 65 * M
    assert gap.gap_gbp == 18 * M
    assert gap.itemised_members == 1
    assert gap.unitemised_members == 16
    assert gap.figure_ids == ("CC-PAID-PP", "CC-SPENT-ES")
    assert gap.source_ids == ("ES", "PP")
    assert gap.conflicts == ()


def test_conflicting_amounts_for_one_project_are_reported() -> None:
    gap = compute_gap(
        200 * M,
        "contract_value",
        3,
        3,
        [fig("cc", "contract_value", 90, "A"), fig("cc", "contract_value", 65, "B")],
    )
    assert gap.itemised_members == 1
    assert gap.itemised_gbp == 90 * M  # the largest, and only once
    assert gap.gap_gbp == 110 * M
    assert len(gap.conflicts) == 1
    assert gap.conflicts[0].startswith("cc:")
    assert "65000000" in gap.conflicts[0] and "90000000" in gap.conflicts[0]


def test_negative_gap_is_kept_and_flagged() -> None:
    gap = compute_gap(
        50 * M,
        "budget",
        3,
        2,
        [fig("a", "budget", 40, "F1"), fig("b", "budget", 30, "F2")],
    )
    assert gap.gap_gbp == -20 * M
    assert gap.itemised_gbp == 70 * M
    assert gap.discrepancy is not None
    assert "exceed" in gap.discrepancy
    assert gap.gap_share == pytest.approx(-0.4)


def test_assume_basis_includes_that_basis_only() -> None:
    figures = [
        fig("cc", "spent_to_date", 65, "S"),
        fig("cc", "contract_value", 90, "C"),
        fig("x", "forecast_cost", 25, "D"),
    ]
    plain = compute_gap(83 * M, UNSPECIFIED, 17, 4, figures)
    assumed = compute_gap(83 * M, UNSPECIFIED, 17, 4, figures, assume_basis="spent_to_date")
    assert plain.itemised_gbp == 0
    assert assumed.itemised_gbp == 65 * M
    assert assumed.gap_gbp == 18 * M
    assert assumed.figure_ids == ("S",)
    assert assumed.assumed_basis == "spent_to_date"
    assert assumed.unitemised_members == 16


def test_assume_basis_adds_to_a_compatible_basis() -> None:
    figures = [fig("a", "budget", 10, "B"), fig("b", "spent_to_date", 5, "S")]
    gap = compute_gap(100 * M, "budget", 4, 0, figures, assume_basis="spent_to_date")
    assert gap.itemised_gbp == 15 * M
    assert gap.itemised_members == 2


@pytest.mark.parametrize(("members", "named"), [(3, 4), (0, 1), (-1, 0), (5, -1)])
def test_impossible_member_counts_raise(members: int, named: int) -> None:
    with pytest.raises(ValueError):
        compute_gap(24 * M, UNSPECIFIED, members, named, [])


def test_named_and_unnamed() -> None:
    gap = compute_gap(24 * M, UNSPECIFIED, 20, 3, [])
    assert (gap.named, gap.unnamed) == (3, 17)


@pytest.mark.parametrize(
    ("total", "itemised", "share"),
    [(24, 0, 1.0), (83, 65, 18 / 83), (100, 100, 0.0), (50, 75, -0.5)],
)
def test_gap_share(total: int, itemised: int, share: float) -> None:
    gap = compute_gap(
        Decimal(total) * M,
        "spent_to_date",
        2,
        0,
        [fig("a", "spent_to_date", itemised, "F")] if itemised else [],
    )
    assert gap.gap_share == pytest.approx(share)


def test_gap_share_of_a_zero_total_is_none() -> None:
    gap = compute_gap(Decimal(0), "budget", 1, 0, [])
    assert gap.gap_share is None
    assert gap.gap_gbp == 0


def test_compatible() -> None:
    assert compatible("budget", "budget")
    assert not compatible("budget", "spent_to_date")
    assert not compatible(UNSPECIFIED, UNSPECIFIED)


def test_withheld_share() -> None:
    assert withheld_share(37, 51) == pytest.approx(37 / 51)
    assert withheld_share(0, 0) is None


def test_gap_is_a_frozen_record() -> None:
    gap = compute_gap(24 * M, UNSPECIFIED, 20, 3, [])
    assert isinstance(gap, Gap)
    with pytest.raises(AttributeError):
        gap.gap_gbp = Decimal(0)  # type: ignore[misc]


def test_figures_kept_back_counts_withheld_and_redacted_only() -> None:
    from foi.gaps import figures_kept_back

    mix = [
        {"basis": "budget", "disclosure": "disclosed", "figures": 5},
        {"basis": "budget", "disclosure": "withheld", "figures": 3},
        {"basis": "budget", "disclosure": "redacted", "figures": 1},
        {"basis": "budget", "disclosure": "not_held", "figures": 1},
    ]
    kept = figures_kept_back(mix)
    assert (kept.kept, kept.total, kept.share) == (4, 10, 0.4)
    assert figures_kept_back([]).share is None


def test_paid_to_hidden_suppliers_counts_money_and_payments() -> None:
    from foi.gaps import paid_to_hidden_suppliers

    payees = [
        {"counterparty_status": "disclosed", "payments": 90, "amount_gbp": Decimal("900.00")},
        {"counterparty_status": "redacted", "payments": 8, "amount_gbp": Decimal("80.50")},
        {"counterparty_status": "withheld", "payments": 2, "amount_gbp": Decimal("19.50")},
        {"counterparty_status": "unknown", "payments": 1, "amount_gbp": None},
    ]
    money, rows = paid_to_hidden_suppliers(payees)
    assert (money.kept, money.total) == (100.0, 1000.0)
    assert money.share == pytest.approx(0.1)
    assert (rows.kept, rows.total) == (10, 101)
    assert paid_to_hidden_suppliers([])[0].share is None

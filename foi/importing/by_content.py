"""Let a column's values adjust what its heading proposed: money, dates and suppliers by content.

A heading can lie or say nothing: "Supplier ID(T)" holds the suppliers' names, "Cost Element"
holds account codes, a bare column holds dates. Sample values break ties between headings,
veto a weak amount heading over a column of words, name columns whose heading says nothing,
and pick the supplier as the column that holds names (foi.importing.profile decides what the
values look like).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from foi.importing import profile as content
from foi.importing.header import looks_like_date
from foi.money import parse_amount, unit_from_header

SAMPLE_BONUS = 1


WEAK_SCORE = 3  # a column known only from its values: weaker than any header match


STRONG_AMOUNT = 9  # an amount header this clear is never overruled by its sample values


CONSTANT_ROWS = 5  # one value on this many rows or more: a constant, not a name or an id


@dataclass(frozen=True)
class _Profile:
    """What a column's sample values look like."""

    dates: bool
    money: bool
    text: bool
    only_integers: bool


def sample_profile(values: Sequence[str | None]) -> _Profile | None:
    """Mostly dates, mostly money, or mostly words; None when there is nothing to look at.

    Non-disclosures ("Exempt under Section 43", "REDACTED") are neutral: an amount column full of
    them is still an amount column. Percentages are not money.
    """
    filled = [value.strip() for value in values if value is not None and value.strip()]
    if not filled:
        return None
    dates = money = words = percents = 0
    integers = True
    for value in filled:
        if looks_like_date(value):
            dates += 1
            continue
        parsed = parse_amount(value)
        if parsed.status == "disclosed" and parsed.is_percent:
            percents += 1
        elif parsed.status == "disclosed":
            money += 1
            integers = integers and value.isdigit()
        elif parsed.status == "unparsed":
            words += 1
    return _Profile(
        dates=dates >= 0.8 * len(filled),
        money=money > 0 and money >= 0.8 * (money + words + dates + percents),
        text=words > 0.5 * len(filled),
        only_integers=integers,
    )


def with_samples(scores: dict[str, float], profile: _Profile | None, unit: Decimal) -> None:
    """Let values break ties, veto a weak amount header over words, and name bare columns.

    A plain-integer column with no telling header is left alone: it is more likely an ID than
    money.
    """
    if profile is None:
        return
    amount = scores.get("amount")
    if amount is not None and profile.text and amount < STRONG_AMOUNT and unit == 1:
        del scores["amount"]
    if profile.money and "amount" in scores:
        scores["amount"] += SAMPLE_BONUS
    if profile.dates and "date" in scores:
        scores["date"] += SAMPLE_BONUS
    if not scores:
        if profile.dates:
            scores["date"] = WEAK_SCORE
        elif profile.money and not profile.only_integers:
            scores["amount"] = WEAK_SCORE


def content_roles(
    header: Sequence[str],
    raws: Sequence[str] | None,
    scores: list[dict[str, float]],
    profiles: Sequence[content.ColumnProfile | None],
) -> list[tuple[str, str]]:
    """Let the values overrule the headings: money, suppliers and identifiers by content.

    Returns (column, why) for every numeric column that is not money.
    """
    not_money: list[tuple[str, str]] = []
    for index, label in enumerate(header):
        raw = raws[index] if raws else label
        unit = unit_from_header(raw)
        prof = profiles[index]
        why = content.not_money_reason(raw, prof, unit)
        column_scores = scores[index]
        if why is not None:
            column_scores.pop("amount", None)
            not_money.append((label, why))
        elif content.head_noun(raw) in content.ID_NOUNS and unit == 1:
            column_scores.pop("amount", None)  # "VAT Registration Number": words, not money
        elif (
            content.money_shaped(prof)
            and "amount" not in column_scores
            and prof is not None
            and (content.says_money(raw) or prof.pence or prof.pounds)
            and not {"date", "transaction", "supplier_id"} & column_scores.keys()
        ):
            column_scores["amount"] = WEAK_SCORE
    _suppliers_by_content(scores, profiles)
    return not_money


def _suppliers_by_content(
    scores: list[dict[str, float]], profiles: Sequence[content.ColumnProfile | None]
) -> None:
    """The supplier is the column that holds names, whatever its heading says.

    A "Supplier ID" column holding the same word on every row (or codes) is no supplier; a
    column headed "Supplier ID(T)" that holds the names is one.
    """

    def holds_names(i: int) -> bool:
        prof = profiles[i]
        return prof is not None and prof.distinct > 1 and content.name_share(prof) >= 0.5

    for i, column_scores in enumerate(scores):
        prof = profiles[i]
        constant = prof is not None and prof.distinct <= 1 and prof.filled >= CONSTANT_ROWS
        if constant:  # "Redacted" on every row: it names no one
            column_scores.pop("supplier", None)
            column_scores.pop("supplier_id", None)
    named = [i for i, sc in enumerate(scores) if "supplier" in sc and holds_names(i)]
    best_supplier = max(
        (i for i, sc in enumerate(scores) if "supplier" in sc),
        key=lambda i: scores[i]["supplier"],
        default=None,
    )
    if best_supplier is not None and holds_names(best_supplier):
        scores[best_supplier].pop("supplier_id", None)  # names, so not an identifier
        return
    ids = [i for i, sc in enumerate(scores) if "supplier_id" in sc and holds_names(i)]
    pick = max(named or ids, key=lambda i: content.name_share(profiles[i]), default=None)
    if pick is None:
        return
    top = max(max(sc.values(), default=0) for sc in scores) + 1
    scores[pick]["supplier"] = top
    scores[pick].pop("supplier_id", None)
    if best_supplier is not None and best_supplier != pick:
        scores[best_supplier].pop("supplier", None)

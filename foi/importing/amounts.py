"""What a file's money means: each amount column's basis, and which one is the payment.

An amount column's basis comes from its heading ("Forecast whole life cost" is a forecast,
"Budget" a budget). A payment file has one payment amount: when it also carries Gross, VAT
and Net columns, the values decide (Gross = Net + VAT on nine rows in ten), and the others
keep bases of their own so VAT is never added to the payments. Whether any amount is a
payment is also what makes a file a payment file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from foi.importing import profile as content
from foi.importing.headings import describe_header

# Basis rules in order; the first whose phrase is in the header wins. "spend" is a payment in a
# payments file and money already spent in a projects table.
_SPEND = "spend"


_BASIS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("benefits", ("benefit", "benefits")),
    ("whole_life_cost", ("whole life", "wlc")),
    ("contract_value", ("contract value", "value of contract", "contract price", "contract sum")),
    ("savings", ("saving", "savings")),
    ("investment", ("investment", "invested")),
    # One financial year's slice of a project, not its whole cost: kept apart from budgets.
    ("fy_forecast", ("year forecast", "annual forecast", "fy forecast", "in year forecast")),
    ("fy_baseline", ("year baseline", "year budget", "annual budget", "fy baseline", "fy budget")),
    ("forecast_cost", ("forecast", "projected")),
    ("budget", ("baseline", "budget")),
    (_SPEND, ("spend", "spent", "actual", "paid", "expenditure", "outturn")),
)


#: A header naming one financial year ("Total Budget 2017-18", "Forecast 2021/22"): its budget
#: or forecast is that year's slice, not the project's whole cost.
_FINANCIAL_YEAR = re.compile(r" (?:19|20)\d\d (?:\d\d|(?:19|20)\d\d) ")

_ONE_YEAR = {"budget": "fy_baseline", "forecast_cost": "fy_forecast"}


def basis_of(header: str, shape: str, raw: str | None = None) -> str:
    """What an amount column's money means, from its first line, else its whole header text."""
    described = describe_header(header, raw)
    for tokens in (described.lead, described.whole):
        text = f" {' '.join(tokens)} "
        for basis, phrases in _BASIS_RULES:
            if any(f" {phrase} " in text for phrase in phrases):
                if basis == _SPEND:
                    return "payment" if shape == "payments" else "spent_to_date"
                if basis in _ONE_YEAR and _FINANCIAL_YEAR.search(f" {' '.join(described.whole)} "):
                    return _ONE_YEAR[basis]
                return basis
    return "payment" if shape == "payments" else "unspecified"


def shape_of(fields: dict[str, str], amount_headers: Sequence[str]) -> str:
    """Payments: a supplier, a date or transaction number, and an amount that is a payment.

    Several money columns (Gross, VAT and Net) do not make a file a project table: one row a
    payment is a payment file. Without a date or transaction column (some quarterly files have
    neither), a supplier and an amount with no project column is still one. A table whose money is all contract values, budgets or
    whole-life costs is a project table even when it names suppliers and dates.
    """
    if "supplier" not in fields:
        return "projects"
    if not ("date" in fields or "transaction" in fields) and "project" in fields:
        return "projects"
    if any(basis_of(h, "payments") == "payment" for h in amount_headers):
        return "payments"
    return "projects"


def secondary_basis(header: str) -> str:
    """The basis of a payment file's money column that is not the payment itself."""
    words = set(content.heading_words(header))
    if words & {"gross", "incl", "including", "inclusive", "inc"}:
        return "gross_of_vat"
    if words & {"net", "excl", "excluding", "exclusive", "exc", "excludes"}:
        return "net_of_vat"
    if "vat" in words or "tax" in words:
        return "vat"
    return "other_money"


def _vat_split(
    positions: Sequence[int], header: Sequence[str], rows: Sequence[Sequence[str | None]]
) -> tuple[int, int, int, int, int] | None:
    """(gross, net, vat, rows agreeing, rows compared) when one column is the sum of two others.

    Read from the values, not the headings: Gross = Net + VAT to the penny on nine rows in
    ten where all three are numbers. Net is the larger of the two parts over the sample.
    """
    if len(positions) < 3:
        return None
    values = {
        i: [content.number(row[i] if i < len(row) else None) for row in rows] for i in positions
    }
    best = None
    for gross in positions:
        for a in positions:
            for b in positions:
                if len({gross, a, b}) < 3 or a > b:
                    continue
                both = [
                    (g, x, y)
                    for g, x, y in zip(values[gross], values[a], values[b], strict=True)
                    if g is not None and x is not None and y is not None
                ]
                agree = sum(1 for g, x, y in both if g == x + y)
                if both and agree >= 0.9 * len(both) and any(g for g, _, _ in both):
                    big = sum(abs(x) for _, x, _ in both) >= sum(abs(y) for _, _, y in both)
                    net, vat = (a, b) if big else (b, a)
                    if best is None or agree > best[3]:
                        best = (gross, net, vat, agree, len(both))
    return best


def payment_amount(
    positions: Sequence[int],
    header: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    scores: Sequence[dict[str, float]],
) -> tuple[int, str]:
    """Which money column of a payment file is the payment, and why, in the report's words."""
    names = [header[i] for i in positions]
    if len(positions) == 1:
        return positions[0], f"'{names[0]}' is the only money column"
    split = _vat_split(positions, header, rows)
    if split is not None:
        gross, net, vat, agree, compared = split
        return gross, (
            f"'{header[gross]}' = '{header[net]}' + '{header[vat]}' on {agree:,} of "
            f"{compared:,} rows, so '{header[gross]}' is the money paid, VAT included; "
            f"'{header[net]}' and '{header[vat]}' are kept as bases of their own, never added "
            "to it (choose another with --map amount:payment=COLUMN)"
        )
    candidates = [i for i in positions if secondary_basis(header[i]) != "vat"] or list(positions)
    nonzero = [
        i
        for i in candidates
        if any(content.number(row[i] if i < len(row) else None) for row in rows)
    ]
    candidates = nonzero or candidates
    chosen = max(candidates, key=lambda i: (scores[i].get("amount", 0), -i))
    others = ", ".join(f"'{header[i]}'" for i in positions if i != chosen)
    return chosen, (
        f"'{header[chosen]}' has the strongest amount heading among the money columns; "
        f"{others} {'is' if len(positions) == 2 else 'are'} kept as bases of their own, never "
        "added to it (choose another with --map amount:payment=COLUMN)"
    )

"""What a column's values look like, and whether that makes it money: decided from content.

A heading can lie ("Cost Element" holds six-digit account codes, "Supplier ID(T)" holds the
suppliers' names, "Variance (%)" holds bare numbers), so a column is money only when most of
its cells are money-shaped and the values do not show it to be a code, an identifier, a
percentage, a count or a rate. This file is where "how a column becomes money" is decided;
every reason a numeric column is *not* money is written here, in words a researcher reads in
the import report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from foi.money import parse_amount

#: A plain written number: sign, pound sign, thousands commas, decimals, brackets.
_NUMBER = re.compile(
    r"[-+]?\(?\s*[-+]?£?\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?\s*\)?"
)
_INTEGER = re.compile(r"[-+]?\d+")
_SCIENTIFIC = re.compile(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d+")
_PERCENT = re.compile(r"[-+]?\d+(?:\.\d+)?\s*%")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
#: Words that end a company or body name: a column full of them holds names.
_NAME_WORDS = re.compile(
    r"\b(?:ltd|limited|plc|llp|llc|inc|co|company|council|trust|services?|group|partnership"
    r"|associates|consult\w*|solutions|uk|cic|charity|society|centre|school|university|nhs"
    r"|authority|care|homes?|hire|club|church|association)\b",
    re.IGNORECASE,
)

#: The last word of a heading that names a code or an identifier, not an amount.
ID_NOUNS = frozenset(
    [
        "code",
        "codes",
        "element",
        "id",
        "ids",
        "identifier",
        "no",
        "nos",
        "num",
        "number",
        "numbers",
        "ref",
        "refs",
        "reference",
        "references",
        "key",
        "urn",
        "uri",
        "url",
        "seq",
        "sequence",
        "transno",
        "docno",
        "account",
        "accounts",
        "centre",
        "center",
        "postcode",
        "year",
        "period",
        "month",
        "week",
        "quarter",
    ]
)
#: Headings that say the numbers are money, even whole numbers with no pound sign.
MONEY_WORDS = frozenset(
    [
        "amount",
        "amounts",
        "value",
        "values",
        "cost",
        "costs",
        "total",
        "totals",
        "net",
        "gross",
        "vat",
        "spend",
        "spent",
        "paid",
        "payment",
        "payments",
        "price",
        "budget",
        "forecast",
        "baseline",
        "benefit",
        "benefits",
        "saving",
        "savings",
        "investment",
        "income",
        "expenditure",
        "£",
        "gbp",
        "sum",
        "wlc",
        "outturn",
    ]
)
_COUNT_HEAD = re.compile(
    r"^\s*(?:number|no\.?|count|quantity|qty|headcount|fte)s?\b(?:\s+of\b)?", re.I
)
_RATE_WORDS = re.compile(r"%|\bper ?cent(?:age)?\b|\bvariance\b.*%|\brate\b|\bratio\b", re.I)


@dataclass(frozen=True)
class ColumnProfile:
    """Counts of what a column's filled cells are (a sample of its rows)."""

    filled: int
    numbers: int  # plain numbers, not percentages
    pence: int  # numbers written with one or two decimals
    integers: int  # whole numbers written without decimals
    leading_zero: int  # whole numbers with a leading zero ("02366682")
    scientific: int  # numbers a spreadsheet wrote as 5.77E+11
    percent: int  # numbers ending in %
    pounds: int  # numbers with a pound sign
    markers: int  # non-disclosures (withheld, NA, redacted ...) and "Nil"
    dates: int
    names: int  # cells that read as names of people, bodies or companies
    distinct: int
    modal_width: int  # the commonest digit count of the whole numbers
    width_share: float  # share of whole numbers with that digit count
    example: str | None  # a value to quote

    @property
    def numeric_share(self) -> float:
        return (self.numbers + self.percent) / self.filled if self.filled else 0.0


def profile(values: Sequence[str | None]) -> ColumnProfile | None:
    """Count what the filled cells of a column are; None when every cell is empty."""
    from foi.importing.header import looks_like_date

    filled = [v.strip() for v in values if v is not None and v.strip()]
    if not filled:
        return None
    numbers = pence = integers = leading = scientific = percent = pounds = 0
    markers = dates = names = 0
    widths: Counter[int] = Counter()
    for value in filled:
        if _PERCENT.fullmatch(value):
            percent += 1
        elif _SCIENTIFIC.fullmatch(value):
            numbers += 1
            scientific += 1
        elif match := _NUMBER.fullmatch(value):
            numbers += 1
            pounds += "£" in value
            decimals = match.group("dec")
            if decimals is not None and 1 <= len(decimals) <= 2:
                pence += 1
            elif decimals is None and _INTEGER.fullmatch(value):
                integers += 1
                digits = value.lstrip("+-")
                widths[len(digits)] += 1
                leading += len(digits) > 1 and digits.startswith("0")
        elif looks_like_date(value):
            dates += 1
        elif value.casefold() in ("nil", "£nil") or parse_amount(value).status not in (
            "unparsed",
            "disclosed",
        ):
            markers += 1
        elif _LETTERS.search(value) and (" " in value or _NAME_WORDS.search(value)):
            names += 1
    modal, count = widths.most_common(1)[0] if widths else (0, 0)
    return ColumnProfile(
        filled=len(filled),
        numbers=numbers,
        pence=pence,
        integers=integers,
        leading_zero=leading,
        scientific=scientific,
        percent=percent,
        pounds=pounds,
        markers=markers,
        dates=dates,
        names=names,
        distinct=len(set(filled)),
        modal_width=modal,
        width_share=count / integers if integers else 0.0,
        example=filled[0],
    )


def heading_words(label: str) -> list[str]:
    """A heading's words in lower case, "£" kept, so "(£m)" reads as "£m"."""
    return re.sub(r"[^a-z0-9£%]+", " ", label.lower().replace("'", "")).split()


def head_noun(label: str) -> str | None:
    """The word a heading is about: the last word before any bracket or preposition."""
    core = re.split(r"[(\[\n]", label, maxsplit=1)[0]
    words = [w for w in heading_words(core) if not w.startswith("£")]
    cut = next(
        (i for i, w in enumerate(words) if i > 0 and w in ("of", "for", "on", "in", "by", "per")),
        len(words),
    )
    words = words[:cut]
    return words[-1] if words else None


def says_money(label: str) -> bool:
    """The heading names money: an amount, value, cost, VAT, a pound sign ..."""
    return any(w in MONEY_WORDS or w.startswith("£") for w in heading_words(label))


def _n(count: int) -> str:
    return f"{count:,}"


def not_money_reason(label: str, prof: ColumnProfile | None, unit: Decimal) -> str | None:
    """Why a numeric-looking column is not money, in a researcher's words; None if it may be.

    Checked in order: a percentage or rate; a count; a heading naming a code or identifier;
    codes mangled into scientific notation; leading zeros; whole numbers of one width or of
    only a few values; whole numbers under a heading that does not say money.
    """
    if prof is None or prof.numbers + prof.percent == 0:
        return None
    if prof.numbers + prof.percent + prof.markers < 0.5 * prof.filled:
        return None  # mostly words: not a numeric column at all
    if prof.percent * 2 >= prof.numbers + prof.percent:
        return f"a percentage ({_n(prof.percent)} of {_n(prof.numbers + prof.percent)} values end in %)"
    money_heading = says_money(label) or unit != 1
    if _RATE_WORDS.search(label) and "£" not in label:
        return f"a percentage or rate (the heading '{_short(label)}' says so)"
    if _COUNT_HEAD.match(label):
        return f"a count (the heading '{_short(label)}' says so)"
    noun = head_noun(label)
    if noun in ID_NOUNS and unit == 1:
        return (
            f"looks like codes or identifiers (the heading ends '{noun}'; "
            f"{_n(prof.distinct)} distinct in {_n(prof.filled)} cells read, e.g. {prof.example})"
        )
    if prof.scientific and prof.pence == 0:
        return (
            f"looks like codes a spreadsheet turned into scientific notation "
            f"({_n(prof.scientific)} cells such as {prof.example})"
        )
    if prof.leading_zero >= 2 and prof.leading_zero * 100 >= prof.integers:
        return f"looks like codes ({_n(prof.leading_zero)} values keep a leading zero)"
    if prof.pence or prof.pounds or unit != 1:
        return None
    if prof.integers == prof.numbers and prof.integers:
        if prof.modal_width >= 4 and prof.width_share >= 0.9 and not money_heading:
            return (
                f"looks like account codes (all {prof.modal_width}-digit whole numbers, "
                f"{_n(prof.distinct)} distinct)"
                if prof.width_share == 1
                else f"looks like codes ({prof.width_share:.0%} are {prof.modal_width}-digit "
                f"whole numbers, {_n(prof.distinct)} distinct)"
            )
        if prof.filled >= 50 and prof.distinct <= max(20, prof.filled // 50) and not money_heading:
            return f"looks like category codes (only {_n(prof.distinct)} distinct whole numbers)"
        if not money_heading:
            return "whole numbers under a heading that does not say money (no pence, no £)"
    return None


def money_shaped(prof: ColumnProfile | None) -> bool:
    """Most filled cells are amounts or reasons an amount is missing (withheld, NA, nil)."""
    if prof is None or prof.numbers == 0:
        return False
    return (prof.numbers + prof.markers) >= 0.8 * prof.filled


def name_share(prof: ColumnProfile | None) -> float:
    """Share of filled cells that read as names: how like a supplier column a column is."""
    return prof.names / prof.filled if prof and prof.filled else 0.0


def _short(label: str) -> str:
    text = re.sub(r"\s+", " ", label).strip()
    return text if len(text) <= 50 else text[:47] + "..."


def number(text: str | None) -> Decimal | None:
    """A plain written amount as a Decimal ("1,234.50", "(20)", "-5", "Nil"), else None."""
    if text is None:
        return None
    value = text.strip()
    if value.casefold() in ("nil", "£nil"):
        return Decimal(0)
    if not _NUMBER.fullmatch(value) and not _SCIENTIFIC.fullmatch(value):
        return None
    negative = value.count("-") % 2 == 1 or (value.startswith("(") and value.endswith(")"))
    digits = re.sub(r"[^\d.eE+]", "", value)
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None
    return -amount if negative else amount

"""Parse and format pound amounts as they are written in disclosure files.

The same figure reaches us as "£24m", "24,000,000", "(3,000)" or "about £60m", often with the
unit in the column header instead of the cell, and a cell that is not a number usually records
why the number is missing. Amounts are kept as Decimal pounds (never float, so totals reconcile
to the penny) and nothing is ever coerced to zero: a cell is disclosed with a value, classified as
a non-disclosure, or reported as unparsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from foi.exemptions import Exemption, classify_non_disclosure

#: The one table of units: a key (as `--unit` takes it), its multiplier and its label.
UNIT_MULTIPLIERS: dict[str, int] = {"1": 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
UNIT_LABELS: dict[str, str] = {"1": "£", "k": "£k", "m": "£m", "bn": "£bn"}

QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "range")

_UNIT_KEYS: dict[str, str] = {
    "k": "k",
    "thousand": "k",
    "thousands": "k",
    "000": "k",
    "m": "m",
    "mn": "m",
    "mln": "m",
    "million": "m",
    "millions": "m",
    "b": "bn",
    "bn": "bn",
    "billion": "bn",
    "billions": "bn",
}

_UNIT = r"(?:billions?|bn|b|millions?|mln|mn|m|thousands?|k)(?![a-z])"
# Thousands grouped by commas or (after non-breaking spaces are normalised) single spaces.
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\x20\d{3})+|\d+)(?:\.\d+)?|\.\d+"

_AMOUNT = re.compile(
    rf"""
    (?P<sign>[-+])?\s*
    (?P<open>\()?\s*
    (?P<cur>£|gbp)?\s*
    (?P<sign2>[-+])?\s*
    (?P<num>{_NUM})
    \s*(?:(?P<unit>{_UNIT})|(?P<pct>%))?
    \s*(?P<cur2>gbp|pounds?|sterling)?
    \s*(?P<close>\))?
    """,
    re.IGNORECASE | re.VERBOSE,
)

_PREFIX_QUALIFIERS = re.compile(
    r"^(?:(?P<approximate>about|around|approximately|approx\.?|circa|ca\.|c\.|c|roughly|some"
    r"|an estimated|estimated|est\.|~|\u2248)"
    r"|(?P<lower_bound>more than|over|above|at least|in excess of|exceeding|greater than"
    r"|upwards of|a minimum of|minimum of|min\.|>=|\u2265|>)"
    r"|(?P<upper_bound>up to|less than|under|below|at most|no more than|not more than"
    r"|not exceeding|a maximum of|maximum of|max\.|<=|\u2264|<))"
    r"(?:\s+|(?=[£\d.(+-]|gbp))",
    re.IGNORECASE,
)
_SUFFIX_QUALIFIERS = (
    ("lower_bound", re.compile(r"\s*\+$|\s+(?:or more|or over|or above|plus)$", re.IGNORECASE)),
    ("upper_bound", re.compile(r"\s+(?:or less|or under|or below|max\.?|maximum)$", re.IGNORECASE)),
    (
        "approximate",
        re.compile(
            r"\s*\(\s*(?:approx\.?|approximately|estimated?|est\.?)\s*\)$"
            r"|\s+(?:approx\.?|approximately|estimated|est\.)$",
            re.IGNORECASE,
        ),
    ),
)

_RANGE_START = re.compile(r"^(?:(?P<kw>between|from)\s+)?(?P<body>.+)$", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b)\s*", re.IGNORECASE)
_RANGE_SEP_BETWEEN = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b|\band\b)\s*", re.IGNORECASE)

_LABELLED_ITEM = re.compile(
    rf"(?P<label>low|mid|middle|central|high)(?:\s+(?:estimate|case|value))?\s*[:=]?\s*"
    rf"(?P<amount>[-+]?\(?\s*(?:£|gbp)?\s*[-+]?(?:{_NUM})(?:\s*{_UNIT})?\s*\)?)",
    re.IGNORECASE,
)
_LABELLED_GAP = re.compile(r"[\s,;/|]*")
_LABEL_KEYS = {"low": "low", "mid": "mid", "middle": "mid", "central": "mid", "high": "high"}

_HEADER_UNIT = re.compile(
    r"(?:£|\bgbp\b|\bpounds?\b)\s*(?:in\s+)?['\u2018\u2019`]?\s*"
    r"(?P<unit>000\s*['\u2019]?s?|thousands?|k|millions?|mln|mn|m|billions?|bn|b)(?![a-z0-9])",
    re.IGNORECASE,
)
_HEADER_UNIT_WORDS = re.compile(
    r"\(\s*(?:in\s+)?(?P<unit>thousands|millions|billions|'000s?|000s?)\s*\)"
    r"|\b(?P<unit2>thousands|millions|billions) of pounds\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedAmount:
    """One cell read as money, keeping the original text beside what we made of it."""

    text: str
    status: str  # "disclosed", a non-disclosure status, or "unparsed"
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str  # "exact", "approximate", "lower_bound", "upper_bound", "range"
    is_percent: bool
    exemption: Exemption | None


@dataclass(frozen=True)
class _Amount:
    """One number as written: signed figure before scaling, its own unit, percent or not."""

    number: Decimal
    unit_key: str | None
    is_percent: bool
    has_currency: bool


# --- headers --------------------------------------------------------------------------------


def _unit_key(word: str) -> str:
    """Map a unit word as written ("£'000s", "million", "bn") to a UNIT_MULTIPLIERS key."""
    compact = re.sub(r"[\s'\u2019]", "", word).casefold()
    if compact == "000s":
        compact = "000"
    return _UNIT_KEYS.get(compact, "1")


def unit_from_header(header: str) -> Decimal:
    """Multiplier implied by a column header such as "Cost (£m)"; 1 when the header has none.

    Disclosure tables often print "24" under "(£m)"; without the header the figure would be read
    as twenty-four pounds.
    """
    flat = re.sub(r"\s+", " ", header or "")
    match = _HEADER_UNIT.search(flat)
    if match:
        return Decimal(UNIT_MULTIPLIERS[_unit_key(match.group("unit"))])
    match = _HEADER_UNIT_WORDS.search(flat)
    if match:
        word = match.group("unit") or match.group("unit2")
        return Decimal(UNIT_MULTIPLIERS[_unit_key(word)])
    return Decimal(1)


# --- parsing --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Collapse all whitespace (incl. non-breaking) and read the Unicode minus as a hyphen."""
    return re.sub(r"\s+", " ", text.replace("\u2212", "-")).strip()


def _read_amount(text: str) -> _Amount | None:
    """Read exactly one signed number with optional £, unit and percent; None if not that."""
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        return None
    signs = [s for s in (match.group("sign"), match.group("sign2")) if s]
    parens = bool(match.group("open")), bool(match.group("close"))
    has_currency = bool(match.group("cur") or match.group("cur2"))
    is_percent = bool(match.group("pct"))
    if len(signs) > 1 or parens[0] != parens[1] or (parens[0] and signs):
        return None
    if is_percent and has_currency:
        return None
    number = Decimal(match.group("num").replace(",", "").replace(" ", ""))
    if parens[0] or signs == ["-"]:
        number = -number
    unit = match.group("unit")
    return _Amount(number, _unit_key(unit) if unit else None, is_percent, has_currency)


#: Wide enough for any amount a cell can spell out, so scaling never overflows or rounds.
_WIDE = Context(prec=200, Emax=10_000, Emin=-10_000)


def _tidy(value: Decimal) -> Decimal:
    """Drop scaling artefacts ("1200000000.0" -> "1200000000") without exponent notation."""
    if value == value.to_integral_value(context=_WIDE):
        return value.quantize(Decimal(1), context=_WIDE)
    return value.normalize(context=_WIDE)


def _pounds(amount: _Amount, unit: Decimal) -> Decimal:
    """Apply the cell's own unit, else the column's; percentages are never scaled."""
    if amount.is_percent:
        return amount.number
    multiplier = Decimal(UNIT_MULTIPLIERS[amount.unit_key]) if amount.unit_key else unit
    return amount.number if multiplier == 1 else _tidy(_WIDE.multiply(amount.number, multiplier))


def _split_qualifier(text: str) -> tuple[str, str] | None:
    """Strip one qualifier word ("about", "more than", "+"); None if two disagree."""
    found: list[str] = []
    for name, pattern in _SUFFIX_QUALIFIERS:
        match = pattern.search(text)
        if match and match.start() > 0:
            found.append(name)
            text = text[: match.start()]
            break
    match = _PREFIX_QUALIFIERS.match(text)
    if match:
        found.append(next(k for k, v in match.groupdict().items() if v))
        text = text[match.end() :]
    if len(set(found)) > 1:
        return None
    return (found[0] if found else "exact"), text


def _disclosed(
    text: str,
    value: Decimal | None,
    qualifier: str,
    is_percent: bool,
    low: Decimal | None = None,
    high: Decimal | None = None,
) -> ParsedAmount:
    """Build a disclosed result; kept in one place so every path fills the same fields."""
    return ParsedAmount(text, "disclosed", value, low, high, qualifier, is_percent, None)


def _parse_single(original: str, cleaned: str, unit: Decimal) -> ParsedAmount | None:
    """One amount with an optional qualifier; bounds also fill low or high."""
    split = _split_qualifier(cleaned)
    if split is None:
        return None
    qualifier, rest = split
    amount = _read_amount(rest)
    if amount is None:
        return None
    value = _pounds(amount, unit)
    low = value if qualifier == "lower_bound" else None
    high = value if qualifier == "upper_bound" else None
    return _disclosed(original, value, qualifier, amount.is_percent, low, high)


def _share_units(a: _Amount, b: _Amount) -> tuple[_Amount, _Amount] | None:
    """Let "£5-7m" and "5-7%" apply the unit or percent written once to both ends."""

    def borrow(this: _Amount, other: _Amount) -> _Amount | None:
        if this.is_percent != other.is_percent:
            plain = other if this.is_percent else this
            if plain.has_currency or plain.unit_key:
                return None  # "£5m-7%" mixes money and percent
            return _Amount(this.number, None, True, False)
        unit_key = this.unit_key or (None if this.is_percent else other.unit_key)
        return _Amount(this.number, unit_key, this.is_percent, this.has_currency)

    first, second = borrow(a, b), borrow(b, a)
    if first is None or second is None:
        return None
    return first, second


def _parse_range(original: str, cleaned: str, unit: Decimal) -> ParsedAmount | None:
    """Read "£5m-£7m", "£5m to £7m", "between £5m and £7m" as low and high; value stays None."""
    start = _RANGE_START.match(cleaned)
    if start is None:
        return None
    body = start.group("body")
    separator = _RANGE_SEP_BETWEEN if start.group("kw") else _RANGE_SEP
    for sep in separator.finditer(body):
        left, right = body[: sep.start()], body[sep.end() :]
        if not left.strip():
            continue
        a, b = _read_amount(left), _read_amount(right)
        if a is None or b is None:
            continue
        shared = _share_units(a, b)
        if shared is None:
            continue
        low, high = _pounds(shared[0], unit), _pounds(shared[1], unit)
        if low > high:
            return None
        return _disclosed(original, None, "range", shared[0].is_percent, low, high)
    return None


def _parse_labelled(original: str, cleaned: str, unit: Decimal) -> ParsedAmount | None:
    """Read "Low: 2,750.00, Mid: 2,820.00, High: 3,100.00": value is the mid (None if absent)."""
    values: dict[str, Decimal] = {}
    kinds: set[bool] = set()
    position = 0
    for match in _LABELLED_ITEM.finditer(cleaned):
        if not _LABELLED_GAP.fullmatch(cleaned, position, match.start()):
            return None
        label = _LABEL_KEYS[match.group("label").casefold()]
        amount = _read_amount(match.group("amount"))
        if amount is None or label in values:
            return None
        values[label] = _pounds(amount, unit)
        kinds.add(amount.is_percent)
        position = match.end()
    if not _LABELLED_GAP.fullmatch(cleaned, position) or not {"low", "high"} <= values.keys():
        return None
    low, mid, high = values["low"], values.get("mid"), values["high"]
    if low > high or (mid is not None and not low <= mid <= high) or len(kinds) != 1:
        return None
    return _disclosed(original, mid, "range", kinds.pop(), low, high)


def parse_amount(text: str | None, unit: Decimal = Decimal(1)) -> ParsedAmount:
    """Read a money cell; `unit` is the column's multiplier (see unit_from_header).

    A unit written in the cell wins over the column's, so "£24m" under "(£m)" stays £24m.
    Anything that is not a number is classified as a non-disclosure, or marked "unparsed" so it
    is reported rather than dropped or read as 0.
    """
    original = "" if text is None else text
    cleaned = _clean(original)
    if cleaned.casefold() in ("nil", "£nil"):  # "Nil" is a figure: nothing was paid
        return ParsedAmount(original, "disclosed", Decimal(0), None, None, "exact", False, None)
    if cleaned:
        for parser in (_parse_single, _parse_range, _parse_labelled):
            parsed = parser(original, cleaned, Decimal(unit))
            if parsed is not None:
                return parsed
    classification = classify_non_disclosure(text)
    if classification is None:
        return ParsedAmount(original, "unparsed", None, None, None, "exact", False, None)
    return ParsedAmount(
        original, classification.status, None, None, None, "exact", False, classification.exemption
    )


# --- formatting -----------------------------------------------------------------------------

_SHORT_UNITS = (  # (smallest magnitude shown with this suffix, divisor, suffix), largest first
    (Decimal(1_000_000_000), Decimal(1_000_000_000), "bn"),
    (Decimal(1_000_000), Decimal(1_000_000), "m"),
    (Decimal(100_000), Decimal(1_000), "k"),
)
_PENNY = Decimal("0.01")


def _to_decimal(value: Decimal | int | float) -> Decimal:
    """Convert via str for floats so 0.1 becomes 0.1, not its binary approximation."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _grouped(value: Decimal) -> str:
    """Comma-grouped, two decimals at most, with no trailing zeros after the point."""
    text = f"{value.quantize(_PENNY, rounding=ROUND_HALF_UP):,.2f}"
    return text.rstrip("0").rstrip(".")


def _full(magnitude: Decimal) -> str:
    """Whole pounds with commas, or pounds and pence when there are pence."""
    rounded = magnitude.quantize(_PENNY, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{rounded:,.0f}"
    return f"{rounded:,.2f}"


def _short(magnitude: Decimal) -> str:
    """Show "24m", "1.25bn", "500k"; below £100k the full figure reads better than "32.61k"."""
    for index, (threshold, divisor, suffix) in enumerate(_SHORT_UNITS):
        if magnitude < threshold:
            continue
        scaled = (magnitude / divisor).quantize(_PENNY, rounding=ROUND_HALF_UP)
        if scaled >= 1000 and index > 0:  # 999,999 would round to "1000k": say "1m"
            bigger_divisor, bigger_suffix = _SHORT_UNITS[index - 1][1:]
            return _grouped(magnitude / bigger_divisor) + bigger_suffix
        return _grouped(scaled) + suffix
    return _full(magnitude)


def format_gbp(value: Decimal | int | float | None, *, short: bool = True) -> str:
    """Display pounds as "£24m" (short) or "£24,000,000"; None is shown as "—", never "£0"."""
    if value is None:
        return "\u2014"
    number = _to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format a non-finite amount: {value!r}")
    body = _short(abs(number)) if short else _full(abs(number))
    negative = number < 0 and body.strip("0.,") != ""
    return f"{'-' if negative else ''}£{body}"

"""Tests for foi.money: every money form in the domain brief, exact Decimal values, no zeros."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from foi.exemptions import Exemption
from foi.money import UNIT_MULTIPLIERS, ParsedAmount, format_gbp, parse_amount, unit_from_header

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)


def _same_decimal(actual: Decimal | None, expected: str | None) -> bool:
    """Equal as numbers and really a Decimal (a float would pass == for many values)."""
    if expected is None:
        return actual is None
    return isinstance(actual, Decimal) and actual == Decimal(expected)


def test_unit_multipliers() -> None:
    assert UNIT_MULTIPLIERS == {"1": 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}


# --- unit_from_header -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "multiplier"),
    [
        ("Cost (£m)", 1_000_000),
        ("Cost (£M)", 1_000_000),
        ("Budget £000s", 1_000),
        ("Budget £000", 1_000),
        ("Budget £000's", 1_000),
        ("Value (£k)", 1_000),
        ("Whole life cost\n(£ million)", 1_000_000),
        ("Whole life cost (£ millions)", 1_000_000),
        ("Spend (£bn)", 1_000_000_000),
        ("Spend (£ billion)", 1_000_000_000),
        ("(£'000)", 1_000),
        ("Cost (£\u2019000)", 1_000),
        ("Cost (£ thousands)", 1_000),
        ("Cost GBP m", 1_000_000),
        ("Cost (millions)", 1_000_000),
        ("Cost (thousands)", 1_000),
        ("Spend, millions of pounds", 1_000_000),
        ("Amount", 1),
        ("Amount (£)", 1),
        ("Amount £", 1),
        ("Payments £ made in year", 1),  # "£ m..." is not "£m"
        ("Spend £ by month", 1),
        ("Change (%)", 1),
        ("", 1),
    ],
)
def test_unit_from_header(header: str, multiplier: int) -> None:
    result = unit_from_header(header)
    assert isinstance(result, Decimal)
    assert result == Decimal(multiplier)


# --- parse_amount: exact disclosed values ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£32,614", "32614"),
        ("£33.73", "33.73"),
        ("32614", "32614"),
        ("1,329,075.00", "1329075.00"),
        ("£24m", "24000000"),
        ("£24M", "24000000"),
        ("£1.2bn", "1200000000"),
        ("£1.2b", "1200000000"),
        ("£500k", "500000"),
        ("£500K", "500000"),
        ("£24 million", "24000000"),
        ("£24 mn", "24000000"),
        ("24 million pounds", "24000000"),
        ("£2.5 billion", "2500000000"),
        ("£5 thousand", "5000"),
        ("£.5m", "500000"),
        ("£ 32,614", "32614"),
        ("GBP 1,000", "1000"),
        ("GBP1,000", "1000"),
        ("1,000 GBP", "1000"),
        ("\u00a0£32,614\u00a0", "32614"),
        ("  £32,614  ", "32614"),
        ("32\u00a0614", "32614"),
        ("+£5m", "5000000"),
        ("43", "43"),
        ("0", "0"),
        ("£0", "0"),
        ("0.00", "0"),
    ],
)
def test_parse_exact(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert result.status == "disclosed"
    assert _same_decimal(result.value, expected)
    assert result.qualifier == "exact"
    assert result.low is None and result.high is None
    assert result.is_percent is False
    assert result.exemption is None
    assert result.text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-£3,000", "-3000"),
        ("£-3,000", "-3000"),
        ("(3,000)", "-3000"),
        ("(£3,000)", "-3000"),
        ("( £3,000 )", "-3000"),
        ("-3000", "-3000"),
        ("\u2212£3,000", "-3000"),  # Unicode minus sign
        ("-£2.5m", "-2500000"),
        ("(£1.2bn)", "-1200000000"),
    ],
)
def test_parse_negative(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert result.status == "disclosed"
    assert _same_decimal(result.value, expected)
    assert result.qualifier == "exact"


def test_parse_keeps_pence_exactly() -> None:
    result = parse_amount("1,329,075.07")
    assert result.value == Decimal("1329075.07")
    assert str(result.value) == "1329075.07"


def test_scaled_value_has_no_float_artefacts() -> None:
    assert str(parse_amount("£1.2bn").value) == "1200000000"
    assert str(parse_amount("£0.1m").value) == "100000"
    assert str(parse_amount("£1.2345m").value) == "1234500"
    assert str(parse_amount("£1.5k").value) == "1500"


# --- parse_amount: units from the column ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("24", MILLION, "24000000"),
        ("1.2", MILLION, "1200000"),
        ("£24", MILLION, "24000000"),
        ("2,750", THOUSAND, "2750000"),
        ("(3)", MILLION, "-3000000"),
        ("£24m", MILLION, "24000000"),  # the cell's own unit wins over the column's
        ("£500k", MILLION, "500000"),
        ("£1.2bn", THOUSAND, "1200000000"),
        ("24", Decimal(1), "24"),
    ],
)
def test_column_unit(text: str, unit: Decimal, expected: str) -> None:
    result = parse_amount(text, unit)
    assert result.status == "disclosed"
    assert _same_decimal(result.value, expected)


def test_column_unit_from_header_round_trip() -> None:
    unit = unit_from_header("Whole life cost\n(£ million)")
    assert parse_amount("83", unit).value == Decimal(83_000_000)


# --- parse_amount: qualifiers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("about £60m", "approximate", "60000000", None, None),
        ("About £60m", "approximate", "60000000", None, None),
        ("around £60m", "approximate", "60000000", None, None),
        ("approximately £60m", "approximate", "60000000", None, None),
        ("approx. £60m", "approximate", "60000000", None, None),
        ("c. £5m", "approximate", "5000000", None, None),
        ("c.£5m", "approximate", "5000000", None, None),
        ("c£5m", "approximate", "5000000", None, None),
        ("circa £5m", "approximate", "5000000", None, None),
        ("~£5m", "approximate", "5000000", None, None),
        ("~ £5m", "approximate", "5000000", None, None),
        ("estimated £5m", "approximate", "5000000", None, None),
        ("£5m approx", "approximate", "5000000", None, None),
        ("£5m (approx.)", "approximate", "5000000", None, None),
        ("£5m (est.)", "approximate", "5000000", None, None),
        ("more than £100m", "lower_bound", "100000000", "100000000", None),
        ("over £100m", "lower_bound", "100000000", "100000000", None),
        ("Over £100m", "lower_bound", "100000000", "100000000", None),
        ("at least £100m", "lower_bound", "100000000", "100000000", None),
        ("in excess of £100m", "lower_bound", "100000000", "100000000", None),
        ("> £100m", "lower_bound", "100000000", "100000000", None),
        ("£100m+", "lower_bound", "100000000", "100000000", None),
        ("£100m or more", "lower_bound", "100000000", "100000000", None),
        ("up to £25m", "upper_bound", "25000000", None, "25000000"),
        ("Up to £25m", "upper_bound", "25000000", None, "25000000"),
        ("less than £25m", "upper_bound", "25000000", None, "25000000"),
        ("under £25m", "upper_bound", "25000000", None, "25000000"),
        ("no more than £25m", "upper_bound", "25000000", None, "25000000"),
        ("< £25m", "upper_bound", "25000000", None, "25000000"),
        ("£25m or less", "upper_bound", "25000000", None, "25000000"),
    ],
)
def test_qualifiers(
    text: str, qualifier: str, value: str, low: str | None, high: str | None
) -> None:
    result = parse_amount(text)
    assert result.status == "disclosed"
    assert result.qualifier == qualifier
    assert _same_decimal(result.value, value)
    assert _same_decimal(result.low, low)
    assert _same_decimal(result.high, high)


def test_qualifier_with_column_unit() -> None:
    result = parse_amount("about 60", MILLION)
    assert result.qualifier == "approximate"
    assert result.value == Decimal(60_000_000)


def test_conflicting_qualifiers_are_unparsed() -> None:
    assert parse_amount("over £5m approx").status == "unparsed"


# --- parse_amount: percentages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "qualifier"),
    [
        ("-52%", "-52", "exact"),
        ("12.5%", "12.5", "exact"),
        ("+3%", "3", "exact"),
        ("52 %", "52", "exact"),
        ("(4%)", "-4", "exact"),
        ("about 5%", "5", "approximate"),
    ],
)
def test_percent(text: str, expected: str, qualifier: str) -> None:
    result = parse_amount(text)
    assert result.status == "disclosed"
    assert result.is_percent is True
    assert _same_decimal(result.value, expected)
    assert result.qualifier == qualifier


def test_percent_ignores_column_unit() -> None:
    result = parse_amount("-52%", MILLION)
    assert result.value == Decimal(-52)
    assert result.is_percent is True


# --- parse_amount: ranges -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "low", "mid", "high", "is_percent"),
    [
        ("Low: 2,750.00, Mid: 2,820.00, High: 3,100.00", 1, "2750", "2820", "3100", False),
        (
            "Low: 2,750.00, Mid: 2,820.00, High: 3,100.00",
            1000,
            "2750000",
            "2820000",
            "3100000",
            False,
        ),
        ("low 2750; mid 2820; high 3100", 1, "2750", "2820", "3100", False),
        ("Low: £1m, High: £2m", 1, "1000000", None, "2000000", False),
        ("High: 3, Low: 1", 1, "1", None, "3", False),
        ("Low: 1, Central: 2, High: 3", 1, "1", "2", "3", False),
        ("£5m-£7m", 1, "5000000", None, "7000000", False),
        ("£5m - £7m", 1, "5000000", None, "7000000", False),
        ("£5m\u2013£7m", 1, "5000000", None, "7000000", False),
        ("£5m to £7m", 1, "5000000", None, "7000000", False),
        ("£5-7m", 1, "5000000", None, "7000000", False),
        ("£500k-£1.2m", 1, "500000", None, "1200000", False),
        ("between £5m and £7m", 1, "5000000", None, "7000000", False),
        ("from £5m to £7m", 1, "5000000", None, "7000000", False),
        ("5-7", 1_000_000, "5000000", None, "7000000", False),
        ("5,000 - 7,000", 1, "5000", None, "7000", False),
        ("-£5m to -£3m", 1, "-5000000", None, "-3000000", False),
        ("5%-7%", 1, "5", None, "7", True),
        ("5-7%", 1_000_000, "5", None, "7", True),
    ],
)
def test_ranges(
    text: str, unit: int, low: str, mid: str | None, high: str, is_percent: bool
) -> None:
    result = parse_amount(text, Decimal(unit))
    assert result.status == "disclosed"
    assert result.qualifier == "range"
    assert _same_decimal(result.low, low)
    assert _same_decimal(result.value, mid)
    assert _same_decimal(result.high, high)
    assert result.is_percent is is_percent


# --- parse_amount: non-disclosure and unparsed ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "exemption"),
    [
        (
            "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)",
            "withheld",
            Exemption("FOIA 2000", ("43",), "stated", "commercial interests"),
        ),
        (
            "Section 43 - Commercial interests",
            "withheld",
            Exemption("FOIA 2000", ("43",), "stated", "commercial interests"),
        ),
        (
            "Exempt under Section 24 and 26",
            "withheld",
            Exemption("FOIA 2000", ("24", "26"), "stated", "national security; defence"),
        ),
        ("S43", "withheld", Exemption("FOIA 2000", ("43",), "stated", "commercial interests")),
        (
            "REDACTED PERSONAL DATA",
            "redacted",
            Exemption("FOIA 2000", ("40",), "inferred", "personal data"),
        ),
        ("REDACTED", "redacted", None),
        ("Withheld", "withheld", None),
        ("Early planning project (not yet passed its business case)", "not_yet_available", None),
        ("The project is not in a position to provide this information", "not_yet_available", None),
        ("n/a", "unknown", None),
        ("NA", "unknown", None),
        ("#N/A", "unknown", None),
        ("-", "unknown", None),
        ("\u2014", "unknown", None),
        ("", "unknown", None),
        ("  ", "unknown", None),
    ],
)
def test_non_disclosure_is_classified_never_zero(
    text: str, status: str, exemption: Exemption | None
) -> None:
    result = parse_amount(text, MILLION)
    assert result == ParsedAmount(text, status, None, None, None, "exact", False, exemption)


@pytest.mark.parametrize("text", ["Nil", "nil", " NIL ", "£nil"])
def test_nil_is_a_disclosed_zero(text: str) -> None:
    # "Nil" is the figure nought (Wakefield's Irrecoverable VAT), not a missing one.
    assert parse_amount(text) == ParsedAmount(
        text, "disclosed", Decimal(0), None, None, "exact", False, None
    )


def test_none_is_unknown() -> None:
    assert parse_amount(None) == ParsedAmount("", "unknown", None, None, None, "exact", False, None)


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "2017-11-01",
        "2017-18",  # a financial year, and 2017 > 18 as a range
        "£7m-£5m",  # low above high
        "1,32,9",
        "-(3,000)",
        "--3",
        "£5%",
        "£5m-7%",
        "(3,000",
        "3,000)",
        "£5m (inc VAT)",
        "1.2e6",
        "#####",
        "€5m",
        "Low: 3, High: 1",
        "Low: 1, Mid: 5, High: 3",
        "Low: 1, Low: 2, High: 3",
        "Mid: 2",
        "about £5m-£7m",
    ],
)
def test_unparsed(text: str) -> None:
    result = parse_amount(text)
    assert result == ParsedAmount(text, "unparsed", None, None, None, "exact", False, None)


def test_bare_43_is_a_number_but_section_43_is_not() -> None:
    assert parse_amount("43").value == Decimal(43)
    assert parse_amount("43").status == "disclosed"
    assert parse_amount("Section 43").status == "withheld"
    assert parse_amount("Section 43").value is None


def test_parsed_amount_is_frozen() -> None:
    result = parse_amount("£24m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.value = Decimal(0)  # type: ignore[misc]


# --- format_gbp -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal(24_000_000), "£24m"),
        (Decimal(83_000_000), "£83m"),
        (Decimal(1_200_000_000), "£1.2bn"),
        (Decimal(1_250_000_000), "£1.25bn"),
        (Decimal(500_000), "£500k"),
        (Decimal(65_000_000), "£65m"),
        (Decimal(18_000_000), "£18m"),
        (Decimal(107_000_000), "£107m"),
        (Decimal(2_500_000), "£2.5m"),
        (Decimal(1_234_567), "£1.23m"),
        (Decimal(100_000), "£100k"),
        (Decimal(999_999), "£1m"),  # not "£1000k"
        (Decimal(999_999_999), "£1bn"),
        (Decimal(32_614), "£32,614"),
        (Decimal(99_999), "£99,999"),
        (Decimal("33.73"), "£33.73"),
        (Decimal("33.7"), "£33.70"),
        (Decimal("24000000.0"), "£24m"),
        (Decimal(-3_000), "-£3,000"),
        (Decimal(-24_000_000), "-£24m"),
        (Decimal(0), "£0"),
        (Decimal("-0.001"), "£0"),
        (24_000_000, "£24m"),
        (24_000_000.0, "£24m"),
        (0.1, "£0.10"),
        (Decimal(3_000_000_000_000), "£3,000bn"),
        (None, "\u2014"),
    ],
)
def test_format_gbp_short(value: Decimal | int | float | None, expected: str) -> None:
    assert format_gbp(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal(24_000_000), "£24,000,000"),
        (Decimal(1_200_000_000), "£1,200,000,000"),
        (Decimal(32_614), "£32,614"),
        (Decimal("1329075.00"), "£1,329,075"),
        (Decimal("1329075.07"), "£1,329,075.07"),
        (Decimal(-3_000), "-£3,000"),
        (None, "\u2014"),
    ],
)
def test_format_gbp_full(value: Decimal | None, expected: str) -> None:
    assert format_gbp(value, short=False) == expected


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("nan")])
def test_format_gbp_rejects_non_finite(value: Decimal | float) -> None:
    with pytest.raises(ValueError):
        format_gbp(value)


@pytest.mark.parametrize("text", ["£24m", "£1.2bn", "£500k", "£32,614", "-£3,000", "£2.5m"])
def test_parse_then_format_round_trips(text: str) -> None:
    assert format_gbp(parse_amount(text).value) == text

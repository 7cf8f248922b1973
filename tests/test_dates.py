"""Dates as disclosure files write them, with their precision."""

import datetime as dt

import pytest

from foi.dates import parse_date


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2017-11-01", dt.date(2017, 11, 1), "day"),
        ("2017-11-01 00:00:00", dt.date(2017, 11, 1), "day"),
        ("2017-11-01T13:45:00", dt.date(2017, 11, 1), "day"),
        ("01/11/2017", dt.date(2017, 11, 1), "day"),  # UK order: day first
        ("1/11/17", dt.date(2017, 11, 1), "day"),
        ("13.02.2016", dt.date(2016, 2, 13), "day"),
        ("Nov-17", dt.date(2017, 11, 1), "month"),
        ("November 2016", dt.date(2016, 11, 1), "month"),
        ("sept 2015", dt.date(2015, 9, 1), "month"),
        ("24 March 2016", dt.date(2016, 3, 24), "day"),
        ("2016-03", dt.date(2016, 3, 1), "month"),
        ("2013", dt.date(2013, 1, 1), "year"),
        ("  2016-03-11 ", dt.date(2016, 3, 11), "day"),
    ],
)
def test_dates_are_read_with_their_precision(text, value, precision):
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.value, parsed.precision) == (value, precision)


@pytest.mark.parametrize(
    "text", [None, "", "  ", "n/a", "31/02/2017", "2017-13-01", "Smarch-17", "soon"]
)
def test_non_dates_are_none(text):
    assert parse_date(text) is None

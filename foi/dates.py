"""Read the dates disclosure files carry, keeping how precise each one is.

The same day reaches us as `2017-11-01`, `2017-11-01 00:00:00`, `01/11/2017`
(UK order: day first) or `Nov-17` (a month only). A month-only date is stored
as its first day with precision "month", so a timeline never pretends to know
the day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_UK = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_MONTH_YEAR = re.compile(r"([a-z]{3,9})[-\s/']*(\d{2}|\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[-\s]+([a-z]{3,9})[-\s,]+(\d{2}|\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")
#: A period written as year and month run together: 201711.
_YYYYMM = re.compile(r"((?:19|20)\d{2})(0[1-9]|1[0-2])")
#: A range of months, as quarterly files write them: "July 2010-September 2010".
_RANGE = re.compile(r"(.+?)\s*(?:-|\u2013|\u2014|\bto\b)\s*(.+)")


@dataclass(frozen=True)
class ParsedDate:
    """A date and how much of it the text gave: day, month or year."""

    value: dt.date
    precision: str


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _make(year: int, month: int, day: int, precision: str) -> ParsedDate | None:
    try:
        return ParsedDate(dt.date(year, month, day), precision)
    except ValueError:
        return None


def parse_date(text: str | None, *, day_first: bool = True) -> ParsedDate | None:
    """The date a cell holds, or None when it holds none (blank, n/a, or not a date).

    `day_first` reads 03/04/2020 as 3 April (UK order); a file settles it (foi.importing.classify).
    A month, a YYYYMM period or a range of months is dated to its first day, with precision
    "month", so nothing pretends to know the day.
    """
    if text is None:
        return None
    t = text.strip().lower()
    if not t:
        return None
    if m := _ISO.fullmatch(t):
        return _make(int(m[1]), int(m[2]), int(m[3]), "day")
    if m := _UK.fullmatch(t):
        day, month = (m[1], m[2]) if day_first else (m[2], m[1])
        return _make(_year(m[3]), int(month), int(day), "day")
    if m := _YYYYMM.fullmatch(t):
        return _make(int(m[1]), int(m[2]), 1, "month")
    if (m := _DAY_MONTH_YEAR.fullmatch(t)) and m[2] in _MONTHS:
        return _make(_year(m[3]), _MONTHS[m[2]], int(m[1]), "day")
    if (m := _MONTH_YEAR.fullmatch(t)) and m[1] in _MONTHS:
        return _make(_year(m[2]), _MONTHS[m[1]], 1, "month")
    if m := _YEAR_MONTH.fullmatch(t):
        return _make(int(m[1]), int(m[2]), 1, "month")
    if m := _YEAR.fullmatch(t):
        return _make(int(m[1]), 1, 1, "year")
    if (m := _RANGE.fullmatch(t)) and not _ISO.fullmatch(t):
        start, end = parse_date(m[1]), parse_date(m[2])
        if start and end and start.precision != "day" and start.value <= end.value:
            return ParsedDate(start.value, "period")
    return None

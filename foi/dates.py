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


def parse_date(text: str | None) -> ParsedDate | None:
    """The date a cell holds, or None when it holds none (blank, n/a, or not a date)."""
    if text is None:
        return None
    t = text.strip().lower()
    if not t:
        return None
    if m := _ISO.fullmatch(t):
        return _make(int(m[1]), int(m[2]), int(m[3]), "day")
    if m := _UK.fullmatch(t):
        return _make(_year(m[3]), int(m[2]), int(m[1]), "day")
    if (m := _DAY_MONTH_YEAR.fullmatch(t)) and m[2] in _MONTHS:
        return _make(_year(m[3]), _MONTHS[m[2]], int(m[1]), "day")
    if (m := _MONTH_YEAR.fullmatch(t)) and m[1] in _MONTHS:
        return _make(_year(m[2]), _MONTHS[m[1]], 1, "month")
    if m := _YEAR_MONTH.fullmatch(t):
        return _make(int(m[1]), int(m[2]), 1, "month")
    if m := _YEAR.fullmatch(t):
        return _make(int(m[1]), 1, 1, "year")
    return None

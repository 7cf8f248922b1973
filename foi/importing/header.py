"""Find a table's header in the rows of a file, and make its labels readable.

Exports put titles, notes or even the query that made the file above the table, add a row of
database names above the readable one, or split a heading over two rows ("Amount" over Gross,
VAT and Net). These functions look only at rows of text: where the header is, which row
under it is a second header row, and what each column is called, encoding debris repaired.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import islice

from foi.money import parse_amount

HEADER_SCAN = 60  # rows searched for the header


HEADER_LOOKAHEAD = 10  # non-empty rows after a header candidate that may confirm it


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


_DATE_TEXT = re.compile(
    r"\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?[ -])?{_MONTH}\.?[ -]'?(?:\d{{2}}|\d{{4}})",
    re.IGNORECASE,
)


#: Values a spreadsheet writes into a cell when a formula failed: filler, not data.
SPREADSHEET_ERRORS = frozenset(
    {"#n/a", "#ref!", "#value!", "#div/0!", "#name?", "#num!", "#null!", "n/a#"}
)


def is_blank(cell: str | None) -> bool:
    """Empty or only whitespace: such a cell carries nothing, so rows of them are not data."""
    return cell is None or not cell.strip()


def count_filled(cells: Sequence[str | None]) -> int:
    """Number of non-blank cells, the shape signal used to find the header."""
    return sum(1 for cell in cells if not is_blank(cell))


def _plural(count: int, word: str) -> str:
    """ "1 row", "3 rows": messages are read by people."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def is_filler(cell: str | None) -> bool:
    """Empty, or a spreadsheet error such as #N/A: a cell that records nothing."""
    return is_blank(cell) or cell.strip().casefold() in SPREADSHEET_ERRORS


def looks_like_date(text: str | None) -> bool:
    """A date as disclosure files write them: 2017-11-01, 01/11/2017, Nov-17, 1 Nov 2017."""
    if text is None:
        return False
    return _DATE_TEXT.fullmatch(text.strip()) is not None


def looks_like_value(cell: str) -> bool:
    """A number, money, percentage or date: what fills data rows, rarely a header."""
    return looks_like_date(cell) or parse_amount(cell).status == "disclosed"


def _mostly_text(cells: Sequence[str | None]) -> bool:
    """More than half the non-blank cells are words rather than numbers, money or dates."""
    values = [cell for cell in cells if not is_blank(cell)]
    words = sum(1 for cell in values if not looks_like_value(cell))
    return words * 2 > len(values)


def _confirmed(rows: Sequence[Sequence[str | None]], index: int, count: int) -> bool:
    """A header is followed by rows of a similar shape: at least half as many cells filled."""
    need = max(2, math.ceil(count / 2))
    following = (row for row in rows[index + 1 :] if count_filled(row))
    return any(count_filled(row) >= need for row in islice(following, HEADER_LOOKAHEAD))


def _values(cells: Sequence[str | None]) -> int:
    """Cells that hold a number, money, percentage or date: what fills data rows."""
    return sum(1 for cell in cells if not is_blank(cell) and looks_like_value(cell))


def _header_like(cells: Sequence[str | None], widest: int) -> bool:
    """Wide, mostly words, and (almost) no values: the shape of a row of column names."""
    count = count_filled(cells)
    if count < 2 or count < 0.6 * widest:
        return False
    return _mostly_text(cells) and _values(cells) * 5 <= count


def _data_like(cells: Sequence[str | None]) -> bool:
    """At least two cells and at least one value: the shape of a record."""
    return count_filled(cells) >= 2 and _values(cells) >= 1


def _next_filled(rows: Sequence[Sequence[str | None]], index: int) -> int | None:
    """Index of the next row after `index` with anything in it."""
    for later in range(index + 1, len(rows)):
        if count_filled(rows[later]):
            return later
    return None


def detect_header(rows: Sequence[Sequence[str | None]], max_scan: int) -> int | None:
    """The header: the last row shaped like column names before the records begin.

    Exports often put a title, notes or even the query that made the file above the table,
    and some add a row of database column names right above the readable one: of several
    header-shaped rows in a run, the one nearest the data is the header.
    """
    window = rows[:max_scan]
    widest = max((count_filled(row) for row in window), default=0)
    for index, row in enumerate(window):
        if not _header_like(row, widest) or not _confirmed(rows, index, count_filled(row)):
            continue
        chosen = index
        while (after := _next_filled(rows, chosen)) is not None and after < max_scan:
            if (
                _header_like(rows[after], widest)
                and not _data_like(rows[after])
                and not _like_rows_below(rows, after)
                and any(_data_like(r) for r in rows[after + 1 : after + 1 + HEADER_LOOKAHEAD])
            ):
                chosen = after
                continue
            break
        return chosen
    return None


def _shape(cell: str) -> str:
    """A cell with its numbers blotted out: "Scheme 12" and "Scheme 3" have one shape."""
    return re.sub(r"\d+", "9", cell.strip().casefold())


def _like_rows_below(rows: Sequence[Sequence[str | None]], index: int) -> bool:
    """At least half the row's cells have the shape of a cell below them: a record, not names."""
    row = rows[index]
    below = [r for r in rows[index + 1 : index + 1 + HEADER_LOOKAHEAD] if count_filled(r)]
    filled = [(i, _shape(c)) for i, c in enumerate(row) if not is_blank(c)]
    alike = sum(
        1
        for i, shape in filled
        if any(i < len(r) and not is_blank(r[i]) and _shape(r[i]) == shape for r in below)
    )
    return alike * 2 >= len(filled)


def sub_header(
    rows: Sequence[Sequence[str | None]], index: int
) -> tuple[int, tuple[str, ...]] | None:
    """A second header row under the header, as (its index, merged labels), else None.

    Spreadsheets merge a heading over several columns ("Amount" over Gross, VAT and Net) and
    put the sub-headings on the next row, which has words only where the columns split. Each
    sub-heading takes the heading above it, or the nearest one to its left that spans it.
    """
    after = _next_filled(rows, index)
    if after is None:
        return None
    top, below = list(rows[index]), list(rows[after])
    if (
        _values(below)
        or count_filled(below) < 2
        or count_filled(below) * 2 > max(count_filled(top), 1) + 1
    ):
        return None
    if not any(
        not is_blank(cell) and (i >= len(top) or is_blank(top[i])) for i, cell in enumerate(below)
    ):
        return None  # nothing under a blank heading: a note row, not sub-headings
    following = _next_filled(rows, after)
    if following is None or not _data_like(rows[following]):
        return None
    width = max(len(top), len(below))
    labels: list[str] = []
    spanning = ""
    for i in range(width):
        upper = clean_label(top[i]) if i < len(top) and not is_blank(top[i]) else None
        lower = clean_label(below[i]) if i < len(below) and not is_blank(below[i]) else None
        if upper is not None:
            spanning = upper if lower is not None else ""
            labels.append(f"{upper} ({lower})" if lower else upper)
        elif lower is None:
            spanning = ""
            labels.append("")
        else:
            labels.append(f"{spanning} ({lower})" if spanning else lower)
    return after, tuple(labels)


def find_header_row(rows: list[list[str | None]], max_scan: int = HEADER_SCAN) -> int:
    """0-based index of the header: the first row that is wide, wordy and followed by data.

    Titles and notes above a table have one or two cells; a header has about as many as the
    widest row, mostly words, and rows of similar width below it. When no row fits, the first
    widest row in the window is used (read_table warns about that).
    """
    found = detect_header(rows, max_scan)
    if found is not None:
        return found
    counts = [count_filled(row) for row in rows[:max_scan]]
    return counts.index(max(counts)) if counts else 0


def clean_label(label: str) -> str:
    """Fold line breaks and runs of whitespace (incl. non-breaking) into one space."""
    return re.sub(r"\s+", " ", label).strip()


def unique_labels(raw: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """Cleaned labels, blanks named column_N and duplicates suffixed " (2)", with warnings.

    Duplicates are compared ignoring case, because column names in DuckDB ignore case too.
    """
    labels: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    for position, text in enumerate(raw, start=1):
        label = clean_label(text)
        if not label:
            label = f"column_{position}"
            notes.append(f"the header cell of column {position} is empty; named it '{label}'")
        unique, suffix = label, 2
        while unique.casefold() in seen:
            unique, suffix = f"{label} ({suffix})", suffix + 1
        if unique != label:
            notes.append(
                f"header '{label}' appears more than once; column {position} is named '{unique}'"
            )
        seen.add(unique.casefold())
        labels.append(unique)
    return tuple(labels), notes


#: A UTF-8 byte-order mark that was decoded as Windows-1252 and encoded again as UTF-8.
DOUBLE_BOM = "\u00ef\u00bb\u00bf"


#: C1 control characters stand for the Windows-1252 character of the same byte, except
#: U+009C, which files write where a pound sign was lost in conversion.
_C1 = re.compile("[\u0080-\u009f]")


_MOJIBAKE = re.compile("[\u00c2\u00c3\u00e2][\u0080-\u00bf\u20ac\u201a-\u203a\u2122]")


def _c1_char(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\u009c":
        return "\u00a3"
    try:
        return bytes([ord(char)]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


def repair_text(text: str) -> str:
    """Undo the usual encoding debris in a label: Â£ for £, C1 controls for 1252 characters."""
    fixed = text.replace(DOUBLE_BOM, "").replace("\ufeff", "")
    if _MOJIBAKE.search(fixed):
        try:
            fixed = fixed.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            fixed = fixed.replace("\u00c2\u00a3", "\u00a3")
    return _C1.sub(_c1_char, fixed)


def repair_labels(raw: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """Header labels with encoding debris repaired, and a note for each one changed."""
    out: list[str] = []
    notes: list[str] = []
    for position, label in enumerate(raw, start=1):
        fixed = repair_text(label)
        if fixed != label:
            shown = label.encode("unicode_escape").decode("ascii") if _C1.search(label) else label
            notes.append(
                f"header of column {position} repaired from '{clean_label(shown)}' to "
                f"'{clean_label(fixed)}' (mis-encoded characters)"
            )
        out.append(fixed)
    return tuple(out), notes

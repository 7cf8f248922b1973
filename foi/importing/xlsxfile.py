"""Read one sheet of an XLSX workbook as Lines of text, exactly as Excel shows the cells.

Workbooks hold formulas, dates and floats; a cell must come out as the text the researcher
sees (a number's exact digits, a date in ISO so it cannot be misread), a formula as its saved
result and never evaluated, and a formula with no saved result said so rather than read as
a silent blank. Workbooks often open with a cover sheet, so the first sheet with a table is
read unless one is named.
"""

from __future__ import annotations

import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import chain
from pathlib import Path
from xml.etree.ElementTree import ParseError

from foi.importing.header import _plural, count_filled
from foi.importing.lines import Limits, Line, ReadError, Row, limited, trim
from foi.importing.table import Located, locate


def _float_text(value: float) -> str:
    """A float cell as Excel shows it: at most 15 significant digits, no exponent, no ".0"."""
    if not math.isfinite(value):
        return str(value)
    number = Decimal(format(value, ".15g"))
    if number == 0:
        return "0"
    return format(number, "f")


def _time_text(value: datetime | time) -> str:
    """Clock time to the second, or to the millisecond when Excel stored one."""
    spec = "milliseconds" if value.microsecond else "seconds"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec=spec)
    return value.isoformat(timespec=spec)


def cell_text(value: object) -> str | None:
    """An XLSX cell value as text exactly as written; None for an empty cell.

    Numbers keep their digits (32614 -> "32614", 1329075.0 -> "1329075"), dates are ISO so
    they cannot be misread day-first or month-first, booleans are Excel's TRUE and FALSE.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return _time_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return _time_text(value)
    if isinstance(value, timedelta):
        return str(value)
    text = str(value)
    return text if text != "" else None


def _xlsx_error(file: str, exc: BaseException) -> ReadError:
    """One message for every way openpyxl can fail on a damaged or non-XLSX file."""
    while exc.__cause__ is not None:  # openpyxl wraps the telling error in a generic one
        exc = exc.__cause__
    detail = re.sub(r"\s+", " ", str(exc)).strip() or type(exc).__name__
    return ReadError(file, f"is not a readable XLSX workbook: {detail}")


def _xlsx_failures() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "this workbook is damaged", not a bug in this module."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        EOFError,
        OSError,
        ParseError,
        InvalidFileException,
    )


#: What a workbook may unpack to, in all, before openpyxl is given it.
MAX_UNPACKED_BYTES = 500_000_000
#: A part larger than BOMB_PART_BYTES that unpacks to more than this many times its packed
#: size is a zip bomb (4.2 MB of shared strings unpacking to 1.08 GB is 257 times); real
#: sheets' XML packs 5 to 30 times.
MAX_RATIO = 100
BOMB_PART_BYTES = 20_000_000


def _size(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def check_unpacked(path: Path, file: str) -> None:
    """Refuse a workbook that would unpack too large, from its zip directory alone.

    Read before openpyxl parses a byte: the directory gives every part's packed and
    unpacked size, so a 4 MB file that unpacks to a gigabyte is refused in milliseconds,
    with a sentence, instead of taking the server's memory for a minute.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _xlsx_error(file, exc) from None
    total = sum(p.file_size for p in parts)
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > BOMB_PART_BYTES and ratio > MAX_RATIO:
            raise ReadError(
                file,
                f"is a workbook whose part {part.filename} unpacks to {_size(part.file_size)}, "
                f"{ratio:,.0f} times its packed size (more than {MAX_RATIO} times is not a "
                "spreadsheet but a zip bomb); it was not opened",
            )
    if total > MAX_UNPACKED_BYTES:
        raise ReadError(
            file,
            f"is a workbook that unpacks to {_size(total)}; the limit is "
            f"{_size(MAX_UNPACKED_BYTES)}. Save the sheet as CSV, which is read as it streams",
        )


def _open_workbook(path: Path, file: str):
    """Open read-only with cached formula results, so no formula is ever evaluated or shown."""
    import openpyxl

    check_unpacked(path, file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Data Validation extension is not supported"
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _xlsx_failures() as exc:
        raise _xlsx_error(file, exc) from None


def _check_declared_size(ws, file: str, limits: Limits) -> None:
    """Refuse a sheet whose declared size is over the limits before reading any of it."""
    rows, columns = ws.max_row, ws.max_column
    if columns is not None and columns > limits.max_columns:
        raise ReadError(
            file,
            f"sheet '{ws.title}' has {columns:,} columns, more than the limit of "
            f"{limits.max_columns:,}",
        )
    if rows is not None and columns is not None and rows * columns > limits.max_cells:
        raise ReadError(
            file,
            f"sheet '{ws.title}' has {rows:,} rows x {columns:,} columns, more than the limit "
            f"of {limits.max_cells:,} cells",
        )


def _sheet_parser(ws, uncached: list[str]):
    """openpyxl's own streaming parser, also noting formulas that have no saved result.

    We parse the sheet ourselves (rather than ws.iter_rows) because read-only iteration trusts the
    declared dimensions and silently drops cells outside them, and because a formula without a
    cached value would otherwise read as an empty cell with no trace.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            has_formula = element.find(FORMULA_TAG) is not None
            if cell["value"] is None and has_formula and element.get("t") != "str":
                uncached.append(element.get("r") or f"R{cell['row']}C{cell['column']}")
            return cell

    wb = ws.parent
    return _Parser(
        ws._get_source(),
        ws._shared_strings,
        data_only=True,
        epoch=wb.epoch,
        date_formats=wb._date_formats,
        timedelta_formats=wb._timedelta_formats,
    )


def _next_row(rows: Iterator, file: str, notes: list[str]) -> tuple[int, list[dict]] | None:
    """The parser's next row; its warnings about cells (a date out of range) become notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return next(rows)
        except StopIteration:
            return None
        except _xlsx_failures() as exc:
            raise _xlsx_error(file, exc) from None
        finally:
            notes.extend(str(w.message) for w in caught if str(w.message).startswith("Cell "))


def _row_values(cells: list[dict]) -> Row:
    """Place parsed cells by their column, leaving None where the file has no cell."""
    row: Row = []
    for cell in cells:
        index = cell["column"] - 1
        if index >= len(row):
            row.extend([None] * (index + 1 - len(row)))
        row[index] = cell_text(cell["value"])
    return trim(row)


def _xlsx_lines(ws, file: str, uncached: list[str], notes: list[str]) -> Iterator[Line]:
    """Every row of a sheet from row 1, gaps filled with empty rows so numbers stay true."""
    try:
        parser = _sheet_parser(ws, uncached)
    except _xlsx_failures() as exc:
        raise _xlsx_error(file, exc) from None
    rows = parser.parse()
    expected = 1
    try:
        while (parsed := _next_row(rows, file, notes)) is not None:
            number, cells = parsed
            for missing in range(expected, number):
                yield Line(missing, [], 0)
            expected = max(expected, number + 1)
            values = _row_values(cells)
            yield Line(number, values, len(values))
    finally:
        parser.source.close()


def _table_lines(lines: Iterator[Line]) -> tuple[list[Line], bool]:
    """Read a sheet until it shows a table (two rows with two or more cells filled).

    Returns the rows read so far and whether a table was seen; without one, the whole sheet has
    been read (cover and notes sheets are short).
    """
    seen: list[Line] = []
    wide = 0
    for line in lines:
        seen.append(line)
        wide += count_filled(line.cells) >= 2
        if wide >= 2:
            return seen, True
    return seen, False


def _pick_sheet(
    wb, file: str, sheet: str | None, limits: Limits, uncached: list[str], notes: list[str]
) -> tuple[str, Iterator[Line], list[str]]:
    """The named sheet, else the first holding a table, else the first with anything in it.

    Workbooks often open with a cover or notes sheet; the table is on a later one. Returns the
    sheet's title, its rows and a note saying which sheet was chosen when there was a choice.
    """
    sheets = list(wb.worksheets)
    if sheet is not None:
        found = [ws for ws in sheets if ws.title == sheet]
        if not found:
            names = ", ".join(f"'{ws.title}'" for ws in sheets)
            raise ReadError(file, f"has no sheet named '{sheet}'; its sheets are: {names}")
        _check_declared_size(found[0], file, limits)
        lines = limited(_xlsx_lines(found[0], file, uncached, notes), file, limits)
        return found[0].title, lines, []
    fallback: tuple[str, list[Line], list[str], list[str]] | None = None
    for ws in sheets:
        _check_declared_size(ws, file, limits)
        lines = limited(_xlsx_lines(ws, file, uncached, notes), file, limits)
        seen, is_table = _table_lines(lines)
        if is_table:
            return ws.title, chain(seen, lines), _chosen_note(ws.title, sheets, "with a table")
        if fallback is None and any(line.cells for line in seen):
            fallback = (ws.title, seen, list(uncached), list(notes))
        uncached.clear()
        notes.clear()
    if fallback is None:
        raise ReadError(file, "is empty (no sheet has any data)")
    title, seen, fallback_uncached, fallback_notes = fallback
    uncached.extend(fallback_uncached)
    notes.extend(fallback_notes)
    return title, iter(seen), _chosen_note(title, sheets, "with any data")


def _chosen_note(title: str, sheets: Sequence, why: str) -> list[str]:
    """Tell the researcher which sheet was read when the workbook has more than one."""
    others = [f"'{ws.title}'" for ws in sheets if ws.title != title]
    if not others:
        return []
    return [f"read sheet '{title}', the first {why}; the workbook also has {', '.join(others)}"]


def _uncached_note(uncached: Sequence[str]) -> str:
    """Warn that formula cells read as empty because the workbook saved no result for them."""
    shown = ", ".join(uncached[:10]) + (", ..." if len(uncached) > 10 else "")
    return (
        f"{_plural(len(uncached), 'formula cell')} had no saved result and read as empty "
        f"({shown}); open and save the workbook in Excel to store the results"
    )


@contextmanager
def xlsx_located(
    path: Path, file: str, sheet: str | None, header_row: int | None, limits: Limits
) -> Iterator[Located]:
    """Open a workbook, locate the table on its sheet, and close it when reading is done."""
    if not path.is_file():
        raise ReadError(file, "cannot be read: no such file")
    wb = _open_workbook(path, file)
    uncached: list[str] = []
    cell_notes: list[str] = []
    try:
        title, lines, chosen = _pick_sheet(wb, file, sheet, limits, uncached, cell_notes)
        located = locate(
            file, title, None, lines, header_row=header_row, ragged=False, notes=chosen
        )
        yield located
    finally:
        wb.close()
    located.notes.extend(cell_notes)
    if uncached:
        located.notes.append(_uncached_note(uncached))

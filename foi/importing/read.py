"""Read a researcher's CSV or XLSX disclosure file into a header and rows of text, honestly.

Disclosure files are made by hand: titles and notes sit above the header, header cells carry
line breaks and long explanations, CSVs arrive in UTF-8, UTF-8 with a byte-order mark or
Windows-1252, and workbooks hold formulas. This module reads such a file without interpreting
it: every cell comes out as the text the researcher would see (numbers are never coerced, an
XLSX number is its exact digits), every data row keeps its row number in the file so messages
can point at it, and anything we cannot read faithfully is a ReadError or a warning, never a
silent guess.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from xml.etree.ElementTree import ParseError

from foi.importing.header import (
    DOUBLE_BOM,
    HEADER_LOOKAHEAD,
    HEADER_SCAN,
    _plural,
    count_filled,
    detect_header,
    find_header_row,
    is_blank,
    is_filler,
    repair_labels,
    sub_header,
    unique_labels,
)

CSV_SUFFIXES = (".csv", ".tsv", ".txt")


XLSX_SUFFIXES = (".xlsx", ".xlsm")


DELIMITERS = ",;\t|"


SNIFF_BYTES = 8 * 1024  # how much of a file the binary checks look at


SNIFF_CHARS = 64 * 1024  # how much text csv.Sniffer sees


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive, such as an XLSX workbook"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Excel .xls or other Office document"),
    (b"\x1f\x8b", "a gzip archive"),
)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


_UTF8_BOM = b"\xef\xbb\xbf"


# Control bytes other than tab, line feed and carriage return.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0D} | {0x7F}


# A lead byte followed by UTF-8 continuation bytes: in a file that is not valid UTF-8 this means
# two encodings were mixed ("£" would read as "Â£").
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


_UNSUPPORTED = {
    ".xls": "is a legacy Excel .xls workbook; save it as .xlsx or CSV UTF-8",
    ".ods": "is an OpenDocument spreadsheet; save it as .xlsx or CSV UTF-8",
}


Row = list[str | None]


class ReadError(Exception):
    """A file that cannot be read faithfully, with where the problem is for the researcher."""

    def __init__(
        self, file: str, problem: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}"


@dataclass(frozen=True)
class Sheet:
    """One table as written: cleaned header labels, text rows and their row numbers."""

    file: str
    sheet: str | None
    encoding: str | None
    header_row: int
    header: tuple[str, ...]
    raw_header: tuple[str, ...]
    rows: list[tuple[str | None, ...]]
    row_numbers: list[int]
    warnings: list[str]


@dataclass(frozen=True)
class Line:
    """One row of the file: its 1-based number, cells (trailing blanks trimmed), cells written."""

    number: int
    cells: Row
    written: int


@dataclass(frozen=True)
class _Limits:
    """Size limits that keep a malformed or hostile file from exhausting memory."""

    max_columns: int
    max_cells: int


def _trim(cells: Iterable[str | None]) -> Row:
    """Drop trailing blank cells so row width means "up to the last thing written"."""
    out = list(cells)
    while out and is_blank(out[-1]):
        out.pop()
    return out


def _binary_kind(head: bytes) -> str | None:
    """Say what a file looks like when it is clearly not text, so the message can name it."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > 0.05:
        return f"binary data ({controls / len(head):.0%} control characters)"
    return None


def _line_of(data: bytes, offset: int) -> int:
    """1-based text line holding a byte offset, for pointing at a bad byte."""
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes, *, file: str = "<data>") -> str:
    """Name the encoding of CSV bytes: "utf-8-sig", "utf-8" or "cp1252"; never a guess.

    Windows-1252 is accepted only when the bytes are not UTF-8 and decode cleanly as 1252 (the
    pound sign is 0xA3 there); anything else, and anything that looks binary, is a ReadError.
    """
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        raise ReadError(file, "is UTF-16 text, which is not supported; save it as CSV UTF-8")
    kind = _binary_kind(head)
    if kind is not None:
        raise ReadError(file, f"is not a text CSV (looks like {kind})")
    if data.startswith(_UTF8_BOM):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start)
            raise ReadError(
                file,
                f"starts with a UTF-8 byte-order mark but byte {exc.start} on line "
                f"{line} is not UTF-8",
            ) from None
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        return _check_cp1252(data, utf8_error, file)
    return "utf-8"


def _check_cp1252(data: bytes, utf8_error: UnicodeDecodeError, file: str) -> str:
    """Accept Windows-1252 only when every byte is defined there and no UTF-8 is mixed in."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise ReadError(
            file,
            f"byte 0x{byte:02X} on line {_line_of(data, exc.start)} is undefined in "
            "Windows-1252: the encoding is not UTF-8 or Windows-1252; save it as CSV UTF-8",
        ) from None
    mixed = _UTF8_SEQUENCE.search(data)
    if mixed is not None:
        raise ReadError(
            file,
            f"mixes encodings: line {_line_of(data, mixed.start())} is written in UTF-8 but "
            f"byte 0x{data[utf8_error.start]:02X} on line {_line_of(data, utf8_error.start)} "
            "is not; save it as CSV UTF-8",
        )
    return "cp1252"


def _layout(sample: str, delimiter: str) -> tuple[int, int]:
    """(rows at the most common width, that width) when the sample is split on `delimiter`."""
    widths: dict[int, int] = {}
    try:
        for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if any(cell.strip() for cell in record):
                widths[len(record)] = widths.get(len(record), 0) + 1
    except csv.Error:
        return 0, 0
    if not widths:
        return 0, 0
    width = max(widths, key=lambda w: (widths[w], w))
    return widths[width], width


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter with csv.Sniffer, checked against how consistently each splits rows.

    Sniffer is easily thrown by titles above the header or quoted money like "1,329,075.00";
    when its choice splits nothing (one column), the candidate that gives the most rows of one
    shared width wins, and "," when none splits anything.
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and _layout(sample, sniffed)[1] >= 2:
        return sniffed
    scored = [(_layout(sample, d), -i, d) for i, d in enumerate(DELIMITERS)]
    (rows, width), _, best = max(scored)
    return best if width >= 2 and rows > 0 else ","


def _csv_lines(text: str, delimiter: str, file: str) -> Iterator[Line]:
    """Records as they are in the file; row numbers count records, as a spreadsheet shows them.

    strict=True so an unclosed quote is an error instead of swallowing the rest of the file.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(
                file, f"is not valid CSV near line {reader.line_num}: {exc}", row=number + 1
            ) from None
        number += 1
        yield Line(number, _trim(cell if cell != "" else None for cell in record), len(record))


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


def _open_workbook(path: Path, file: str):
    """Open read-only with cached formula results, so no formula is ever evaluated or shown."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Data Validation extension is not supported"
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _xlsx_failures() as exc:
        raise _xlsx_error(file, exc) from None


def _check_declared_size(ws, file: str, limits: _Limits) -> None:
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
    return _trim(row)


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
    wb, file: str, sheet: str | None, limits: _Limits, uncached: list[str], notes: list[str]
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
        lines = _limited(_xlsx_lines(found[0], file, uncached, notes), file, limits)
        return found[0].title, lines, []
    fallback: tuple[str, list[Line], list[str], list[str]] | None = None
    for ws in sheets:
        _check_declared_size(ws, file, limits)
        lines = _limited(_xlsx_lines(ws, file, uncached, notes), file, limits)
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


def _limited(lines: Iterator[Line], file: str, limits: _Limits) -> Iterator[Line]:
    """Stop a file that is wider or bigger than allowed as soon as the excess is seen."""
    cells = 0
    for line in lines:
        if len(line.cells) > limits.max_columns:
            raise ReadError(
                file,
                f"has {len(line.cells):,} columns, more than the limit of {limits.max_columns:,}",
                row=line.number,
            )
        cells += len(line.cells)
        if cells > limits.max_cells:
            raise ReadError(
                file, f"has more than the limit of {limits.max_cells:,} cells", row=line.number
            )
        yield line


def _header_index(head: list[Line], header_row: int | None, file: str, notes: list[str]) -> int:
    """Where the header is in the first rows: the researcher's choice, else detected."""
    if header_row is not None:
        if header_row < 1 or header_row > len(head):
            raise ReadError(file, f"has no row {header_row} to use as the header")
        if not head[header_row - 1].cells:
            raise ReadError(file, "is empty, so it cannot be the header", row=header_row)
        return header_row - 1
    grid = [line.cells for line in head]
    found = detect_header(grid, HEADER_SCAN)
    if found is None:
        found = find_header_row(grid, HEADER_SCAN)
        notes.append(
            f"no row looks like a header; used row {head[found].number}, the first widest "
            "row (pass header_row to choose another)"
        )
    return found


def _extra_cells(line: Line, width: int) -> list[str]:
    """Cells written beyond the header's last column that hold something other than filler."""
    return [cell for cell in line.cells[width:] if not is_filler(cell)]


def check_ragged(line: Line, width: int, file: str) -> bool:
    """A row longer than the header is misaligned unless its extra cells are only filler.

    Returns whether the row had (filler) cells beyond the header, so they can be reported.
    """
    if len(line.cells) <= width:
        return False
    if _extra_cells(line, width):
        raise ReadError(file, f"has {line.written} cells, header has {width}", row=line.number)
    return True


def ragged_note(count: int, width: int) -> str:
    """Say that rows ran past the header with nothing but filler, which was ignored."""
    return (
        f"{_plural(count, 'row')} {'has' if count == 1 else 'have'} cells beyond the header's "
        f"{width} columns holding only spreadsheet errors such as #N/A or nothing; those cells "
        "are ignored"
    )


def _strip_empty_columns(header: Row, data: list[Line], width: int) -> int:
    """Drop trailing columns with no header and no data (a trailing delimiter, a stray format)."""
    while width > 0:
        column = width - 1
        header_blank = column >= len(header) or is_blank(header[column])
        if not header_blank or any(
            column < len(line.cells) and not is_blank(line.cells[column]) for line in data
        ):
            break
        width -= 1
    return width


def _pad(cells: Row, width: int) -> tuple[str | None, ...]:
    """Exactly `width` cells: short rows are padded with None (an empty cell)."""
    return tuple(cells[:width]) + (None,) * (width - min(len(cells), width))


def _skip_blank(lines: Iterator[Line]) -> Iterator[Line]:
    """Start at the first row with anything in it, so the header scan is not spent on blanks."""
    for line in lines:
        if line.cells:
            yield line
            yield from lines
            return


def _above_note(head: list[Line], index: int) -> list[str]:
    """Say which rows above the header were left out, so titles and notes are not lost unseen."""
    above = [str(line.number) for line in head[:index] if line.cells]
    if not above:
        return []
    rows = "row" if len(above) == 1 else "rows"
    shown = ", ".join(above) if len(above) <= 12 else f"{above[0]}-{above[-1]}"
    return [f"ignored {rows} {shown} above the header (titles or notes)"]


@dataclass
class Located:
    """A table found in a file: its header, and every record below it still to be read.

    The preview (read_table) and the import both read a file through this one object, so
    the rows a researcher is shown are the rows that are loaded.
    """

    file: str
    sheet: str | None
    encoding: str | None
    header_row: int  # the (last) header row's number in the file
    header: tuple[str, ...]
    raw_header: tuple[str, ...]
    width: int
    notes: list[str]
    lines: Iterator[Line]  # every record after the header, blank ones included
    ends_cleanly: bool = True  # False: a CSV whose last record has no closing line break


def _locate(
    file: str,
    sheet: str | None,
    encoding: str | None,
    lines: Iterator[Line],
    *,
    header_row: int | None,
    ragged: bool,
    notes: list[str],
    ends_cleanly: bool = True,
) -> Located:
    """Find the header (and a second header row under it) and hand on the rows below."""
    if header_row is None:
        lines = _skip_blank(lines)
        head = list(islice(lines, HEADER_SCAN + 2 * HEADER_LOOKAHEAD))
        if not head:
            raise ReadError(file, f"sheet '{sheet}' is empty" if sheet else "is empty")
    else:
        head = list(islice(lines, max(header_row, 1) + HEADER_LOOKAHEAD))
    index = _header_index(head, header_row, file, notes)
    header = head[index]
    notes.extend(_above_note(head, index))
    cells: Row = list(header.cells)
    width = header.written if ragged else len(header.cells)
    merged = sub_header([line.cells for line in head], index) if header_row is None else None
    if merged is not None:
        below, labels = merged
        notes.append(
            f"the header spans rows {header.number} and {head[below].number}: headings over "
            "several columns were joined to the sub-headings under them"
        )
        cells = list(labels)
        width = max(width, len(labels), head[below].written if ragged else 0)
        header = head[below]
        index = below
    if not ragged:
        width = max([width] + [len(line.cells) for line in head[index + 1 :]])
    raw_header = tuple(cell if cell is not None else "" for cell in _pad(cells, width))
    repaired, repair_notes = repair_labels(raw_header)
    notes.extend(repair_notes)
    labels, label_notes = unique_labels(repaired)
    notes.extend(label_notes)
    return Located(
        file=file,
        sheet=sheet,
        encoding=encoding,
        header_row=header.number,
        header=labels,
        raw_header=repaired,
        width=width,
        notes=notes,
        lines=chain(head[index + 1 :], lines),
        ends_cleanly=ends_cleanly,
    )


def _build(located: Located, *, max_rows: int | None) -> Sheet:
    """The non-empty rows below the header, up to max_rows, shaped into a Sheet."""
    notes = list(located.notes)
    data: list[Line] = []
    ragged = 0
    for line in located.lines:
        if not count_filled(line.cells):
            continue
        if max_rows is not None and len(data) >= max_rows:
            notes.append(f"read only the first {_plural(max_rows, 'data row')}; the file has more")
            break
        ragged += check_ragged(line, located.width, located.file)
        data.append(line)
    if not data:
        raise ReadError(
            located.file, f"has no data rows (only a header at row {located.header_row})"
        )
    if ragged:
        notes.append(ragged_note(ragged, located.width))
    width = _strip_empty_columns(list(located.raw_header), data, located.width)
    return Sheet(
        file=located.file,
        sheet=located.sheet,
        encoding=located.encoding,
        header_row=located.header_row,
        header=located.header[:width],
        raw_header=located.raw_header[:width],
        rows=[_pad(line.cells, width) for line in data],
        row_numbers=[line.number for line in data],
        warnings=notes,
    )


#: How much of a big CSV a sample (max_rows) decodes and parses: a few thousand rows
#: fit many times over in 4 MB.
SAMPLE_BYTES = 4_000_000


def _decode(path: Path, file: str) -> tuple[str, str, list[str]]:
    """The file's text, its encoding, and notes on what was repaired on the way."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(file, f"cannot be read: {exc.strerror or exc}") from None
    if not data.strip():
        raise ReadError(file, "is empty")
    encoding = detect_encoding(data, file=file)
    notes: list[str] = []
    if encoding == "cp1252":
        notes.append("decoded as Windows-1252 because it is not valid UTF-8")
    text = data.decode(encoding)
    if text.startswith(DOUBLE_BOM):
        text = text[len(DOUBLE_BOM) :]
        notes.append(
            "the file starts with a byte-order mark that was encoded twice (it read as "
            "'\u00ef\u00bb\u00bf'); removed"
        )
    return text, encoding, notes


def _csv_located(
    path: Path, file: str, header_row: int | None, limits: _Limits, *, head_only: bool = False
) -> Located:
    """Decode, sniff the delimiter and locate the header; records are read lazily after it.

    `head_only` parses only the first SAMPLE_BYTES (cut at a line break), for a preview of a
    big file; the table it locates is the same.
    """
    text, encoding, notes = _decode(path, file)
    if head_only and len(text) > SAMPLE_BYTES and "\n" in text[:SAMPLE_BYTES]:
        text = text[: text.rindex("\n", 0, SAMPLE_BYTES) + 1]
    lines = _limited(_csv_lines(text, sniff_delimiter(text), file), file, limits)
    return _locate(
        file,
        None,
        encoding,
        lines,
        header_row=header_row,
        ragged=True,
        notes=notes,
        ends_cleanly=text.endswith(("\n", "\r")),
    )


def _read_csv(
    path: Path, file: str, header_row: int | None, max_rows: int | None, limits: _Limits
) -> Sheet:
    """Read a CSV into a Sheet; a sample of a big file parses only its head if that is enough."""
    if max_rows:
        sheet = _build(
            _csv_located(path, file, header_row, limits, head_only=True), max_rows=max_rows
        )
        if len(sheet.rows) >= max_rows:
            return sheet
    return _build(_csv_located(path, file, header_row, limits), max_rows=max_rows)


def _uncached_note(uncached: Sequence[str]) -> str:
    """Warn that formula cells read as empty because the workbook saved no result for them."""
    shown = ", ".join(uncached[:10]) + (", ..." if len(uncached) > 10 else "")
    return (
        f"{_plural(len(uncached), 'formula cell')} had no saved result and read as empty "
        f"({shown}); open and save the workbook in Excel to store the results"
    )


@contextmanager
def _xlsx_located(
    path: Path, file: str, sheet: str | None, header_row: int | None, limits: _Limits
) -> Iterator[Located]:
    """Open a workbook, locate the table on its sheet, and close it when reading is done."""
    if not path.is_file():
        raise ReadError(file, "cannot be read: no such file")
    wb = _open_workbook(path, file)
    uncached: list[str] = []
    cell_notes: list[str] = []
    try:
        title, lines, chosen = _pick_sheet(wb, file, sheet, limits, uncached, cell_notes)
        located = _locate(
            file, title, None, lines, header_row=header_row, ragged=False, notes=chosen
        )
        yield located
    finally:
        wb.close()
    located.notes.extend(cell_notes)
    if uncached:
        located.notes.append(_uncached_note(uncached))


def _read_xlsx(
    path: Path,
    file: str,
    sheet: str | None,
    header_row: int | None,
    max_rows: int | None,
    limits: _Limits,
) -> Sheet:
    """Read one sheet of a workbook into a Sheet, closing the workbook afterwards."""
    with _xlsx_located(path, file, sheet, header_row, limits) as located:
        table = _build(located, max_rows=max_rows)
    table.warnings.extend(n for n in located.notes if n not in table.warnings)
    return table


@contextmanager
def open_table(
    path: Path | str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    max_columns: int = 1000,
    max_cells: int = 50_000_000,
) -> Iterator[Located]:
    """The table in a CSV or XLSX file, header found, records still to be read (the import).

    The same reading as read_table, which the preview uses; this one does not hold the rows
    in memory, so a file of millions of payments streams into the database.
    """
    path = Path(path)
    file = str(path)
    limits = _Limits(max_columns, max_cells)
    suffix = _check_suffix(path, file, sheet)
    if suffix in CSV_SUFFIXES:
        yield _csv_located(path, file, header_row, limits)
    else:
        with _xlsx_located(path, file, sheet, header_row, limits) as located:
            yield located


def _check_suffix(path: Path, file: str, sheet: str | None) -> str:
    """The file's suffix when it is one we read, else a ReadError saying what it is."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise ReadError(file, f"is a CSV file, which has no sheets (asked for '{sheet}')")
        return suffix
    if suffix in XLSX_SUFFIXES:
        return suffix
    if suffix in _UNSUPPORTED:
        raise ReadError(file, _UNSUPPORTED[suffix])
    expected = ", ".join(CSV_SUFFIXES + XLSX_SUFFIXES)
    raise ReadError(
        file, f"has an unsupported file type '{suffix or '(none)'}'; expected {expected}"
    )


def read_table(
    path: Path | str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    max_rows: int | None = None,
    max_columns: int = 1000,
    max_cells: int = 50_000_000,
) -> Sheet:
    """Read a CSV (.csv, .tsv, .txt) or XLSX (.xlsx, .xlsm) file into a Sheet of text.

    `header_row` (1-based) overrides header detection; `max_rows` reads only the first data
    rows (a preview, with a warning when more exist); `max_columns` and `max_cells` refuse
    files too large to hold in memory, before reading all of them where possible.
    """
    path = Path(path)
    file = str(path)
    limits = _Limits(max_columns, max_cells)
    if _check_suffix(path, file, sheet) in CSV_SUFFIXES:
        return _read_csv(path, file, header_row, max_rows, limits)
    return _read_xlsx(path, file, sheet, header_row, max_rows, limits)

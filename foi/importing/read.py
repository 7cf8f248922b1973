"""Read a researcher's CSV or XLSX disclosure file into a header and rows of text, honestly.

Disclosure files are made by hand: titles and notes sit above the header, header cells carry
line breaks and long explanations, CSVs arrive in UTF-8, UTF-8 with a byte-order mark or
Windows-1252, and workbooks hold formulas. This module picks the reader by file type
(csvfile, xlsxfile) and reads the file without interpreting it: every cell comes out as the
text the researcher would see (numbers are never coerced, an XLSX number is its exact
digits), every data row keeps its row number in the file so messages can point at it, and
anything we cannot read faithfully is a ReadError or a warning, never a silent guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from foi.importing.csvfile import csv_located
from foi.importing.lines import Limits, ReadError
from foi.importing.table import Located, Sheet, build_sheet
from foi.importing.xlsxfile import xlsx_located

CSV_SUFFIXES = (".csv", ".tsv", ".txt")


XLSX_SUFFIXES = (".xlsx", ".xlsm")


_UNSUPPORTED = {
    ".xls": "is a legacy Excel .xls workbook; save it as .xlsx or CSV UTF-8",
    ".ods": "is an OpenDocument spreadsheet; save it as .xlsx or CSV UTF-8",
}


#: How much of a big CSV a sample (max_rows) decodes and parses: a few thousand rows
#: fit many times over in 4 MB.
SAMPLE_BYTES = 4_000_000


def _read_csv(
    path: Path, file: str, header_row: int | None, max_rows: int | None, limits: Limits
) -> Sheet:
    """Read a CSV into a Sheet; a sample of a big file parses only its head if that is enough."""
    if max_rows:
        head = csv_located(path, file, header_row, limits, head_bytes=SAMPLE_BYTES)
        sheet = build_sheet(head, max_rows=max_rows)
        if len(sheet.rows) >= max_rows:
            return sheet
    return build_sheet(csv_located(path, file, header_row, limits), max_rows=max_rows)


def _read_xlsx(
    path: Path,
    file: str,
    sheet: str | None,
    header_row: int | None,
    max_rows: int | None,
    limits: Limits,
) -> Sheet:
    """Read one sheet of a workbook into a Sheet, closing the workbook afterwards."""
    with xlsx_located(path, file, sheet, header_row, limits) as located:
        table = build_sheet(located, max_rows=max_rows)
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
    limits = Limits(max_columns, max_cells)
    suffix = _check_suffix(path, file, sheet)
    if suffix in CSV_SUFFIXES:
        yield csv_located(path, file, header_row, limits)
    else:
        with xlsx_located(path, file, sheet, header_row, limits) as located:
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
    limits = Limits(max_columns, max_cells)
    if _check_suffix(path, file, sheet) in CSV_SUFFIXES:
        return _read_csv(path, file, header_row, max_rows, limits)
    return _read_xlsx(path, file, sheet, header_row, max_rows, limits)

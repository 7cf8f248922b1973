"""Find the table in a file's rows: its header, the labels under it, and the records below.

CSV and XLSX rows arrive here as the same Lines, so the header is found one way for both:
titles and notes above it are left out (and said so), a heading split over two rows is
joined, and labels are repaired and made unique. The preview (build_sheet) and the import
(stream) then read the same records from one `Located`, so the rows a researcher is shown
are the rows that are loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice

from foi.importing.header import (
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
from foi.importing.lines import Line, ReadError, Row


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


def locate(
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


def build_sheet(located: Located, *, max_rows: int | None) -> Sheet:
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

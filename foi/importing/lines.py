"""What every reader hands on: rows of text with their numbers, and the errors that stop one.

A CSV and an XLSX sheet are read by different code (csvfile, xlsxfile) but both come out as
the same `Line`s, so finding the header (table) and streaming the records (stream) never ask
which kind of file they came from. Anything that cannot be read faithfully is a ReadError
naming the file, row and column, so the researcher can find it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from foi.importing.header import is_blank

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
class Line:
    """One row of the file: its 1-based number, cells (trailing blanks trimmed), cells written."""

    number: int
    cells: Row
    written: int


@dataclass(frozen=True)
class Limits:
    """Size limits that keep a malformed or hostile file from exhausting memory."""

    max_columns: int
    max_cells: int


def trim(cells: Iterable[str | None]) -> Row:
    """Drop trailing blank cells so row width means "up to the last thing written"."""
    out = list(cells)
    while out and is_blank(out[-1]):
        out.pop()
    return out


def limited(lines: Iterator[Line], file: str, limits: Limits) -> Iterator[Line]:
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

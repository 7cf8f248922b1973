"""Read a CSV file's records as Lines: delimiter sniffed, quotes strict, rows numbered.

Disclosure CSVs use commas, semicolons, tabs or pipes, and quote money like "1,329,075.00",
which throws csv.Sniffer; the delimiter is checked against how consistently it splits rows.
Records are parsed lazily, so the import streams a file of millions of payments; the preview
may parse only the head of a big file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from foi.importing.encoding import decode_file
from foi.importing.lines import Limits, Line, ReadError, limited, trim
from foi.importing.table import Located, locate

DELIMITERS = ",;\t|"


SNIFF_CHARS = 64 * 1024  # how much text csv.Sniffer sees


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
        yield Line(number, trim(cell if cell != "" else None for cell in record), len(record))


def csv_located(
    path: Path, file: str, header_row: int | None, limits: Limits, *, head_bytes: int | None = None
) -> Located:
    """Decode, sniff the delimiter and locate the header; records are read lazily after it.

    `head_bytes` parses only that much of the text (cut at a line break), for a preview of a
    big file; the table it locates is the same.
    """
    text, encoding, notes = decode_file(path, file)
    if head_bytes is not None and len(text) > head_bytes and "\n" in text[:head_bytes]:
        text = text[: text.rindex("\n", 0, head_bytes) + 1]
    lines = limited(_csv_lines(text, sniff_delimiter(text), file), file, limits)
    return locate(
        file,
        None,
        encoding,
        lines,
        header_row=header_row,
        ragged=True,
        notes=notes,
        ends_cleanly=text.endswith(("\n", "\r")),
    )

"""Stream a located table into DuckDB, then set aside every row that is not a record.

The reader (foi.readers) finds the header and hands on the records; they go into the temp
table `raw` in batches, so a file of millions of payments is never held in Python at once.
Which rows are not records (blank rows, filler, totals, notes, rows with no amount, a last
record cut short) is decided in SQL (queries/import_rows_*.sql), and each one is kept with
its reason for the report: nothing is loaded or dropped without the report saying so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from foi.queries import load_sql
from foi.readers import SPREADSHEET_ERRORS, Located, ReadError, _check_ragged, _filled, ragged_note

BATCH = 50_000
#: How many skipped rows the report lists one by one (all are counted).
LISTED = 1_000


@dataclass
class Streamed:
    """What streaming a file into `raw` saw."""

    records: int = 0  # rows with anything in them
    ragged: int = 0  # rows with filler cells beyond the header
    truncated: int | None = None  # the row of a last record cut short
    notes: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """The rows set aside, with their reasons."""

    by_reason: Counter[str] = field(default_factory=Counter)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.by_reason.values())


def _append(con: duckdb.DuckDBPyConnection, lines: list, width: int, first: bool) -> None:
    """One batch of records into `raw`, through Arrow (no per-row SQL)."""
    import pyarrow as pa

    columns: dict[str, Any] = {"line": pa.array([ln.number for ln in lines], pa.int32())}
    for i in range(width):
        columns[f"c{i}"] = pa.array(
            [ln.cells[i] if i < len(ln.cells) else None for ln in lines], pa.string()
        )
    batch = pa.table(columns)  # noqa: F841 - read by name in the SQL below
    con.register("batch", batch)
    try:
        con.execute(load_sql("import_raw_create" if first else "import_raw_append"))
    finally:
        con.unregister("batch")


def stream_raw(con: duckdb.DuckDBPyConnection, located: Located, width: int) -> Streamed:
    """Every record below the header into `raw` (line, c0 ... c{width-1}).

    Blank rows inside the table are kept so the skip rules count them; empty lines after
    the last record (a trailing line break, an XLSX's formatted but empty rows) are not rows.
    """
    seen = Streamed()
    batch: list = []
    blanks: list = []
    first = True
    last = None
    for line in located.lines:
        if not _filled(line.cells):
            blanks.append(line)
            continue
        seen.ragged += _check_ragged(line, located.width, located.file)
        batch.extend(blanks)
        blanks.clear()
        batch.append(line)
        seen.records += 1
        last = line
        if len(batch) >= BATCH:
            _append(con, batch, width, first)
            first = False
            batch = []
    batch.extend(b for b in blanks if b.written > 1)  # a trailing row of commas is a row
    if last is None:
        raise ReadError(
            located.file, f"has no data rows (only a header at row {located.header_row})"
        )
    if batch or first:
        _append(con, batch, width, first)
    if (
        not located.ends_cleanly
        and last.written < located.width
        and not any(b.number > last.number for b in batch if b.written > 1)
    ):
        seen.truncated = last.number
    if seen.ragged:
        seen.notes.append(ragged_note(seen.ragged, located.width))
    return seen


def set_aside(
    con: duckdb.DuckDBPyConnection,
    identifiers: dict[str, str],
    width: int,
    *,
    payments: bool,
    truncated: int | None,
) -> Skipped:
    """Find the rows that are not records, take them out of `raw`, and say why each went."""
    cells = "[" + ", ".join(f"c{i}" for i in range(width)) + "]"

    def sql(name: str) -> str:
        text = load_sql(name).replace("{cells}", cells)
        for key, ident in identifiers.items():
            text = text.replace("{" + key + "}", ident)
        return text

    con.execute(
        sql("import_rows_skipped"),
        {"truncated": truncated, "payments": payments, "errors": sorted(SPREADSHEET_ERRORS)},
    )
    if payments and identifiers.get("amount", "NULL") != "NULL":
        for line, amount, summed in con.execute(sql("import_rows_totals")).fetchall():
            reason = (
                f"a total: no supplier or date, and its amount ({_plain(amount)}) equals the "
                f"sum of the {summed:,} rows above it"
            )
            con.execute(sql("import_rows_add_total"), {"line": line, "reason": reason})
    skipped = Skipped()
    for line, reason, text in con.execute(load_sql("import_rows_list")).fetchall():
        skipped.by_reason[_family(reason)] += 1
        if len(skipped.rows) < LISTED:
            skipped.rows.append({"row": line, "reason": reason, "text": text or ""})
    con.execute(load_sql("import_rows_drop"))
    return skipped


def _family(reason: str) -> str:
    """A reason without the figures of one row, so the report can count rows by reason."""
    return reason.split(" (its amount", 1)[0].split(", and its amount", 1)[0]


def _plain(amount: Decimal) -> str:
    return f"{amount:,.2f}"

"""Stream a located table into DuckDB, through the same reader the preview uses.

The reader (foi.importing.read) finds the header and hands on the records; they go into the
temp table `raw` in batches through Arrow, so a file of millions of payments is never held in
Python at once. Then the rows that are not records are set aside (foi.importing.rows), and
the counts are checked: a load of no rows, or fewer rows than the preview saw, is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from foi.importing.header import count_filled
from foi.importing.lines import ReadError
from foi.importing.mapping import AmountColumn, Mapping
from foi.importing.options import ImportFailed, ImportOptions
from foi.importing.read import open_table
from foi.importing.report import ImportReport
from foi.importing.rows import set_aside
from foi.importing.table import Located, Sheet, check_ragged, ragged_note
from foi.queries import load_sql

BATCH = 50_000


@dataclass
class Streamed:
    """What streaming a file into `raw` saw."""

    records: int = 0  # rows with anything in them
    beyond: list[int] = field(default_factory=list)  # rows with filler only past the header
    ragged: int = 0  # rows with filler cells beyond the header
    truncated: int | None = None  # the row of a last record cut short
    notes: list[str] = field(default_factory=list)


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
        if not count_filled(line.cells):
            blanks.append(line)
            continue
        if check_ragged(line, located.width, located.file):
            seen.ragged += 1
            if not count_filled(line.cells[:width]):
                seen.beyond.append(line.number)
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


SAMPLE_ROWS = 5_000


@dataclass
class Job:
    """One file to load: its preview (sheet and mapping) and its source."""

    path: Path
    sheet: Sheet
    mapping: Mapping
    source_id: str
    options: ImportOptions


def identifiers(sheet: Sheet, mapping: Mapping, amount: AmountColumn | None) -> dict[str, str]:
    """Column names for the SQL templates, from an allow-list: c0, c1, ... or NULL."""

    def col(field_name: str) -> str:
        header = mapping.fields.get(field_name)
        return f"c{sheet.header.index(header)}" if header in sheet.header else "NULL"

    return {  # never text from the file
        "amount": f"c{sheet.header.index(amount.column)}" if amount else "NULL",
        "supplier": col("supplier"),
        "supplier_id": col("supplier_id"),
        "organisation": col("organisation"),
        "date": col("date"),
        "transaction": col("transaction"),
        "expense_type": col("expense_type"),
        "expense_area": col("expense_area"),
        "name": col("project"),
    }


def stream_file(con: duckdb.DuckDBPyConnection, job: Job, report: ImportReport) -> Any:
    """Read the whole file into `raw` through the preview's reader, and set aside non-records."""

    sheet, mapping, options = job.sheet, job.mapping, job.options
    fname = job.path.name
    try:
        with open_table(job.path, sheet=options.sheet, header_row=options.header_row) as located:
            if located.header[: len(sheet.header)] != sheet.header:
                raise ImportFailed(f"{fname}: the file changed between the preview and the load")
            streamed = stream_raw(con, located, len(sheet.header))
    except ReadError as exc:
        raise ImportFailed(str(exc)) from None
    previewed = len(sheet.rows)
    if previewed > streamed.records or (
        previewed < SAMPLE_ROWS and previewed != streamed.records and options.mapping is None
    ):
        raise ImportFailed(
            f"{fname}: the preview read {previewed:,} rows but the load read "
            f"{streamed.records:,}; nothing was loaded"
        )
    payments = mapping.shape == "payments"
    primary = mapping.amounts[0] if payments and mapping.amounts else None
    ids = identifiers(sheet, mapping, primary)
    if not payments and mapping.amounts:
        firsts = [f"c{sheet.header.index(a.column)}" for a in mapping.amounts]
        ids["amount"] = f"coalesce({', '.join(firsts)})"
    skipped = set_aside(
        con,
        ids,
        len(sheet.header),
        payments=payments,
        truncated=streamed.truncated,
        beyond=streamed.beyond,
    )
    entry = next(f for f in report.files if f["file"] == fname)
    entry["warnings"].extend(n for n in streamed.notes if n not in entry["warnings"])
    entry["skipped_rows"] = skipped.count
    entry["skipped_by_reason"] = dict(skipped.by_reason)
    report.skipped.extend({"file": fname, **row} for row in skipped.rows)
    report.skipped_rows += skipped.count
    for reason, count in skipped.by_reason.items():
        report.skipped_by_reason[reason] += count
    report.rows_read += streamed.records
    loaded = con.execute(load_sql("import_raw_count")).fetchall()[0][0]
    if loaded <= 0:
        reasons = "; ".join(f"{n:,} {r}" for r, n in skipped.by_reason.most_common(3))
        raise ImportFailed(
            f"{fname}: no rows to load: every one of its {streamed.records:,} rows was set "
            f"aside ({reasons}); nothing was loaded"
        )
    return ids

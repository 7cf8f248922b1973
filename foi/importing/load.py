"""Import a researcher's own disclosure files into a dataset, all or nothing.

A file is read as text (read, header), its columns matched to fields by meaning and content
(roles, profile), its rows streamed into DuckDB with the non-records set aside (stream, rows),
every distinct cell text read once (classify), and the rows loaded set-based (payments,
projects). It all happens in a new copy of the database that replaces the old one only when
complete (foi.db.rewrite), so a failed or refused import leaves every dataset as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from foi.dates import parse_date
from foi.db import rewrite
from foi.importing.classify import lookup, status_rows
from foi.importing.lines import ReadError
from foi.importing.mapping import Mapping
from foi.importing.options import DATASET_NAME, BadMapping, ImportFailed, ImportOptions
from foi.importing.overrides import apply_overrides
from foi.importing.payments import load_payments
from foi.importing.projects import load_projects
from foi.importing.read import read_table
from foi.importing.report import ColumnReport, ImportReport, check_unparsed
from foi.importing.roles import propose_mapping
from foi.importing.stream import SAMPLE_ROWS, Job
from foi.importing.table import Sheet
from foi.importing.table_sql import with_table
from foi.queries import load_sql, next_fact_id, refresh_figure_keys
from foi.text import json_number

TABLES = ("sources", "organisations", "statuses", "projects", "figures")


@dataclass
class Tables:
    """Rows gathered for each table, as columns, before they are written."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLES}
    )
    seen: dict[str, set[str]] = field(default_factory=lambda: {name: set() for name in TABLES})

    def add(self, table: str, key: str, row: dict[str, Any]) -> None:
        if key in self.seen[table]:
            return
        self.seen[table].add(key)
        self.rows[table].append(row)


def plan(
    path: Path, options: ImportOptions, *, max_rows: int | None = None
) -> tuple[Sheet, Mapping]:
    """Read one file (or its first `max_rows` rows) and propose, then override, its mapping."""
    sheet = read_table(path, sheet=options.sheet, header_row=options.header_row, max_rows=max_rows)
    if options.mapping is not None:
        return sheet, options.mapping
    mapping = propose_mapping(sheet.header, sheet.rows, raw_header=sheet.raw_header)
    if options.overrides or options.basis or options.unit:
        mapping = apply_overrides(
            mapping, options.overrides, sheet.header, basis=options.basis, unit=options.unit
        )
    return sheet, mapping


def sheet_names(path: Path) -> list[str]:
    """The sheets of an XLSX workbook (empty for CSV), for the upload page's sheet picker."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a workbook we can read"
        raise ReadError(path.name, f"is not a readable XLSX workbook: {exc}") from None
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def source_row(
    path: Path, digest: str, sheet: Sheet, mapping: Mapping, options: ImportOptions, n_files: int
) -> dict[str, Any]:
    published = options.source_date
    notes = [f"Imported from {path.name} (sha256 {digest})"]
    if sheet.encoding:
        notes.append(f"encoding {sheet.encoding}")
    if sheet.sheet:
        notes.append(f"sheet {sheet.sheet!r}")
    notes.append(f"header on row {sheet.header_row}")
    if published and parse_date(published) is None:
        raise ImportFailed(f"--source-date {published!r} is not a date (use YYYY-MM-DD)")
    if published:
        parsed = parse_date(published)
        assert parsed is not None
        published = parsed.value.isoformat()[: 7 if parsed.precision == "month" else 10]
    else:
        published = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
        notes.append("publication date not given: the file's date is used")
    title = options.source_title or path.name
    if options.source_title and n_files > 1:
        title = f"{options.source_title} ({path.name})"
    return {
        "source_id": f"FILE-{digest[:12]}",
        "publisher": (options.source_publisher or "").strip() or "Not stated",
        "published": published,
        "published_date": dt.date.fromisoformat((published + "-01")[:10]),
        "kind": "transparency_file" if mapping.shape == "payments" else "other",
        "title": title,
        "url": options.source_url,
        "notes": "; ".join(notes),
    }


#: Where each gathered table's rows are written: figures go to figure_facts (schema.sql).
_TARGETS = {name: "figure_facts" if name == "figures" else name for name in TABLES}


#: Every table that holds a dataset's rows, cleared by --replace.
DATASET_TABLES = (
    "figure_facts",
    "project_cells",
    "projects",
    "statuses",
    "organisations",
    "sources",
    "events",
    "discrepancies",
    "groups",
    "datasets",
)


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: list[dict[str, Any]],
    extra: dict,
    *,
    keyed: bool = True,
) -> None:
    """Insert dict rows into `table` (its own column types), plus constant/extra columns.

    A `keyed` table keeps a row the dataset already holds as it was (INSERT OR IGNORE);
    figure_facts has no key, so every row is added.
    """
    query = "import_incoming_insert_new" if keyed else "import_incoming_insert"
    insert = with_table(query, table, _TARGETS.values())
    types = dict(con.execute(load_sql("table_columns"), {"table": table}).fetchall())
    names = sorted({k for r in rows for k in r} | set(extra))
    columns = {n: (types[n], extra[n] if n in extra else [r.get(n) for r in rows]) for n in names}
    lookup(con, "incoming", columns)
    con.execute(insert)
    con.execute(load_sql("import_incoming_drop"))


def _existing(con: duckdb.DuckDBPyConnection, options: ImportOptions) -> bool:
    """Whether the dataset already exists (after --replace cleared it, it does not).

    The shipped, curated dataset is never written into.
    """
    which = {"dataset": options.dataset}
    found = con.execute(load_sql("import_dataset_default"), which).fetchall()
    if found and found[0][0]:
        raise ImportFailed(
            f"{options.dataset!r} is the shipped, curated dataset; import under another name"
        )
    if found and options.replace:
        for name in DATASET_TABLES:
            con.execute(with_table("import_dataset_clear", name, DATASET_TABLES), which)
        return False
    return bool(found)


def _refuse_again(con: duckdb.DuckDBPyConnection, options: ImportOptions, tables: Tables) -> None:
    """Refuse files the dataset already holds: loading them again would count them twice."""
    which = {"dataset": options.dataset}
    known = {r[0] for r in con.execute(load_sql("import_dataset_sources"), which).fetchall()}
    again = [s["source_id"] for s in tables.rows["sources"] if s["source_id"] in known]
    if again:
        raise ImportFailed(
            f"dataset {options.dataset!r} already holds these files "
            f"({', '.join(again)}); use --replace to load them afresh"
        )


def _write_tables(
    con: duckdb.DuckDBPyConnection, options: ImportOptions, tables: Tables, exists: bool
) -> None:
    """Write the gathered rows; new statuses go after those the dataset already has."""
    if exists:
        which = {"dataset": options.dataset}
        start = con.execute(load_sql("import_statuses_last"), which).fetchall()[0][0]
        for row in tables.rows["statuses"]:
            row["sort_order"] += start
    for name in TABLES:
        rows = tables.rows[name]
        if rows:
            extra: dict[str, list[Any]] = {"dataset": [options.dataset] * len(rows)}
            if name == "figures":
                first = next_fact_id(con)
                extra["fact_id"] = list(range(first, first + len(rows)))
            # figures: no key, and stored in figure_facts (schema.sql)
            insert_rows(con, _TARGETS[name], rows, extra, keyed=name != "figures")


def _describe_dataset(
    con: duckdb.DuckDBPyConnection, options: ImportOptions, report: ImportReport
) -> None:
    """Add the new dataset's row, described only now that every row, bulk ones too, is counted."""
    title = options.source_title or ", ".join(f["file"] for f in report.files)
    con.execute(
        load_sql("import_dataset_add"),
        {
            "dataset": options.dataset,
            "title": title,
            "description": f"Imported with python -m foi import: {report.rows_loaded:,} rows "
            f"from {len(report.files)} file(s).",
            "built_at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            "series": options.series,
            "as_of": options.as_of or options.source_date,
        },
    )


def write_database(
    db_path: Path,
    options: ImportOptions,
    tables: Tables,
    report: ImportReport,
    jobs: Sequence[Job] = (),
) -> None:
    """Write into a copy of the database, then swap it in: all or nothing (foi.db)."""
    fresh = not db_path.exists()
    with rewrite(db_path, purpose="import", copy=True) as con:
        if fresh:
            con.execute(load_sql("schema"))
        load_into(con, options, tables, report, jobs)


def load_into(
    con: duckdb.DuckDBPyConnection,
    options: ImportOptions,
    tables: Tables,
    report: ImportReport,
    jobs: Sequence[Job],
) -> None:
    """Load prepared files into an open database: the import's and the build's one path.

    `foi build` loads a shipped release (data/gmpp-2023) through here after writing its
    datasets row from the data package, so shipped and imported releases are read alike.
    """
    exists = _existing(con, options)
    if exists:
        _refuse_again(con, options, tables)
    for job in jobs:
        if job.mapping.shape == "projects":
            load_projects(con, job, report, tables)
    status_rows(tables)
    _write_tables(con, options, tables, exists)
    for job in jobs:
        if job.mapping.shape == "payments":
            load_payments(con, job, options, report)
    check_unparsed(report, options)
    refresh_figure_keys(con, options.dataset)
    if not exists:
        _describe_dataset(con, options, report)


def import_files(paths: Sequence[Path], db_path: Path, options: ImportOptions) -> ImportReport:
    """Read, map and parse every file, check the result, then load it atomically."""
    tables, report, jobs = prepare(paths, db_path, options)
    write_database(db_path, options, tables, report, jobs)
    return report


def prepare(
    paths: Sequence[Path], db_path: Path, options: ImportOptions
) -> tuple[Tables, ImportReport, list[Job]]:
    """Read and map every file and describe its source; nothing is written yet."""
    if not DATASET_NAME.fullmatch(options.dataset):
        raise ImportFailed(
            f"dataset name {options.dataset!r} must be lower-case letters, digits and hyphens"
        )
    if not paths:
        raise ImportFailed("no files given")
    if options.as_of and parse_date(options.as_of) is None:
        raise ImportFailed(f"--as-of {options.as_of!r} is not a date (use YYYY-MM-DD)")
    report = ImportReport(dataset=options.dataset, db_path=str(db_path))
    tables = Tables()
    shapes = set()
    jobs: list[Job] = []
    for path in paths:
        try:
            sheet, mapping = plan(Path(path), options, max_rows=SAMPLE_ROWS)
            data = Path(path).read_bytes()
        except ReadError as exc:
            raise ImportFailed(str(exc)) from None
        except ValueError as exc:  # mapping overrides that do not fit the file
            raise BadMapping(f"{Path(path).name}: {exc}") from None
        if not mapping.amounts:
            raise ImportFailed(
                f"{sheet.file}: no amount column found among {', '.join(sheet.header)}; "
                "name one with --map amount=COLUMN"
            )
        shapes.add(mapping.shape)
        digest = hashlib.sha256(data).hexdigest()
        source = source_row(Path(path), digest, sheet, mapping, options, len(paths))
        if source["source_id"] in tables.seen["sources"]:
            raise ImportFailed(f"{sheet.file}: the same file is given twice")
        tables.add("sources", source["source_id"], source)
        for amount in mapping.amounts:
            report.columns.setdefault(
                amount.column, ColumnReport(amount.column, amount.basis, amount.unit)
            )
        report.files.append(file_entry(sheet, mapping))
        jobs.append(Job(Path(path), sheet, mapping, source["source_id"], options))
    if len(shapes) > 1:
        raise ImportFailed("the files mix project tables and payment files; import them separately")
    report.shape = shapes.pop()
    return tables, report, jobs


def file_entry(sheet: Sheet, mapping: Mapping) -> dict[str, Any]:
    """What the report says of one file: how it was read, and which column is which."""
    entry: dict[str, Any] = {
        "file": Path(sheet.file).name,
        "sheet": sheet.sheet,
        "encoding": sheet.encoding,
        "header_row": sheet.header_row,
        "rows": len(sheet.rows),
        "shape": mapping.shape,
        "mapping": {
            **mapping.fields,
            "amounts": [
                {"column": a.column, "basis": a.basis, "unit": json_number(a.unit)}
                for a in mapping.amounts
            ],
        },
        "unmapped": list(mapping.unmapped),
        "not_money": [{"column": c, "why": why} for c, why in mapping.not_money],
        # The sample's "read only the first rows" note does not apply: the load reads them all.
        "warnings": [w for w in sheet.warnings if not w.startswith("read only the first")],
    }
    if mapping.shape == "payments" and mapping.amounts:
        first = mapping.amounts[0].column
        entry["amount_choice"] = {
            "column": first,
            "position": sheet.header.index(first) + 1,
            "why": mapping.amount_why or f"'{first}' is the payment amount",
        }
        entry["other_money"] = [
            {"column": a.column, "position": sheet.header.index(a.column) + 1, "basis": a.basis}
            for a in mapping.amounts[1:]
        ]
    return entry

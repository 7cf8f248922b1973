"""Import a researcher's own disclosure files into a dataset, accounting for every cell.

A file is read as text (foi.readers), its columns are matched to fields by
meaning (foi.mapping), and every amount cell is parsed into a value or a
non-disclosure status with its exemption (foi.money), the original text kept
beside it. Two shapes are understood: project tables (one row a project, one
or more amount columns) and payment files (one row a payment, where the
supplier rather than the amount may be redacted).

The import is all-or-nothing: it writes into a copy of the database and
renames the copy into place only when complete, so a failed or refused
import leaves every dataset already loaded exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from foi.dates import parse_date
from foi.db import rewrite
from foi.exemptions import classify_non_disclosure
from foi.mapping import AmountColumn, Mapping, apply_overrides, propose_mapping
from foi.money import ParsedAmount, format_gbp, parse_amount
from foi.queries import load_sql, next_fact_id, refresh_figure_keys
from foi.readers import ReadError, Sheet, open_table, read_table
from foi.vocab import basis_label

DATASET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
UNPARSED_LIMIT = 0.01
_PENNY = Decimal("0.01")
_TABLES = ("sources", "organisations", "statuses", "projects", "figures")

#: Known status words, in display order, with the palette role they take.
_KNOWN_STATUSES: list[tuple[str, str]] = [
    ("red", "stopped"),
    ("stopped", "stopped"),
    ("cancelled", "stopped"),
    ("terminated", "stopped"),
    ("amber/red", "stopped"),
    ("amber-red", "stopped"),
    ("amber", "corrective"),
    ("corrective action", "corrective"),
    ("corrective_action", "corrective"),
    ("at risk", "corrective"),
    ("amber/green", "completed"),
    ("amber-green", "completed"),
    ("green", "completed"),
    ("completed", "completed"),
    ("closed", "completed"),
    ("live", "live"),
    ("ongoing", "live"),
    ("in progress", "live"),
    ("exempt", "other"),
]


class ImportFailed(Exception):
    """An import that did not happen, with the reason (file, row, column, problem)."""


class BadMapping(ImportFailed):
    """A --map override that does not fit the file (a usage error, like a bad option)."""


@dataclass(frozen=True)
class ImportOptions:
    """What the command line or the upload page asked for."""

    dataset: str
    sheet: str | None = None
    header_row: int | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    unit: Decimal | None = None
    basis: str | None = None
    source_title: str | None = None
    source_publisher: str | None = None
    source_url: str | None = None
    source_date: str | None = None
    replace: bool = False
    allow_unparsed: bool = False
    #: A mapping already agreed (the upload page's widgets); used as given, not proposed.
    mapping: Mapping | None = None


@dataclass
class ColumnReport:
    """How every cell of one amount column was classified."""

    column: str
    basis: str
    unit: Decimal
    disclosed: int = 0
    disclosed_total_gbp: Decimal = Decimal(0)
    withheld: Counter[str] = field(default_factory=Counter)
    withheld_cells: int = 0
    redacted: int = 0
    not_held: int = 0
    not_yet_available: int = 0
    blank: int = 0
    unparsed: int = 0
    unparsed_examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return (
            self.disclosed
            + self.withheld_cells
            + self.redacted
            + self.not_held
            + self.not_yet_available
            + self.blank
            + self.unparsed
        )

    def count(self, parsed: ParsedAmount, file: str, row: int) -> None:
        """Add one cell to the tally (a percentage in a money column is not money: unparsed)."""
        if parsed.is_percent:
            parsed = ParsedAmount(parsed.text, "unparsed", None, None, None, "exact", True, None)
        if parsed.status == "disclosed":
            self.disclosed += 1
            self.disclosed_total_gbp += parsed.value if parsed.value is not None else 0
        elif parsed.status == "withheld":
            self.withheld_cells += 1
            sections = parsed.exemption.sections if parsed.exemption else ()
            for section in sections or ("unspecified",):
                self.withheld[section] += 1
        elif parsed.status == "unparsed":
            self.unparsed += 1
            if len(self.unparsed_examples) < 10:
                self.unparsed_examples.append({"file": file, "row": row, "text": parsed.text})
        elif parsed.status == "unknown":
            self.blank += 1
        else:
            setattr(self, parsed.status, getattr(self, parsed.status) + 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "basis": self.basis,
            "unit": int(self.unit)
            if self.unit == self.unit.to_integral_value()
            else float(self.unit),
            "cells": self.cells,
            "disclosed": self.disclosed,
            "disclosed_total_gbp": _num(self.disclosed_total_gbp),
            "withheld": dict(sorted(self.withheld.items())),
            "redacted": self.redacted,
            "not_held": self.not_held,
            "not_yet_available": self.not_yet_available,
            "blank": self.blank,
            "unparsed": self.unparsed,
            "unparsed_examples": self.unparsed_examples,
        }


@dataclass
class ImportReport:
    """What an import read, loaded and found; printed for a person or as JSON."""

    dataset: str
    files: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    columns: dict[str, ColumnReport] = field(default_factory=dict)
    shape: str = "projects"
    payments_rows: int = 0
    payments_total_gbp: Decimal = Decimal(0)
    redacted_counterparty_rows: int = 0
    redacted_counterparty_gbp: Decimal = Decimal(0)
    warnings: list[str] = field(default_factory=list)
    db_path: str | None = None
    skipped_rows: int = 0
    skipped_by_reason: Counter[str] = field(default_factory=Counter)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unparsed_share(self) -> float:
        cells = sum(c.cells for c in self.columns.values())
        return sum(c.unparsed for c in self.columns.values()) / cells if cells else 0.0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dataset": self.dataset,
            "shape": self.shape,
            "files": self.files,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "columns": [c.as_json() for c in self.columns.values()],
            "unparsed_share": self.unparsed_share,
            "warnings": self.warnings,
            "skipped_rows": self.skipped_rows,
            "skipped_by_reason": dict(self.skipped_by_reason),
            "skipped": self.skipped[:1000],
        }
        if self.shape == "payments":
            out["payments_total_gbp"] = _num(self.payments_total_gbp)
            out["redacted_counterparty_rows"] = self.redacted_counterparty_rows
            out["redacted_counterparty_gbp"] = _num(self.redacted_counterparty_gbp)
            total = self.payments_total_gbp
            out["withheld_share_gbp"] = (
                float(self.redacted_counterparty_gbp / total) if total else None
            )
        return out


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


#: The largest amount the database holds (DECIMAL(18, 2)); larger is unparsed, never truncated.
MAX_GBP = Decimal(10) ** 16


@lru_cache(maxsize=200_000)
def _parse(text: str | None, unit: Decimal) -> ParsedAmount:
    """parse_amount, remembered (payment files repeat texts), with amounts the database can hold."""
    parsed = parse_amount(text, unit)
    values = [v for v in (parsed.value, parsed.low, parsed.high) if v is not None]
    if parsed.status == "disclosed" and any(abs(v) >= MAX_GBP for v in values):
        return ParsedAmount(parsed.text, "unparsed", None, None, None, "exact", False, None)
    return parsed


#: A whole cell that stands for a name kept back, not a name that happens to contain a word
#: like "Confidential" ("Confidential Shredding Services Ltd" is a supplier).
_NAME_MARKER = re.compile(
    r"\W*(?:redact\w*|withheld|withhold\w*|exempt\w*|not (?:disclosed|given|provided|published)"
    r"|personal data|(?:section|s\.?)\s*\d+\w*|[*x#\u2588]{2,}|n/?a|#n/a|-+|unknown|none)\b.*",
    re.IGNORECASE,
)


#: A name cell that says, anywhere in it, that the name was kept back ("DETAILS REDACTED",
#: "Redacted - Personal Data"), but not a company called "Redactive Publishing".
_KEPT_BACK = re.compile(r"\b(?:redacted|redaction|withheld)\b", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def _counterparty_status(text: str | None) -> str:
    """Whether a supplier or project cell names someone, or records that the name was kept back."""
    if text is None or not text.strip():
        return "unknown"
    if _KEPT_BACK.search(text):
        return "redacted"
    if not _NAME_MARKER.fullmatch(text.strip()):
        return "disclosed"
    classified = classify_non_disclosure(text)
    if classified is None or classified.status == "disclosed":
        return "disclosed"
    return classified.status


def _slug(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")
    return slug or "x"


def _cell(row: Sequence[str | None], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) and value.strip() else None


def _status_order(value: str) -> tuple[int, str]:
    key = value.strip().lower()
    for i, (word, _) in enumerate(_KNOWN_STATUSES):
        if key == word:
            return (i, key)
    return (len(_KNOWN_STATUSES), key)


def status_role(value: str) -> str:
    """The palette role of a status word from a file (Red, Amber, Green, stopped ...)."""
    key = value.strip().lower()
    return dict(_KNOWN_STATUSES).get(key, "other")


@dataclass
class _Tables:
    """Rows gathered for each table, as columns, before they are written."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in _TABLES}
    )
    seen: dict[str, set[str]] = field(default_factory=lambda: {name: set() for name in _TABLES})

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


def _index(sheet: Sheet, column: str | None) -> int | None:
    return sheet.header.index(column) if column in sheet.header else None


def _source_row(
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
        published = parsed.value.isoformat()
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
        "published_date": dt.date.fromisoformat(published[:10]),
        "kind": "transparency_file" if mapping.shape == "payments" else "other",
        "title": title,
        "url": options.source_url,
        "notes": "; ".join(notes),
    }


def _figure(
    *,
    figure_id: str,
    subject_id: str,
    basis: str,
    parsed: ParsedAmount,
    source_id: str,
    locator: str,
    claim: str,
) -> dict[str, Any]:
    status = "unknown" if parsed.status == "unparsed" or parsed.is_percent else parsed.status
    exemption = parsed.exemption

    def pennies(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(_PENNY, rounding=ROUND_HALF_UP)

    disclosed = status == "disclosed" and not parsed.is_percent
    return {
        "figure_id": figure_id,
        "subject_type": "project",
        "subject_id": subject_id,
        "basis": basis,
        "disclosure": status if not parsed.is_percent else "unknown",
        "qualifier": parsed.qualifier,
        "amount_gbp": pennies(parsed.value) if disclosed else None,
        "amount_low_gbp": pennies(parsed.low) if disclosed else None,
        "amount_high_gbp": pennies(parsed.high) if disclosed else None,
        "exemption_statute": exemption.statute if exemption else None,
        "exemption_sections": ";".join(exemption.sections)
        if exemption and exemption.sections
        else None,
        "exemption_basis": exemption.basis if exemption else None,
        "exemption_reason": exemption.reason if exemption else None,
        "original_text": parsed.text,
        "source_id": source_id,
        "locator": locator,
        "claim": claim,
    }


def _status_rows(tables: _Tables) -> None:
    """Turn the status words found into a vocabulary: order and colour by meaning."""
    words = [r["status"] for r in tables.rows["statuses"]]
    ordered = sorted(words, key=_status_order)
    tables.rows["statuses"] = [
        {
            "status": w,
            "label": w,
            "sort_order": i,
            "role": status_role(w),
            "description": "Status as written in the file.",
        }
        for i, w in enumerate(ordered, start=1)
    ]


def _money(value: Decimal | None) -> str | None:
    """A value for a DECIMAL(18, 2) column, as exact text (rounded half up to the penny)."""
    pennies = _pennies(value)
    return None if pennies is None else format(pennies, "f")


def _plain(value: Any) -> Any:
    """A Python value DuckDB takes in a list parameter as it is: dates and decimals as text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _lookup(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[str, list[Any]]]
) -> None:
    """A temp table from equal-length Python lists, one per column, each cast to its type.

    Lists go to DuckDB as bound LIST parameters and are unnested side by side: no
    pandas or Arrow conversion, which would cost the import a pandas start-up.
    """
    select = ", ".join(f"CAST(unnest(${c}) AS {typ}) AS {c}" for c, (typ, _) in columns.items())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}",
        {c: [_plain(v) for v in values] for c, (_, values) in columns.items()},
    )


def _insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, verb: str, rows: list[dict[str, Any]], extra: dict
) -> None:
    """Insert dict rows into `table` (its own column types), plus constant/extra columns."""
    types = dict(con.execute(load_sql("table_columns"), {"table": table}).fetchall())
    names = sorted({k for r in rows for k in r} | set(extra))
    columns = {n: (types[n], extra[n] if n in extra else [r.get(n) for r in rows]) for n in names}
    _lookup(con, "incoming", columns)
    con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM incoming")
    con.execute("DROP TABLE incoming")


SAMPLE_ROWS = 5_000


@dataclass
class _Job:
    """One file to load: its preview (sheet and mapping) and its source."""

    path: Path
    sheet: Sheet
    mapping: Mapping
    source_id: str
    options: ImportOptions


def _identifiers(sheet: Sheet, mapping: Mapping, amount: AmountColumn | None) -> dict[str, str]:
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


def _stream(con: duckdb.DuckDBPyConnection, job: _Job, report: ImportReport) -> Any:
    """Read the whole file into `raw` through the preview's reader, and set aside non-records."""
    from foi.importing.load import set_aside, stream_raw

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
    ids = _identifiers(sheet, mapping, primary)
    if not payments and mapping.amounts:
        firsts = [f"c{sheet.header.index(a.column)}" for a in mapping.amounts]
        ids["amount"] = f"coalesce({', '.join(firsts)})"
    skipped = set_aside(
        con, ids, len(sheet.header), payments=payments, truncated=streamed.truncated
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
    loaded = streamed.records - sum(n for r, n in skipped.by_reason.items() if r != "blank row")
    if loaded <= 0:
        reasons = "; ".join(f"{n:,} {r}" for r, n in skipped.by_reason.most_common(3))
        raise ImportFailed(
            f"{fname}: no rows to load: every one of its {streamed.records:,} rows was set "
            f"aside ({reasons}); nothing was loaded"
        )
    return ids


def _load_project_rows(
    con: duckdb.DuckDBPyConnection, job: _Job, report: ImportReport, tables: _Tables
) -> None:
    """A project table, set-based: one project a record, one figure per amount cell.

    foi reads each distinct name, status, date and amount text once (Python); DuckDB writes
    the rows (queries/import_projects_*.sql).
    """
    sheet, mapping, options = job.sheet, job.mapping, job.options
    fname = job.path.name
    ids = _stream(con, job, report)
    for field_name in ("status", "notes"):
        header = mapping.fields.get(field_name)
        ids[field_name] = f"c{sheet.header.index(header)}" if header in sheet.header else "NULL"

    def sql(name: str) -> str:
        text = load_sql(name)
        for key, ident in ids.items():
            text = text.replace("{" + key + "}", ident)
        return text

    shown = fname.replace("{row}", "(row)")
    params = {"dataset": options.dataset, "source_id": job.source_id, "file": shown}
    for n, amount in enumerate(mapping.amounts, start=1):
        ids["amount"] = f"c{sheet.header.index(amount.column)}"
        found: dict[str, list[str | None]] = {"amount": [], "name": [], "status": [], "date": []}
        for kind, text, _ in con.execute(sql("import_projects_texts")).fetchall():
            found[kind].append(text)
        _amount_lookup(con, found["amount"], amount.unit)
        if n == 1:
            _lookup(
                con,
                "names",
                {
                    "text": ("VARCHAR", found["name"]),
                    "named": (
                        "BOOLEAN",
                        [
                            t is not None and _counterparty_status(t) == "disclosed"
                            for t in found["name"]
                        ],
                    ),
                },
            )
            day_first = _day_first(found["date"])
            _lookup(
                con,
                "days",
                {
                    "text": ("VARCHAR", found["date"]),
                    "day": (
                        "DATE",
                        [
                            d.value.isoformat() if d else None
                            for d in (
                                parse_date(t, day_first=day_first is not False)
                                for t in found["date"]
                            )
                        ],
                    ),
                },
            )
            for word in found["status"]:
                if word:
                    tables.add("statuses", word, {"status": word})
            con.execute(sql("import_payments_orgs"), {"dataset": options.dataset})
            con.execute(sql("import_projects_load"), params)
        con.execute(
            sql("import_projects_figures"),
            {
                **{k: v for k, v in params.items() if k != "file"},
                "n": str(n),
                "basis": amount.basis,
                "first_fact": next_fact_id(con) - 1,
                "locator": f"{shown}, row {{row}}, column {amount.column!r}",
                "claim": f"Row {{row}} of {shown}.",
            },
        )
        _bulk_report(con, report, amount, fname, params, primary=False, suffix=f"-c{n}")
    loaded = con.execute(load_sql("import_raw_count")).fetchall()[0][0]
    report.rows_loaded += loaded
    next(f for f in report.files if f["file"] == fname)["rows"] = loaded
    con.execute("DROP TABLE raw")


def _day_first(texts: Sequence[str | None]) -> bool | None:
    """Whether a file writes dates day first: settled by any date whose day is over 12."""
    import re as _re

    first = second = False
    for text in texts:
        m = _re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}.*", text or "")
        if m:
            first = first or int(m[1]) > 12
            second = second or int(m[2]) > 12
    if first == second:
        return None
    return first


def _load_bulk(
    con: duckdb.DuckDBPyConnection, job: _Job, options: ImportOptions, report: ImportReport
) -> None:
    """Load a payment file with set-based SQL; foi parses each distinct text once."""
    sheet, mapping = job.sheet, job.mapping
    fname = job.path.name
    identifiers = _stream(con, job, report)
    amount = mapping.amounts[0]

    def sql(name: str) -> str:
        text = load_sql(name)
        for key, ident in identifiers.items():
            text = text.replace("{" + key + "}", ident)
        return text

    fast = "\n".join(
        line for line in load_sql("import_payments_fast").splitlines() if not line.startswith("--")
    )
    days_done = False
    for order, amount in enumerate(mapping.amounts):
        identifiers["amount"] = f"c{sheet.header.index(amount.column)}"
        identifiers["fast"] = fast.replace("{amount}", identifiers["amount"])
        found: dict[str, list[str | None]] = {"amount": [], "supplier": [], "date": []}
        for kind, text in con.execute(sql("import_payments_texts")).fetchall():
            found[kind].append(text)
        _amount_lookup(con, found["amount"], amount.unit)
        if not days_done:
            _payee_and_day_lookups(con, found["supplier"], found["date"], report, fname)
            params = {"dataset": options.dataset, "source_id": job.source_id, "file": fname}
            con.execute(sql("import_payments_subjects"))
            con.execute(sql("import_payments_orgs"), {"dataset": options.dataset})
            con.execute(sql("import_payments_suppliers"), params)
            days_done = True
        # A file name cannot smuggle a placeholder into the locator the view fills in.
        shown = fname.replace("{row}", "(row)")
        what = "Payment" if order == 0 else f"{basis_label(amount.basis)} of the payment"
        # Each figure carries its row in `line`, so the table need not keep file order, and
        # without that promise DuckDB writes the rows from both cores at once.
        con.execute("SET preserve_insertion_order = false")
        con.execute(
            sql("import_payments_load"),
            {
                "dataset": options.dataset,
                "source_id": job.source_id,
                "first_fact": next_fact_id(con),
                "unit": amount.unit,
                "basis": amount.basis,
                "suffix": "" if order == 0 else f"-c{order + 1}",
                "locator": f"{shown}, row {{row}}, column {amount.column!r}",
                "claim": f"{what} on row {{row}} of {shown}.",
            },
        )
        con.execute("RESET preserve_insertion_order")
        _bulk_report(con, report, amount, fname, params, primary=order == 0)
    con.execute("DROP TABLE raw")


def _amount_lookup(con: duckdb.DuckDBPyConnection, texts_found: list, unit: Decimal) -> None:
    """The temp table `amounts`: each distinct amount text read once by foi's parser."""
    texts = [t or "" for t in texts_found]
    parsed = [(t, _parse(t or None, unit)) for t in texts]
    disclosed = [_figure_status(p) == "disclosed" for _, p in parsed]
    _lookup(
        con,
        "amounts",
        {
            "text": ("VARCHAR", [t for t, _ in parsed]),
            "status": ("VARCHAR", [("unparsed" if p.is_percent else p.status) for _, p in parsed]),
            "disclosure": ("VARCHAR", [_figure_status(p) for _, p in parsed]),
            "qualifier": ("VARCHAR", [p.qualifier for _, p in parsed]),
            **{
                column: (
                    "DECIMAL(18, 2)",
                    [
                        _money(getattr(p, attr)) if d else None
                        for (_, p), d in zip(parsed, disclosed, strict=True)
                    ],
                )
                for column, attr in (
                    ("amount_gbp", "value"),
                    ("amount_low_gbp", "low"),
                    ("amount_high_gbp", "high"),
                )
            },
            "exemption_statute": (
                "VARCHAR",
                [p.exemption.statute if p.exemption else None for _, p in parsed],
            ),
            "exemption_sections": (
                "VARCHAR",
                [
                    ";".join(p.exemption.sections) if p.exemption and p.exemption.sections else None
                    for _, p in parsed
                ],
            ),
            "exemption_basis": (
                "VARCHAR",
                [p.exemption.basis if p.exemption else None for _, p in parsed],
            ),
            "exemption_reason": (
                "VARCHAR",
                [p.exemption.reason if p.exemption else None for _, p in parsed],
            ),
        },
    )


def _payee_and_day_lookups(
    con: duckdb.DuckDBPyConnection,
    payees: list,
    day_texts: list,
    report: ImportReport,
    fname: str,
) -> None:
    """The temp tables `payees` (name kept back or not) and `days` (date texts read once).

    Whether 03/04/2020 is 3 April or 4 March is settled per file, by any date in it whose
    first or second number is over 12; where none settles it, UK order (day first) is used
    and the report says so.
    """
    _lookup(
        con,
        "payees",
        {
            "text": ("VARCHAR", payees),
            "status": ("VARCHAR", [_counterparty_status(p or None) for p in payees]),
        },
    )
    day_first = _day_first(day_texts)
    entry = next(f for f in report.files if f["file"] == fname)
    if day_first is False:
        entry["warnings"].append("dates are written month first (e.g. 12/31/2020), as US files do")
    elif day_first is None and any(
        t and re.fullmatch(r"\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}.*", t) for t in day_texts
    ):
        entry["warnings"].append(
            "no date settles whether the day or the month comes first; read day first (UK)"
        )
    day_values = [parse_date(t or None, day_first=day_first is not False) for t in day_texts]
    periods = sum(1 for d in day_values if d and d.precision != "day")
    if periods:
        entry["warnings"].append(
            f"{periods:,} distinct date texts are months or periods (e.g. 201711, Nov-17, "
            "July 2010-September 2010): each is dated to its first day"
        )
    _lookup(
        con,
        "days",
        {
            "text": ("VARCHAR", day_texts),
            "day": ("DATE", [d.value.isoformat() if d else None for d in day_values]),
        },
    )


def _figure_status(parsed: ParsedAmount) -> str:
    return "unknown" if parsed.status == "unparsed" or parsed.is_percent else parsed.status


def _pennies(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_PENNY, rounding=ROUND_HALF_UP)


def _bulk_report(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    amount: AmountColumn,
    fname: str,
    params: dict[str, Any],
    *,
    primary: bool,
    suffix: str | None = None,
) -> None:
    """Fill the import report from the rows just loaded; only the payment counts as paid."""
    tally = report.columns[amount.column]
    which = {
        "dataset": params["dataset"],
        "source_id": params["source_id"],
        "basis": amount.basis,
        "suffix": suffix,
    }
    rows = con.execute(load_sql("import_payments_report"), which).fetchall()
    for status, sections, counterparty, cells, money in rows:
        money = money or Decimal(0)
        if primary:
            report.rows_loaded += cells
            report.payments_rows += cells
            report.payments_total_gbp += money
            if counterparty in ("redacted", "withheld"):
                report.redacted_counterparty_rows += cells
                report.redacted_counterparty_gbp += money
        if status == "disclosed":
            tally.disclosed += cells
            tally.disclosed_total_gbp += money
        elif status == "withheld":
            tally.withheld_cells += cells
            for section in (sections or "unspecified").split(";"):
                tally.withheld[section] += cells
        elif status == "unknown":
            tally.blank += cells
        elif status == "unparsed":
            tally.unparsed += cells
        else:
            setattr(tally, status, getattr(tally, status) + cells)
    if primary:
        loaded = sum(r[3] for r in rows)
        for entry in report.files:
            if entry["file"] == fname:
                entry["rows"] = loaded
    for line, text in con.execute(load_sql("import_payments_unparsed"), which).fetchall():
        if len(tally.unparsed_examples) < 10:
            tally.unparsed_examples.append({"file": fname, "row": line, "text": text})


def _write(
    db_path: Path,
    options: ImportOptions,
    tables: _Tables,
    report: ImportReport,
    jobs: Sequence[_Job] = (),
) -> None:
    """Write into a copy of the database, then swap it in: all or nothing (foi.db)."""
    fresh = not db_path.exists()
    with rewrite(db_path, purpose="import", copy=True) as con:
        if fresh:
            con.execute(load_sql("schema"))
        found = con.execute(
            "SELECT is_default FROM datasets WHERE dataset = $1", [options.dataset]
        ).fetchall()
        if found and found[0][0]:
            raise ImportFailed(
                f"{options.dataset!r} is the shipped, curated dataset; import under another name"
            )
        exists = len(found)
        if exists and options.replace:
            for name in (
                "figure_facts",
                "projects",
                "statuses",
                "organisations",
                "sources",
                "events",
                "discrepancies",
                "groups",
                "datasets",
            ):
                con.execute(f"DELETE FROM {name} WHERE dataset = $1", [options.dataset])
            exists = 0
        if exists:
            known = {
                r[0]
                for r in con.execute(
                    "SELECT source_id FROM sources WHERE dataset = $1", [options.dataset]
                ).fetchall()
            }
            again = [s["source_id"] for s in tables.rows["sources"] if s["source_id"] in known]
            if again:
                raise ImportFailed(
                    f"dataset {options.dataset!r} already holds these files "
                    f"({', '.join(again)}); use --replace to load them afresh"
                )
        for job in jobs:
            if job.mapping.shape == "projects":
                _load_project_rows(con, job, report, tables)
        _status_rows(tables)
        if exists:
            start = con.execute(
                "SELECT coalesce(max(sort_order), 0) FROM statuses WHERE dataset = $1",
                [options.dataset],
            ).fetchall()[0][0]
            for row in tables.rows["statuses"]:
                row["sort_order"] += start
        for name in _TABLES:
            rows = tables.rows[name]
            if rows:
                extra: dict[str, list[Any]] = {"dataset": [options.dataset] * len(rows)}
                if name == "figures":
                    first = next_fact_id(con)
                    extra["fact_id"] = list(range(first, first + len(rows)))
                # figures: no key, and stored in figure_facts (schema.sql)
                verb = "INSERT" if name == "figures" else "INSERT OR IGNORE"
                target = "figure_facts" if name == "figures" else name
                _insert_rows(con, target, verb, rows, extra)
        for job in jobs:
            if job.mapping.shape == "payments":
                _load_bulk(con, job, options, report)
        _check_unparsed(report, options)
        refresh_figure_keys(con, options.dataset)
        if not exists:  # described only now that every row, bulk ones too, is counted
            title = options.source_title or ", ".join(f["file"] for f in report.files)
            con.execute(
                "INSERT INTO datasets VALUES ($1, $2, $3, NULL, NULL, false, $4)",
                [
                    options.dataset,
                    title,
                    f"Imported with python -m foi import: {report.rows_loaded:,} rows "
                    f"from {len(report.files)} file(s).",
                    dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
                ],
            )


def import_files(paths: Sequence[Path], db_path: Path, options: ImportOptions) -> ImportReport:
    """Read, map and parse every file, check the result, then load it atomically."""
    if not DATASET_NAME.fullmatch(options.dataset):
        raise ImportFailed(
            f"dataset name {options.dataset!r} must be lower-case letters, digits and hyphens"
        )
    if not paths:
        raise ImportFailed("no files given")
    report = ImportReport(dataset=options.dataset, db_path=str(db_path))
    tables = _Tables()
    shapes = set()
    jobs: list[_Job] = []
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
        source = _source_row(Path(path), digest, sheet, mapping, options, len(paths))
        if source["source_id"] in tables.seen["sources"]:
            raise ImportFailed(f"{sheet.file}: the same file is given twice")
        tables.add("sources", source["source_id"], source)
        for amount in mapping.amounts:
            report.columns.setdefault(
                amount.column, ColumnReport(amount.column, amount.basis, amount.unit)
            )
        report.files.append(_file_entry(sheet, mapping))
        jobs.append(_Job(Path(path), sheet, mapping, source["source_id"], options))
    if len(shapes) > 1:
        raise ImportFailed("the files mix project tables and payment files; import them separately")
    report.shape = shapes.pop()
    _write(db_path, options, tables, report, jobs)
    return report


def _file_entry(sheet: Sheet, mapping: Mapping) -> dict[str, Any]:
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
                {"column": a.column, "basis": a.basis, "unit": _num(a.unit)}
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


def _check_unparsed(report: ImportReport, options: ImportOptions) -> None:
    """Refuse an import that would leave more than 1% of amount cells unread."""
    if report.unparsed_share > UNPARSED_LIMIT and not options.allow_unparsed:
        examples = [e for c in report.columns.values() for e in c.unparsed_examples][:5]
        shown = "; ".join(f"{e['file']} row {e['row']}: {e['text']!r}" for e in examples)
        raise ImportFailed(
            f"{report.unparsed_share:.1%} of amount cells could not be read (limit 1%): {shown}. "
            "Nothing was loaded. Fix the file, map another column, or pass --allow-unparsed "
            "to load them as unknown."
        )


def render_report(report: ImportReport) -> str:
    """The import report as a person reads it."""
    lines = [f"Imported into dataset {report.dataset!r} ({report.shape})"]
    for f in report.files:
        where = f" sheet {f['sheet']!r}," if f["sheet"] else ""
        enc = f" {f['encoding']}," if f["encoding"] else ""
        lines.append(
            f"  {f['file']}:{where}{enc} header on row {f['header_row']}, {f['rows']:,} rows"
        )
        mapped = ", ".join(f"{k} = {v!r}" for k, v in f["mapping"].items() if k != "amounts")
        lines.append(f"    columns: {mapped or 'none'}")
        choice = f.get("amount_choice")
        if choice:
            lines.append(f"    payment amount: {choice['column']!r}: {choice['why']}")
        for other in f.get("other_money", []):
            lines.append(f"    other money: {other['column']!r} (basis {other['basis']})")
        for item in f.get("not_money", []):
            lines.append(f"    not money: {item['column']!r}: {item['why']}")
        for w in f["warnings"]:
            lines.append(f"    warning: {w}")
        for reason, count in f.get("skipped_by_reason", {}).items():
            rows = [str(s["row"]) for s in report.skipped if s["file"] == f["file"]]
            shown = [
                r
                for r, s in zip(rows, report.skipped, strict=False)
                if s["reason"].startswith(reason)
            ]
            lines.append(
                f"    skipped {count:,} rows: {reason}"
                + (
                    f" (rows {', '.join(shown[:8])}{', ...' if len(shown) > 8 else ''})"
                    if shown
                    else ""
                )
            )
    lines.append(
        f"Rows read {report.rows_read:,}; loaded {report.rows_loaded:,}; "
        f"skipped {report.skipped_rows:,} (not records: each listed above with its reason)"
    )
    for c in report.columns.values():
        withheld = (
            ", ".join(
                f"s.{k}: {v}" if k != "unspecified" else f"no section cited: {v}"
                for k, v in sorted(c.withheld.items())
            )
            or "0"
        )
        lines.append(
            f"  {c.column} (basis {c.basis}): {c.disclosed:,} disclosed totalling "
            f"{format_gbp(c.disclosed_total_gbp, short=False)}; withheld {withheld}; "
            f"redacted {c.redacted}; not held {c.not_held}; not yet available "
            f"{c.not_yet_available}; blank {c.blank}; unparsed {c.unparsed}"
        )
        for e in c.unparsed_examples[:5]:
            lines.append(f"    unparsed: {e['file']} row {e['row']}: {e['text']!r}")
    if report.shape == "payments":
        share = (
            report.redacted_counterparty_gbp / report.payments_total_gbp
            if report.payments_total_gbp
            else 0
        )
        lines.append(
            f"Payments to redacted suppliers: {report.redacted_counterparty_rows:,} rows, "
            f"{format_gbp(report.redacted_counterparty_gbp, short=False)} "
            f"({share:.1%} of {format_gbp(report.payments_total_gbp, short=False)})"
        )
    return "\n".join(lines)

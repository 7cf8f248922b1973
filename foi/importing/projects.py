"""Load a project table set-based: one project a record, one figure per amount cell."""

from __future__ import annotations

from typing import Any

import duckdb

from foi.dates import parse_date
from foi.importing.classify import (
    amount_lookup,
    counterparty_status,
    day_first_of,
    lookup,
    status_word,
)
from foi.importing.report import ImportReport, tally_loaded
from foi.importing.stream import Job, stream_file
from foi.queries import fill, load_sql, next_fact_id


def load_projects(
    con: duckdb.DuckDBPyConnection, job: Job, report: ImportReport, tables: Any
) -> None:
    """A project table, set-based: one project a record, one figure per amount cell.

    foi reads each distinct name, status, date and amount text once (Python); DuckDB writes
    the rows (queries/import_projects_*.sql).
    """
    sheet, mapping, options = job.sheet, job.mapping, job.options
    fname = job.path.name
    ids = stream_file(con, job, report)
    for field_name in ("status", "notes", "project_ref", "start_date", "end_date"):
        header = mapping.fields.get(field_name)
        ids[field_name] = f"c{sheet.header.index(header)}" if header in sheet.header else "NULL"

    def sql(name: str) -> str:
        return fill(load_sql(name), **ids)

    shown = fname.replace("{row}", "(row)")
    params = {"dataset": options.dataset, "source_id": job.source_id, "file": shown}
    as_of = options.as_of or options.source_date
    for n, amount in enumerate(mapping.amounts, start=1):
        ids["amount"] = f"c{sheet.header.index(amount.column)}"
        found: dict[str, list[str | None]] = {"amount": [], "name": [], "status": [], "date": []}
        dates: set[str | None] = set()  # a date text may be a start and an end: read it once
        for kind, text, _ in con.execute(sql("import_projects_texts")).fetchall():
            if kind == "date":
                if text in dates:
                    continue
                dates.add(text)
            found[kind].append(text)
        amount_lookup(con, found["amount"], amount.unit)
        if n == 1:
            lookup(
                con,
                "names",
                {
                    "text": ("VARCHAR", found["name"]),
                    "named": (
                        "BOOLEAN",
                        [
                            t is not None and counterparty_status(t) == "disclosed"
                            for t in found["name"]
                        ],
                    ),
                },
            )
            day_first = day_first_of(found["date"])
            lookup(
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
            words = [t for t in found["status"] if t]
            statuses = [status_word(t) for t in words]
            lookup(
                con,
                "status_words",
                {"text": ("VARCHAR", words), "status": ("VARCHAR", statuses)},
            )
            for word in statuses:
                if word:
                    tables.add("statuses", word, {"status": word})
            con.execute(sql("import_payments_orgs"), {"dataset": options.dataset})
            con.execute(sql("import_projects_load"), params)
            con.execute(load_sql("import_projects_cells"), {**params, "headers": sheet.header})
        con.execute(
            sql("import_projects_figures"),
            {
                **{k: v for k, v in params.items() if k != "file"},
                "n": str(n),
                "basis": amount.basis,
                "as_of": as_of,
                "first_fact": next_fact_id(con) - 1,
                "locator": f"{shown}, row {{row}}, column {amount.column!r}",
                "claim": f"Row {{row}} of {shown}.",
            },
        )
        tally_loaded(con, report, amount, fname, params, primary=False, suffix=f"-c{n}")
    loaded = con.execute(load_sql("import_raw_count")).fetchall()[0][0]
    report.rows_loaded += loaded
    next(f for f in report.files if f["file"] == fname)["rows"] = loaded
    con.execute(load_sql("import_raw_drop"))

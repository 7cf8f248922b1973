"""Downloads of the What changed table: the page's own query, every row, in each format.

CSV, Parquet and JSON are written by DuckDB (`COPY`), XLSX around the same rows, with an
About sheet naming the two releases, the filters and every source the rows cite.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from foi import changes
from foi.exports.copy import copy_to_bytes, fetch_arrow
from foi.exports.formats import format_of
from foi.exports.sources import cited_sources, dataset_meta
from foi.exports.xlsx import write_xlsx

#: The formats the What changed table is offered in.
FORMATS = ("csv", "xlsx", "parquet", "json")


def describe(values: dict[str, Any]) -> str:
    """The rows a download holds, in words: the pair, then each filter that is set."""
    parts = [f"from {values['from']} to {values['to']}"]
    for name, label in (
        ("department", "department"),
        ("field", "cost field"),
        ("change", "change"),
    ):
        if values.get(name):
            shown = values[name]
            if name == "change":
                shown = [changes.change_label(c) for c in shown]
            parts.append(f"{label}: {', '.join(shown)}")
    return "; ".join(parts)


def export_changes(
    con: duckdb.DuckDBPyConnection, fmt: str, values: dict[str, Any], today: dt.date
) -> bytes:
    """Every row of the What changed table the link's filters match, as a `fmt` file."""
    chosen = format_of(fmt)
    params = changes.query_params(
        values["from"],
        values["to"],
        values.get("department"),
        values.get("field"),
        values.get("change"),
    )
    query = changes.page_query()
    if chosen.written_by_duckdb:
        return copy_to_bytes(con, query, params, chosen.name)
    table = fetch_arrow(con, query, params)
    later = dataset_meta(con, values["to"])
    meta = {
        "title": f"What changed: {values['from']} to {values['to']}",
        "dataset": f"{values['from']} and {values['to']}",
        "licence": later.get("licence"),
        "licence_url": later.get("licence_url"),
    }
    sources = cited_sources(con, values["from"], table.column("source_from").to_pylist())
    sources += cited_sources(con, values["to"], table.column("source_to").to_pylist())
    return write_xlsx(
        table, meta, {}, sources, today, sheet="Changes", filters_text=describe(values)
    )


def export_filename(values: dict[str, Any], fmt: str, today: dt.date) -> str:
    """changes_gmpp-2022-to-gmpp-2023_went-dark_2026-12-02.csv: the pair, filters and date."""
    from foi.text import slug

    bits = [slug(values["from"]) + "-to-" + slug(values["to"])]
    for name in ("department", "field", "change"):
        if values.get(name):
            bits.append(slug("-".join(values[name]), limit=40))
    return f"changes_{'_'.join(bits)}_{today.isoformat()}.{format_of(fmt).extension}"

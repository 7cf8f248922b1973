"""A download of exactly the filtered rows a reader sees, in the format asked for.

A researcher who filters the Projects table and downloads it must get those rows and
no others, with every amount to the penny and every row still citing its source. So
every format runs `queries/figure_rows.sql`, the page's own query without paging,
with the page's own bound parameters: DuckDB writes CSV, Parquet and JSON itself;
XLSX and the zip are built around the same rows.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from foi.exports.copy import copy_to_bytes, export_query, fetch_arrow, table_fields, unpaged
from foi.exports.formats import format_of
from foi.exports.package import zip_package
from foi.exports.sources import cited_sources
from foi.exports.sources import dataset_meta as look_up_meta
from foi.exports.xlsx import write_xlsx

#: A download from the page is built in the server's memory (Streamlit hands the browser
#: bytes), so the page offers files of at most this many rows; `python -m foi export`
#: writes any number straight to disk.
IN_MEMORY_ROWS = 1_000_000


def export_rows(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    params: dict,
    order_by: str,
    *,
    filters_for_metadata: dict,
    dataset_meta: dict | None = None,
    today: dt.date | None = None,
) -> bytes:
    """Every row the page's filters match, as the bytes of a `fmt` file.

    `params` is the dict the page binds to `figure_rows.sql`; `limit` and `offset`
    are dropped if present, because a download holds every page. `filters_for_metadata`
    is what the file records as the filters applied (XLSX About sheet, zip).
    `dataset_meta` (title, licence, licence_url, as in `datasets.sql`) is looked up
    when not given.
    """
    chosen = format_of(fmt)
    bound = unpaged(params)
    query = export_query(order_by)
    if chosen.written_by_duckdb:
        return copy_to_bytes(con, query, bound, chosen.name)
    dataset = bound["dataset"]
    found = dataset_meta if dataset_meta is not None else look_up_meta(con, dataset)
    meta = {"dataset": dataset, **found}
    when = today or dt.date.today()
    if chosen.name == "xlsx":
        table = fetch_arrow(con, query, bound)
        sources = cited_sources(con, dataset, table.column("source_id").to_pylist())
        return write_xlsx(table, meta, filters_for_metadata, sources, when)
    data = copy_to_bytes(con, query, bound, "csv")
    fields = table_fields(con, query, bound)
    return zip_package(data, fields, meta, filters_for_metadata, con, dataset, when)

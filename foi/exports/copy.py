"""The page's query, run without paging, written by DuckDB or fetched as Arrow.

CSV, Parquet and JSON are written by DuckDB itself (`COPY (query) TO ...`), which
keeps DECIMAL amounts exact and dates ISO without a detour through pandas and
floats. DuckDB 2.0 binds prepared parameters inside COPY, the target path
included, so no value is ever spliced into SQL text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from foi.exports.columns import COLUMN_DESCRIPTIONS
from foi.exports.formats import ExportFormat, copy_format
from foi.queries import cursor, fill, load_sql, render_sql

#: Paging belongs to the table on screen, not to the file: a download holds every page.
_PAGING = ("limit", "offset")

_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)


def export_query(order_by: str) -> str:
    """`figure_rows.sql` with its sort filled in, ready to sit inside COPY (...).

    The page's own query, bound with `$limit` NULL (see `unpaged`), so a download
    holds exactly the rows, columns and order of every page. `order_by` must already
    be an allow-listed fragment, as for `foi.queries.run`.
    """
    sql = render_sql("figure_rows", order_by=order_by)
    return sql.strip().rstrip(";")


def safe_cells(query: str) -> str:
    """`query` with every text cell that would run as a spreadsheet formula made inert.

    See queries/export_safe_cells.sql: the rule is declared there once, for every CSV
    the explorer writes (Projects, the zip's data.csv, the CLI, the API, the console).
    """
    return fill(load_sql("export_safe_cells"), query=query).strip().rstrip(";")


def unpaged(params: dict) -> dict:
    """The page's parameters with every row asked for: LIMIT NULL OFFSET 0."""
    return {**{k: v for k, v in params.items() if k not in _PAGING}, "limit": None, "offset": 0}


def copy_to_file(
    con: duckdb.DuckDBPyConnection, fmt: str, params: dict, order_by: str, path: Path
) -> None:
    """Write every row the filters match straight to `path` with DuckDB COPY (CSV, Parquet, JSON).

    The same query, rows and order as the page's downloads, without holding the file in
    memory: for extracts too big for a browser download.
    """
    written = copy_format(fmt)
    _copy(con, export_query(order_by), unpaged(params), written, path)


def copy_to_bytes(con: duckdb.DuckDBPyConnection, query: str, params: dict, fmt: str) -> bytes:
    """Let DuckDB write the file into a private temporary directory, then read it back.

    The directory is ours alone and removed on the way out, so no export is left on
    disk and no other user can swap the file between write and read.
    """
    written = copy_format(fmt)
    with tempfile.TemporaryDirectory(prefix="foi-export-") as tmp:
        path = Path(tmp) / f"export.{written.extension}"
        _copy(con, query, params, written, path)
        return path.read_bytes()


def _copy(
    con: duckdb.DuckDBPyConnection, query: str, params: dict, fmt: ExportFormat, path: Path
) -> None:
    """One COPY on its own cursor, the target path bound like every other value."""
    if fmt.formula_safe:
        query = safe_cells(query)
    cur = cursor(con)
    try:
        sql = fill(load_sql("export_copy"), options=fmt.copy_options, query=query)
        cur.execute(sql, {**params, "export_path": str(path)})
    finally:
        cur.close()


def fetch_arrow(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> pa.Table:
    """The whole result as Arrow, for writers DuckDB has no COPY format for (XLSX)."""
    cur = cursor(con)
    try:
        return cur.sql(query, params=params).to_arrow_table()
    finally:
        cur.close()


def table_fields(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> list[dict[str, str]]:
    """Table Schema fields from the query's own column types (bound, not run)."""
    cur = cursor(con)
    try:
        rel = cur.sql(query, params=params)
        columns = list(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    finally:
        cur.close()
    return [
        {
            "name": name,
            "type": table_schema_type(sql_type),
            "description": COLUMN_DESCRIPTIONS.get(name, ""),
        }
        for name, sql_type in columns
    ]


def table_schema_type(sql_type: str) -> str:
    """Table Schema type for a DuckDB type; anything unknown is a string, which always fits."""
    base = sql_type.upper().split("(")[0]
    if base in ("DECIMAL", "DOUBLE", "FLOAT", "REAL"):
        return "number"
    if base in _INTEGER_TYPES:
        return "integer"
    return {"BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime"}.get(base, "string")

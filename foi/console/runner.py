"""Running a checked query on a locked connection: under a time limit, a page or a download.

A query runs on a worker thread; when the time limit passes the connection is interrupted
and `QueryTimeout` is raised. Each query has its own connection (`open_sandbox`), so
nothing is shared or locked between visitors while it runs. `run_page` is the form the
page caches: refusals and DuckDB's errors come out the same every time, so they are
returned as values; a timeout may not recur, so it is raised and tried afresh.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from foi.console.check import check_sql, wrap
from foi.console.connection import open_sandbox
from foi.console.errors import (
    ExportTooLarge,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    failure,
    hidden,
)
from foi.console.limits import (
    DEFAULT_TIMEOUT,
    EXPORT_TIMEOUT,
    MAX_EXPORT_BYTES,
    MAX_PAGE_BYTES,
    PAGE_SIZE,
)
from foi.db import quote
from foi.exports.formats import COPY_FORMATS, copy_format
from foi.paging import page_offset

#: After interrupting, how long to wait for DuckDB to stop before giving up on the worker.
_GRACE = 2.0
_POLL = 0.05

#: Download formats: those DuckDB's COPY writes (queries/console_export.sql), from the one
#: format registry (foi/exports/formats.py).
EXPORT_FORMATS = COPY_FORMATS

#: Column types a page of results keeps; any other (INTERVAL, UUID, BLOB, lists, structs, maps,
#: unions, HUGEINT, TIME, BIT, ENUM, ...) comes back as DuckDB's own text for it, e.g. "3 days".
#: Every type kept here arrives in Arrow as one the page's grid shows as it is. Downloads keep
#: every type as it is.
GRID_TYPES = frozenset(
    {
        "boolean",
        "tinyint",
        "smallint",
        "integer",
        "bigint",
        "utinyint",
        "usmallint",
        "uinteger",
        "ubigint",
        "float",
        "double",
        "decimal",
        "varchar",
        "date",
        "timestamp",
        "timestamp_s",
        "timestamp_ms",
        "timestamp_ns",
        "timestamp with time zone",
    }
)

_PAGE = frozenset({"limit", "offset"})
_EXPORT = frozenset({"path"})

T = TypeVar("T")


@dataclass(frozen=True)
class QueryResult:
    """One page of a query's result, the number of rows it has in all, and the time taken."""

    table: pa.Table
    total_rows: int
    elapsed: float


def run_query(
    db_path: Path | str,
    dataset: str,
    sql: str,
    *,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """One page (`limit` rows from `offset`) of a checked query's result, and its row count.

    Columns of types outside GRID_TYPES come back as text, as DuckDB writes them.
    Both the page and the count run under one time limit. Raises QueryRefused,
    QueryTimeout or QueryFailed with a message fit to show.
    """
    if not 0 <= int(limit) <= 10_000 or int(offset) < 0:
        raise ValueError("limit must be 0..10,000 and offset at least 0")
    body = check_sql(sql)
    page_sql = wrap("console_page", body, duckdb.StatementType.SELECT, _PAGE)
    count_sql = wrap("console_count", body, duckdb.StatementType.SELECT, frozenset())
    started = time.perf_counter()
    con = open_sandbox(db_path, dataset)

    def job(c: duckdb.DuckDBPyConnection) -> tuple[pa.Table, int]:
        # On the connection itself, not a cursor: interrupt() stops this connection's query.
        page = _as_grid(c.sql(page_sql, params={"limit": int(limit), "offset": int(offset)}))
        table = page.to_arrow_table()
        if table.nbytes > MAX_PAGE_BYTES:
            raise QueryFailed(
                f"This page of results is {table.nbytes / 1024 / 1024:.0f} MB, more than the "
                f"console shows ({MAX_PAGE_BYTES // (1024 * 1024)} MB). Select fewer or "
                "shorter columns."
            )
        total = c.sql(count_sql).fetchall()[0][0]
        return table, int(total)

    table, total = _guarded(con, job, timeout, hide=hidden(db_path))
    return QueryResult(table=table, total_rows=total, elapsed=time.perf_counter() - started)


def _as_grid(page: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """The page with every column outside GRID_TYPES cast to DuckDB's text for it.

    Result column names are unique (DuckDB renames repeats in the wrapping subquery), so
    each can be named in the projection.
    """
    if all(t.id in GRID_TYPES for t in page.types):
        return page
    return page.project(
        ", ".join(
            quote(name) if t.id in GRID_TYPES else f"{quote(name)}::VARCHAR AS {quote(name)}"
            for name, t in zip(page.columns, page.types, strict=True)
        )
    )


def run_page(
    db_path: Path | str, dataset: str, sql: str, page: int, *, size: int = PAGE_SIZE
) -> tuple[QueryResult | None, str | None]:
    """Page `page` (from 1) of the result, or the reason there is none, as values to cache.

    Refusals and DuckDB's errors are returned, as they come out the same every time; a
    timeout (QueryTimeout) is raised, so a cache does not keep it.
    """
    try:
        result = run_query(db_path, dataset, sql, limit=size, offset=page_offset(page, size))
    except (QueryRefused, QueryFailed) as exc:
        return None, str(exc)
    return result, None


def export_query(
    db_path: Path | str,
    dataset: str,
    sql: str,
    fmt: str,
    *,
    timeout: float = EXPORT_TIMEOUT,
    max_bytes: int = MAX_EXPORT_BYTES,
) -> bytes:
    """The whole result of a checked query as the bytes of a CSV, Parquet or JSON file.

    DuckDB writes the file itself (COPY) into a private temporary directory that
    is the only place this sandbox may write; the result never passes through pandas.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    body = check_sql(sql)
    written = copy_format(fmt)
    if written.formula_safe:  # no cell of the CSV runs as a spreadsheet formula
        body = wrap("export_safe_cells", body, duckdb.StatementType.SELECT, frozenset())
    copy_sql = wrap(
        "console_export",
        body,
        duckdb.StatementType.COPY,
        _EXPORT,
        options=written.copy_options or "",
    )
    with tempfile.TemporaryDirectory(prefix="foi-sql-") as tmp:
        folder = Path(tmp).resolve()
        out = folder / f"result.{written.extension}"

        def watch() -> str | None:
            return "too_large" if _folder_size(folder) > max_bytes else None

        con = open_sandbox(db_path, dataset, export_dir=folder)
        _guarded(
            con,
            lambda c: c.execute(copy_sql, {"path": str(out)}),
            timeout,
            watch=watch,
            hide=hidden(db_path, folder),
        )
        if _folder_size(folder) > max_bytes:
            raise ExportTooLarge(_too_large())
        return out.read_bytes()


def _folder_size(folder: Path) -> int:
    """Bytes written so far into the download's folder (DuckDB may write more than one file)."""
    total = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                total += entry.stat().st_size
            except FileNotFoundError:
                continue
    return total


def _guarded(
    con: duckdb.DuckDBPyConnection,
    job: Callable[[duckdb.DuckDBPyConnection], T],
    timeout: float,
    *,
    watch: Callable[[], str | None] | None = None,
    hide: tuple[str, ...] = (),
) -> T:
    """Run `job(con)` on a worker thread; interrupt it at the deadline or when `watch` says so.

    The worker closes the connection when the job ends. If DuckDB does not stop
    within a grace period after the interrupt, the caller gets QueryTimeout anyway
    and the worker finishes (and closes the connection) on its own.
    """
    done = threading.Event()
    lock = threading.Lock()
    closed = False
    box: dict[str, Any] = {}

    def target() -> None:
        nonlocal closed
        try:
            box["value"] = job(con)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
        finally:
            with lock:
                closed = True
                con.close()
            done.set()

    worker = threading.Thread(target=target, name="foi-sql-query", daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout
    reason: str | None = None
    while not done.wait(max(0.0, min(_POLL, deadline - time.monotonic()))):
        if time.monotonic() >= deadline:
            reason = "timeout"
        elif watch is not None:
            reason = watch()
        if reason:
            with lock:
                if not closed:
                    con.interrupt()
            done.wait(_GRACE)
            break
    if not done.is_set() or (reason == "timeout" and "error" in box):
        raise QueryTimeout(
            f"The query was stopped after {timeout:g} seconds, the console's time limit. "
            "Narrow it down: filter or aggregate earlier, or avoid joining large tables "
            "without a condition."
        )
    if reason == "too_large" and "error" in box:
        raise ExportTooLarge(_too_large())
    if "error" in box:
        raise failure(box["error"], hide) from None
    return box["value"]


def _too_large() -> str:
    """Why a download stopped, with the size the console will build."""
    return (
        f"The download would be larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MB, the most "
        "the console builds. Select fewer rows or columns, or aggregate."
    )

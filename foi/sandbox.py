"""Researchers' own SQL, read-only, over one dataset, under a time and memory limit.

A researcher who wants a cut the pages do not offer can write a SELECT. The
console must let them read the current dataset and nothing else: no file on
the server, no other visitor's upload, no write to the database, no setting
changed, no extension loaded, and no query that holds the server for minutes.

Two layers, so that either alone stops an escape:

1. `check_sql` reads the text with DuckDB's own parser (`extract_statements`)
   and lets through exactly one statement of type SELECT (which covers
   `WITH ... SELECT`, `VALUES`, `FROM t`, `TABLE t`, `DESCRIBE`, `SHOW` and
   `SUMMARIZE`), without parameters. It then reads the statement's syntax tree
   (`json_serialize_sql`) and refuses table functions outside a short allow-list
   (no `read_csv`, `glob`, `query`, `json_execute_serialized_sql`, `checkpoint`,
   ...) and the few functions and views that would show server settings or the
   database file's path (`getenv`, `current_setting`, `duckdb_databases`, ...).
2. `open_sandbox` runs every query on a fresh in-memory DuckDB that ATTACHes
   the visitor's database file READ_ONLY as `db`, defines one plain-named view
   per table (`figures`, `projects`, ...) holding only the current dataset,
   caps memory and threads, then switches off external access (files, network,
   extensions, Python replacement scans) and locks the configuration, so no
   later statement can switch anything back on.

The attached catalog `db` stays readable (the views need it): `db.figures`
holds every dataset of the visitor's file. That file is either the shared one,
which holds only the public datasets, or the visitor's own session copy (the
public datasets plus their own uploads), so `db.*` shows nothing the visitor
could not already open with `?dataset=`.

A query runs on a worker thread; when the time limit passes the connection is
interrupted and `QueryTimeout` is raised. Each query has its own connection,
so nothing is shared or locked between visitors while it runs.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from foi.config import DATA_DIR, QUERIES_DIR
from foi.exports import COLUMN_DESCRIPTIONS
from foi.queries import load_sql, query_names
from foi.state import MAX_SQL_CHARS

PAGE_SIZE = 100
DEFAULT_TIMEOUT = 5.0
EXPORT_TIMEOUT = 30.0
MEMORY_LIMIT = "512MB"
THREADS = 1
#: One page of results goes to the browser; this keeps a page of huge cells from flooding it.
MAX_PAGE_BYTES = 16 * 1024 * 1024
#: A download is held in memory until the browser fetches it.
MAX_EXPORT_BYTES = 100 * 1024 * 1024
#: After interrupting, how long to wait for DuckDB to stop before giving up on the worker.
_GRACE = 2.0
_POLL = 0.05

EXPORT_FORMATS = ("csv", "parquet", "json")
_COPY_OPTIONS = {
    "csv": "FORMAT csv, HEADER true, DELIMITER ','",
    "parquet": "FORMAT parquet",
    "json": "FORMAT json, ARRAY true",
}

#: The order the schema browser lists the dataset's tables in; any other table follows.
TABLE_ORDER = (
    "figures",
    "projects",
    "groups",
    "statuses",
    "organisations",
    "sources",
    "events",
    "discrepancies",
    "datasets",
    "figure_rows",
    "figure_keys",
    "group_members",
)

#: Tables that only store what a view presents: `figure_facts` holds row-located
#: locators as templates, and the view `figures` writes them out (schema.sql).
STORAGE_ONLY = frozenset({"figure_facts"})

#: Table functions a query may call: generators and read-only catalogue listings.
#: Everything else is refused: file readers (read_csv, read_text, read_blob, glob,
#: read_duckdb, parquet_*, sniff_csv), SQL run from a string (query, query_table,
#: json_execute_serialized_sql), side effects (checkpoint, enable_logging, ...) and
#: the client's internal scans (arrow_scan, pandas_scan, ...).
TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "repeat",
        "repeat_row",
        "json_each",
        "json_tree",
        "summary",
        "histogram",
        "histogram_values",
        "pragma_version",
        "pragma_platform",
        "pragma_table_info",
        "pragma_show",
        "pragma_collations",
        "pragma_storage_info",
        "duckdb_columns",
        "duckdb_constraints",
        "duckdb_dependencies",
        "duckdb_functions",
        "duckdb_indexes",
        "duckdb_keywords",
        "duckdb_optimizers",
        "duckdb_schemas",
        "duckdb_sequences",
        "duckdb_tables",
        "duckdb_types",
        "duckdb_views",
        "icu_calendar_names",
        "pg_timezone_names",
        "test_all_types",
    }
)

#: Functions that read the server's environment or settings (paths, home directory).
DENIED_FUNCTIONS = frozenset({"getenv", "current_setting"})

#: Catalogue views that show the database file's path on the server or its settings.
DENIED_TABLES = frozenset(
    {
        "duckdb_databases",
        "pragma_database_list",
        "duckdb_settings",
        "pg_settings",
        "duckdb_secrets",
        "duckdb_temporary_files",
        "duckdb_extensions",
    }
)

#: Column types a page of results keeps; any other (INTERVAL, UUID, BLOB, lists, structs, maps,
#: unions, HUGEINT, TIME, BIT, ENUM, ...) comes back as DuckDB's own text for it, e.g. "3 days".
#: Downloads keep every type as it is.
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

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")

#: Descriptions for columns no data package describes (derived tables and views).
_EXTRA_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "*": {"dataset": "The dataset the row belongs to; here always the current one."},
    "group_members": {
        "group_id": "A group the project belongs to, directly or through a nested group.",
        "project_id": "A project in that group.",
        "named": "False for placeholders standing in for projects a source counts but does "
        "not name.",
    },
    "figure_keys": {
        "fact_id": "The figure this row is about (empty for a project with no figure): "
        "the Projects page sorts and pages these lean rows, then fetches the details of the "
        "rows it shows.",
        "subject_id": "project_id or group_id of the project or group the row is about.",
        "level": "Whether the row is about one project or about a group of projects.",
    },
    "figures": {
        "fact_id": "A number for the figure, unique in the database file; figure_keys points "
        "to it.",
        "line": "Row of the source file the figure was read from, for figures loaded from a "
        "file's rows (payment files); empty for figures compiled by hand.",
    },
    "figure_rows": {
        "group_id": "For a project, the innermost group it belongs to; for a group, the group "
        "enclosing it.",
        "search_text": "Lower-cased text the Projects page's search looks in (name, claim, "
        "supplier, category, area, reference, source).",
    },
    "sources": {"published_date": "First day of `published`, for sorting."},
    "datasets": {
        "title": "Title of the dataset.",
        "description": "What the dataset holds and where it comes from.",
        "licence": "Licence of the compiled dataset.",
        "licence_url": "Where to read the licence.",
        "is_default": "True for the dataset a link without ?dataset= opens.",
        "built_at": "When the build or import loaded the dataset.",
    },
}


class SandboxError(Exception):
    """Anything the console reports to the researcher instead of a result."""


class QueryRefused(SandboxError, ValueError):
    """The text is not a single read-only SELECT the console may run."""


class QueryTimeout(SandboxError, RuntimeError):
    """The query ran past the time limit and was stopped."""


class QueryFailed(SandboxError, RuntimeError):
    """DuckDB ran the query and reported an error (missing column, no permission, ...)."""


class ExportTooLarge(SandboxError, RuntimeError):
    """A download grew past the size the console will build."""


@dataclass(frozen=True)
class QueryResult:
    """One page of a query's result, the number of rows it has in all, and the time taken."""

    table: pa.Table
    total_rows: int
    elapsed: float


# --- checking the text --------------------------------------------------------------------


def _parser() -> duckdb.DuckDBPyConnection:
    """A bare in-memory connection used only to parse, never to run, a researcher's text."""
    return duckdb.connect(":memory:", config={"threads": 1})


def check_sql(sql: str) -> str:
    """The one SELECT statement in `sql`, without a trailing `;`; QueryRefused otherwise."""
    if not isinstance(sql, str) or not sql.strip():
        raise QueryRefused("Write a query first: the text holds no SQL statement.")
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused(f"The query is longer than {MAX_SQL_CHARS:,} characters.")
    if "\x00" in sql:
        raise QueryRefused("The query holds a NUL byte.")
    con = _parser()
    try:
        statements = _statements(con, sql)
        if not statements:
            raise QueryRefused("Write a query first: the text holds only comments.")
        if len(statements) > 1:
            raise QueryRefused(
                f"Only one statement can run at a time; this text holds {len(statements)} "
                "(separated by ';')."
            )
        (statement,) = statements
        _require_select(statement)
        if statement.named_parameters:
            raise QueryRefused(
                "Parameters such as $name or ? cannot be filled in here; write the value into "
                "the query, e.g. WHERE status = 'stopped'."
            )
        body = _strip_terminator(sql)
        _check_names(con, body)
        return body
    finally:
        con.close()


def _statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[Any]:
    try:
        return con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"DuckDB could not read the query: {_first_line(exc)}") from None


def _require_select(statement: Any) -> None:
    try:
        kind = statement.type
    except ValueError:  # a statement type the Python client has no name for (UPDATE EXTENSIONS)
        name = "non-SELECT"
    else:
        if kind == duckdb.StatementType.SELECT:
            return
        name = {"LOAD": "INSTALL or LOAD", "MULTI": "PIVOT or another multi-step"}.get(
            kind.name, kind.name
        )
    raise QueryRefused(
        f"Only a single SELECT query can run here (SELECT, WITH ... SELECT, VALUES, FROM, "
        f"DESCRIBE, SUMMARIZE); this is a {name} statement. The console is read-only."
    )


def _strip_terminator(sql: str) -> str:
    """The text up to any final `;`, dropping the `;`s and comments that follow it.

    DuckDB's tokenizer gives byte offsets into the UTF-8 text, so the cut is made in bytes.
    """
    data = sql.encode("utf-8")
    cut = len(data)
    for position, kind in reversed(duckdb.tokenize(sql)):
        if kind == duckdb.token_type.comment:
            continue
        if kind == duckdb.token_type.operator and data[position : position + 1] == b";":
            cut = position
            continue
        break
    return data[:cut].decode("utf-8").strip()


def _check_names(con: duckdb.DuckDBPyConnection, body: str) -> None:
    """Refuse table functions outside the allow-list and the functions and views denied."""
    raw = con.execute("SELECT json_serialize_sql($sql)", {"sql": body}).fetchone()[0]
    tree = json.loads(raw)
    if tree.get("error"):
        # A SELECT the serializer does not cover (PIVOT inside a query): judge it by its words.
        _check_words(body)
        return
    table_functions, functions, tables = _names(tree)
    unknown = sorted(table_functions - TABLE_FUNCTIONS)
    if unknown:
        raise QueryRefused(
            f"The table function {unknown[0]}() is not available in the console: it reads only "
            "the dataset's tables and views, and generators such as range() or unnest()."
        )
    denied = sorted(functions & DENIED_FUNCTIONS)
    if denied:
        raise QueryRefused(
            f"{denied[0]}() is not available in the console: it reads server settings."
        )
    hidden = sorted(tables & DENIED_TABLES)
    if hidden:
        raise QueryRefused(
            f"{hidden[0]} is not available in the console: it shows server settings or file paths."
        )


def _names(tree: Any) -> tuple[set[str], set[str], set[str]]:
    """Table functions, functions and tables named anywhere in a serialized statement."""
    table_functions: set[str] = set()
    functions: set[str] = set()
    tables: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
            table_functions.add(str(node["function"].get("function_name", "")).lower())
        if node.get("class") == "FUNCTION" and "function_name" in node:
            functions.add(str(node["function_name"]).lower())
        if kind == "BASE_TABLE" and "table_name" in node:
            tables.add(str(node["table_name"]).lower())
        stack.extend(node.values())
    return table_functions, functions, tables


@cache
def _all_table_functions() -> frozenset[str]:
    con = _parser()
    try:
        rows = con.execute(
            "SELECT DISTINCT function_name FROM duckdb_functions() "
            "WHERE function_type IN ('table', 'table_macro')"
        ).fetchall()
    finally:
        con.close()
    return frozenset(r[0].lower() for r in rows)


def _check_words(body: str) -> None:
    """Without a syntax tree: refuse if any denied name appears as a word at all."""
    denied = (_all_table_functions() - TABLE_FUNCTIONS) | DENIED_FUNCTIONS | DENIED_TABLES
    words = {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", body)}
    found = sorted(words & denied)
    if found:
        raise QueryRefused(
            f"{found[0]} is not available in the console: it reads files, runs SQL from a "
            "string or shows server settings."
        )


def _check_wrapped(sql: str, kind: duckdb.StatementType, parameters: set[str]) -> None:
    """The console's own wrapper around a checked query must still be one statement."""
    con = _parser()
    try:
        statements = con.extract_statements(sql)
    except (duckdb.Error, ValueError):
        raise QueryRefused("The query cannot be wrapped for paging; check its brackets.") from None
    finally:
        con.close()
    try:
        same = (
            len(statements) == 1
            and statements[0].type == kind
            and set(statements[0].named_parameters) == parameters
        )
    except ValueError:
        same = False
    if not same:
        raise QueryRefused("The query cannot be wrapped for paging; check its brackets.")


# --- the sandbox --------------------------------------------------------------------------


def _ident(name: str) -> str:
    """A quoted SQL identifier (a result column's own name)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """A SQL string literal (the value comes from the database's own list of datasets)."""
    return "'" + text.replace("'", "''") + "'"


def _dataset_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of the attached file that carry a `dataset` column, in browsing order."""
    rows = con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() "
        "WHERE database_name = 'db' AND schema_name = 'main' AND column_name = 'dataset'"
    ).fetchall()
    names = [r[0] for r in rows if _IDENTIFIER.fullmatch(r[0]) and r[0] not in STORAGE_ONLY]
    rank = {name: i for i, name in enumerate(TABLE_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def open_sandbox(
    db_path: Path | str, dataset: str, *, export_dir: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A fresh, locked, in-memory connection whose plain table names show only `dataset`.

    `export_dir`, when given, is the one directory the connection may write to (for
    a download); it must be private to this call.
    """
    path = Path(db_path)
    if not path.is_file():
        raise QueryFailed("The database is not available; reload the page.")
    con = duckdb.connect(":memory:", config={"threads": THREADS, "memory_limit": MEMORY_LIMIT})
    try:
        con.execute("ATTACH $path AS db (READ_ONLY)", {"path": str(path)})
        known = {r[0] for r in con.execute("SELECT dataset FROM db.main.datasets").fetchall()}
        if dataset not in known:
            raise QueryRefused(f"There is no dataset {dataset!r} in this database.")
        where = _literal(dataset)
        for name in _dataset_tables(con):
            con.execute(
                f'CREATE VIEW memory.main."{name}" AS '
                f'SELECT * FROM db.main."{name}" WHERE dataset = {where}'
            )
        con.execute("USE memory.main")
        settings = [
            f"SET memory_limit = {_literal(MEMORY_LIMIT)}",
            f"SET threads = {THREADS}",
            "SET temp_directory = ''",
            "SET python_enable_replacements = false",
        ]
        if export_dir is not None:
            settings.append(f"SET allowed_directories = [{_literal(str(export_dir) + os.sep)}]")
        settings += [
            "SET enable_external_access = false",
            "SET allow_community_extensions = false",
            "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false",
            "SET lock_configuration = true",
        ]
        for statement in settings:
            con.execute(statement)
        _verify_locked(con)
    except duckdb.Error as exc:  # a missing or unreadable file, or one from another schema
        con.close()
        raise _failure(exc, _hidden(path)) from None
    except BaseException:
        con.close()
        raise
    return con


def _verify_locked(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to hand out a connection whose lock-down did not take."""
    wanted = {
        "enable_external_access": "false",
        "allow_community_extensions": "false",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "python_enable_replacements": "false",
        "lock_configuration": "true",
        "threads": str(THREADS),
    }
    rows = con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE list_contains($names, name)",
        {"names": list(wanted)},
    ).fetchall()
    found = dict(rows)
    if found != wanted:
        raise RuntimeError(f"the SQL sandbox could not be locked down: {found}")


T = TypeVar("T")


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
        raise _failure(box["error"], hide) from None
    return box["value"]


def _too_large() -> str:
    return (
        f"The download would be larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MB, the most "
        "the console builds. Select fewer rows or columns, or aggregate."
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _failure(exc: BaseException, hide: tuple[str, ...]) -> BaseException:
    """A DuckDB error as the researcher should read it: no server paths, no traceback."""
    if isinstance(exc, SandboxError):
        return exc
    if not isinstance(exc, duckdb.Error):
        return exc
    message = str(exc).strip()
    for secret in sorted((h for h in hide if h), key=len, reverse=True):
        message = message.replace(secret, "<server path>")
    if len(message) > 1000:
        message = message[:1000] + " ..."
    if isinstance(exc, duckdb.PermissionException):
        message += (
            "\nThe console cannot read or write files, attach databases, install or load "
            "extensions, or change settings; it reads the dataset's tables only."
        )
    elif isinstance(exc, duckdb.OutOfMemoryException):
        message = (
            f"The query needed more than the console's {MEMORY_LIMIT} of memory. Aggregate or "
            "filter earlier, or select fewer columns."
        )
    return QueryFailed(message)


def _hidden(db_path: Path | str, *extra: Path) -> tuple[str, ...]:
    path = Path(db_path)
    hide = [str(path.resolve()), str(path), *(str(e) for e in extra)]
    if len(path.resolve().parent.parts) > 2:  # a private folder, never "/" or "/tmp" alone
        hide.append(str(path.resolve().parent))
    return tuple(hide)


# --- running --------------------------------------------------------------------------------


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
    page_sql = f"SELECT * FROM (\n{body}\n) AS result LIMIT $limit OFFSET $offset"
    count_sql = f"SELECT count(*) AS n FROM (\n{body}\n) AS result"
    _check_wrapped(page_sql, duckdb.StatementType.SELECT, {"limit", "offset"})
    _check_wrapped(count_sql, duckdb.StatementType.SELECT, set())
    started = time.perf_counter()
    con = open_sandbox(db_path, dataset)

    def job(c: duckdb.DuckDBPyConnection) -> tuple[pa.Table, int]:
        # On the connection itself, not a cursor: interrupt() stops this connection's query.
        page = c.sql(page_sql, params={"limit": int(limit), "offset": int(offset)})
        if any(t.id not in GRID_TYPES for t in page.types):
            page = page.project(
                ", ".join(
                    _ident(name)
                    if t.id in GRID_TYPES
                    else f"{_ident(name)}::VARCHAR AS {_ident(name)}"
                    for name, t in zip(page.columns, page.types, strict=True)
                )
            )
        table = page.to_arrow_table()
        if table.nbytes > MAX_PAGE_BYTES:
            raise QueryFailed(
                f"This page of results is {table.nbytes / 1024 / 1024:.0f} MB, more than the "
                f"console shows ({MAX_PAGE_BYTES // (1024 * 1024)} MB). Select fewer or "
                "shorter columns."
            )
        total = c.sql(count_sql).fetchall()[0][0]
        return table, int(total)

    table, total = _guarded(con, job, timeout, hide=_hidden(db_path))
    return QueryResult(table=table, total_rows=total, elapsed=time.perf_counter() - started)


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
    copy_sql = f"COPY (SELECT * FROM (\n{body}\n) AS result) TO $path ({_COPY_OPTIONS[fmt]})"
    _check_wrapped(copy_sql, duckdb.StatementType.COPY, {"path"})
    with tempfile.TemporaryDirectory(prefix="foi-sql-") as tmp:
        folder = Path(tmp).resolve()
        out = folder / f"result.{fmt}"

        def size() -> int:
            total = 0
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        total += entry.stat().st_size
                    except FileNotFoundError:
                        continue
            return total

        def watch() -> str | None:
            return "too_large" if size() > max_bytes else None

        con = open_sandbox(db_path, dataset, export_dir=folder)
        _guarded(
            con,
            lambda c: c.execute(copy_sql, {"path": str(out)}),
            timeout,
            watch=watch,
            hide=_hidden(db_path, folder),
        )
        if size() > max_bytes:
            raise ExportTooLarge(_too_large())
        return out.read_bytes()


# --- what there is to query -----------------------------------------------------------------


@cache
def column_descriptions() -> dict[str, dict[str, str]]:
    """table -> column -> what it holds, from the data package, the exports and schema.sql."""
    found: dict[str, dict[str, str]] = {}
    for table, columns in _schema_comments().items():
        found.setdefault(table, {}).update(columns)
    for table, columns in _EXTRA_DESCRIPTIONS.items():
        found.setdefault(table, {}).update(columns)
    for table in ("figure_rows", "figure_rows_source", "figure_keys"):
        found.setdefault(table, {}).update(COLUMN_DESCRIPTIONS)
    package = DATA_DIR / "datapackage.json"
    if package.is_file():
        for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
            fields = resource.get("schema", {}).get("fields", [])
            described = {f["name"]: f["description"] for f in fields if f.get("description")}
            found.setdefault(resource.get("name", ""), {}).update(described)
    return found


def _schema_comments() -> dict[str, dict[str, str]]:
    """Column comments in queries/schema.sql: `    name  TYPE, -- what it holds`."""
    path = QUERIES_DIR / "schema.sql"
    if not path.is_file():
        return {}
    found: dict[str, dict[str, str]] = {}
    table = None
    for line in path.read_text(encoding="utf-8").splitlines():
        start = re.match(r"CREATE (?:TABLE|VIEW) (\w+)", line)
        if start:
            table = start.group(1)
            continue
        column = re.match(r"\s+(\w+)\s+[A-Z][A-Z0-9(), ]*[^-]*--\s*(.+)$", line)
        if table and column and column.group(1).upper() != column.group(1):
            found.setdefault(table, {})[column.group(1)] = column.group(2).strip()
    return found


def describe(table: str, column: str) -> str:
    """What a column of one of the console's tables holds ("" when nothing says)."""
    known = column_descriptions()
    return known.get(table, {}).get(column) or known["*"].get(column) or ""


def schema(db_path: Path | str, dataset: str) -> list[dict[str, str]]:
    """Every column of every table the console offers: table, column, type, description."""
    con = open_sandbox(db_path, dataset)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = 'memory' AND schema_name = 'main' "
            "ORDER BY table_name, column_index"
        ).fetchall()
    finally:
        con.close()
    rank = {name: i for i, name in enumerate(TABLE_ORDER)}
    rows.sort(key=lambda r: (rank.get(r[0], len(rank)), r[0]))
    return [
        {"table": t, "column": c, "type": ty, "description": describe(t, c)} for t, c, ty in rows
    ]


def examples(dataset: str) -> dict[str, str]:
    """The named queries of `queries/` that run as they are, `$dataset` filled in.

    The schema, the import steps and any query with other parameters or
    placeholders (paging, sort) are left out: an example must run when loaded.
    """
    found: dict[str, str] = {}
    literal = _literal(dataset)
    for name in query_names():
        text = load_sql(name)
        if name == "schema" or name.startswith("import_"):
            continue
        if any(re.search(rf"\b{table}\b", text) for table in STORAGE_ONLY):
            continue  # reads storage the console does not show (a writer's query)
        text = re.sub(r"\$dataset\b", lambda _: literal, text)
        try:
            check_sql(text)
        except QueryRefused:
            continue
        found[name] = text.strip()
    return found


def example_title(name: str, sql: str) -> str:
    """An example's first sentence from its leading comment: `projects per status, ...`."""
    lines = []
    for line in sql.strip().splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    text = " ".join(lines)
    text = re.sub(rf"^{re.escape(name)}\s*:\s*", "", text)
    sentence = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    return sentence.rstrip(".")

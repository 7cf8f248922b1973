"""Checking a researcher's SQL before anything runs it: one read-only SELECT, or a refusal.

The first of the console's two layers (the locked connection, `foi.console.connection`,
is the second, so either alone stops an escape). `check_sql` reads the text with
DuckDB's own parser (`extract_statements`) and lets through exactly one statement of type
SELECT (which covers `WITH ... SELECT`, `VALUES`, `FROM t`, `TABLE t`, `DESCRIBE`, `SHOW`
and `SUMMARIZE`), without parameters. It then reads the statement's syntax tree
(`json_serialize_sql`) and refuses table functions outside a short allow-list (no
`read_csv`, `glob`, `query`, `json_execute_serialized_sql`, `checkpoint`, ...) and the few
functions and views that would show server settings or the database file's path
(`getenv`, `current_setting`, `duckdb_databases`, ...).

`wrap` puts the checked text into one of the console's own statements (a page, the row
count, a download) and checks that the result is still the one statement it should be.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import duckdb

from foi.console.errors import QueryRefused, first_line
from foi.db import connect
from foi.queries import fill, load_sql
from foi.state import MAX_SQL_CHARS

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

_CANNOT_WRAP = "The query cannot be wrapped for paging; check its brackets."


def _parser() -> duckdb.DuckDBPyConnection:
    """A bare in-memory connection used only to parse, never to run, a researcher's text."""
    return connect(threads=1)


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
    """DuckDB's own split of the text into statements; its parse error as a refusal."""
    try:
        return con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"DuckDB could not read the query: {first_line(exc)}") from None


def _require_select(statement: Any) -> None:
    """Refuse any statement but a SELECT, naming what it is so the message can say why."""
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
    raw = con.execute(load_sql("console_syntax_tree"), {"sql": body}).fetchone()[0]
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
    """Every table function this DuckDB has, for judging a statement with no syntax tree."""
    con = _parser()
    try:
        rows = con.execute(load_sql("console_table_functions")).fetchall()
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


def _statement(name: str) -> str:
    """The named query without its comments and final `;`, ready for `{query}`.

    The researcher's error messages quote the statement with line numbers ("LINE 2: ..."),
    so the wrapper adds no lines above their text.
    """
    return fill(load_sql(name)).strip().removesuffix(";").rstrip()


def wrap(
    template: str,
    body: str,
    kind: duckdb.StatementType,
    parameters: frozenset[str],
    **parts: str,
) -> str:
    """The named query `template` with the checked `body` at `{query}`, checked again.

    `parts` fill the template's other placeholders (allow-listed text such as a format's
    COPY options). The body is spliced in last, so text in it that looks like a placeholder stays as it
    is. The result must still be one statement of `kind` whose only parameters are the
    console's own: a body that closes the wrapper's bracket early is refused here.
    """
    sql = fill(fill(_statement(template), **parts), query=body)
    con = _parser()
    try:
        statements = con.extract_statements(sql)
    except (duckdb.Error, ValueError):
        raise QueryRefused(_CANNOT_WRAP) from None
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
        raise QueryRefused(_CANNOT_WRAP)
    return sql

"""Run the named SQL files in `queries/` with bound parameters.

SQL is the source of truth for every number the explorer shows: each
statement lives in its own file that reads as documentation, and values only
ever reach it as bound parameters. The one thing a parameter cannot carry is
an identifier (a sort column); those come from allow-lists and are spliced in
at `{order_by}` only after the lookup succeeds.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from foi.config import QUERIES_DIR

_NAME = re.compile(r"[a-z][a-z0-9_]*")


class UnknownQuery(KeyError):
    """A query name that has no file in `queries/`."""


#: ids of the connections foi.db.reader made: their tables are in an attached file.
ATTACHED: set[int] = set()


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of `con` for one query, reading the same tables as `con` itself.

    A cursor starts in DuckDB's default catalog; a reader's tables are in the file it
    attached (foi.db.reader), so its cursors are pointed there first.
    """
    cur = con.cursor()
    if id(con) in ATTACHED:
        cur.execute(load_sql("use_attached"))
    return cur


def query_names() -> list[str]:
    """Every named query, for documentation and the SQL console's examples."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


@cache
def load_sql(name: str) -> str:
    """The text of `queries/<name>.sql`; names are checked so no path can be smuggled in."""
    if not _NAME.fullmatch(name):
        raise UnknownQuery(name)
    path: Path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8")


def fill(sql: str, **parts: str) -> str:
    """`sql` with each `{name}` placeholder replaced by `parts[name]`, outside comments only.

    Placeholders hold only what a bound parameter cannot: allow-listed fragments, names
    quoted by `foi.db.quote`, a query already checked. Whole-line `--` comments are
    dropped first, so a placeholder a comment mentions is never filled with text that
    would run on the lines after it.
    """
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    for name, value in parts.items():
        code = code.replace("{" + name + "}", value)
    return code


def render_sql(name: str, *, order_by: str | None = None) -> str:
    """The text of a named query with its allow-listed parts filled in, ready to run.

    `{order_by}` takes `order_by` (an allow-listed fragment, `foi.filters.SORTS`) and
    `{filters}` the declared Projects filters (`foi.filters.where_sql`); values stay
    bound parameters. Every runner (pages, downloads, `COPY`) renders through here, so
    a query reads the same wherever it runs.
    """
    sql = load_sql(name)
    parts = {"order_by": order_by or "1"}
    if "{filters}" in sql:
        from foi.filters import where_sql  # the filters read their predicates through here

        parts["filters"] = where_sql()
    return fill(sql, **parts)


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    *,
    order_by: str | None = None,
) -> pa.Table:
    """Run a named query on its own cursor and return the whole result as Arrow.

    `order_by` must already be an allow-listed SQL fragment (see
    `foi.filters.SORTS`); it replaces `{order_by}` in the file. `{filters}` is replaced
    by the declared Projects filters (`foi.filters.where_sql`), whose values `params`
    binds (`foi.filters.query_params`).
    """
    sql = render_sql(name, order_by=order_by)
    cur = cursor(con)
    try:
        return cur.sql(sql, params=params or {}).to_arrow_table()
    finally:
        cur.close()


def run_df(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None, **kw: Any
):
    """Like `run`, as a pandas DataFrame (for small results: charts and cards)."""
    return run(con, name, params, **kw).to_pandas()


def refresh_figure_keys(con: duckdb.DuckDBPyConnection, dataset: str) -> None:
    """Rebuild one dataset's pre-joined Projects rows (figure_keys in schema.sql).

    Every writer calls this after it changes a dataset's projects or figures, inside
    the same new-file-then-swap, so the pages never see keys out of step with facts.
    """
    con.execute(load_sql("figure_keys_clear"), {"dataset": dataset})
    con.execute(load_sql("figure_keys_fill"), {"dataset": dataset})


def next_fact_id(con: duckdb.DuckDBPyConnection) -> int:
    """The first free figure number in this file (figure_facts.fact_id)."""
    return int(con.execute(load_sql("next_fact_id")).fetchall()[0][0])

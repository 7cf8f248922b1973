"""The console's locked connection: a fresh in-memory DuckDB that sees one dataset, read-only.

The second of the console's two layers (checking the text, `foi.console.check`, is the
first, so either alone stops an escape). `open_sandbox` gives every query its own
in-memory DuckDB that ATTACHes the visitor's database file READ_ONLY as `db`, defines
one plain-named view per table (`figures`, `projects`, ...) holding only the current
dataset, caps memory and threads, then switches off external access (files, network,
extensions, Python replacement scans) and locks the configuration, so no later statement
can switch anything back on (queries/console_lockdown.sql).

The attached catalog `db` stays readable (the views need it): `db.figures` holds every
dataset of the visitor's file. That file is either the shared one, which holds only the
public datasets, or the visitor's own session copy (the public datasets plus their own
uploads), so `db.*` shows nothing the visitor could not already open with `?dataset=`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from foi.console.errors import QueryFailed, QueryRefused, failure, hidden
from foi.console.limits import MEMORY_LIMIT, THREADS
from foi.db import connect, literal, quote
from foi.queries import fill, load_sql

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

#: What the lock-down must have left set, checked before a connection is handed out.
LOCKED_SETTINGS = {
    "enable_external_access": "false",
    "allow_community_extensions": "false",
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
    "python_enable_replacements": "false",
    "lock_configuration": "true",
    "threads": str(THREADS),
}

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def table_rank(name: str) -> tuple[int, str]:
    """Sort key for the dataset's tables: TABLE_ORDER first, any other by name after it."""
    rank = {table: i for i, table in enumerate(TABLE_ORDER)}
    return rank.get(name, len(rank)), name


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
    con = connect(threads=THREADS, memory=MEMORY_LIMIT)
    try:
        con.execute(load_sql("console_attach"), {"path": str(path)})
        _define_views(con, dataset)
        con.execute(load_sql("console_use"))
        con.execute(_lockdown(export_dir))
        _verify_locked(con)
    except duckdb.Error as exc:  # a missing or unreadable file, or one from another schema
        con.close()
        raise failure(exc, hidden(path)) from None
    except BaseException:
        con.close()
        raise
    return con


def _define_views(con: duckdb.DuckDBPyConnection, dataset: str) -> None:
    """One view per dataset table of the attached file, holding only `dataset`'s rows."""
    (found,) = con.execute(load_sql("console_dataset_exists"), {"dataset": dataset}).fetchone()
    if not found:
        raise QueryRefused(f"There is no dataset {dataset!r} in this database.")
    view = load_sql("console_dataset_view")
    for name in _dataset_tables(con):
        con.execute(fill(view, table=quote(name), dataset=literal(dataset)))


def _dataset_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of the attached file that carry a `dataset` column, in browsing order.

    Only plain lower-case names get a view: the console's own names are all of that form,
    and anything else in a file is not the explorer's.
    """
    rows = con.execute(load_sql("console_dataset_tables")).fetchall()
    names = [r[0] for r in rows if _IDENTIFIER.fullmatch(r[0]) and r[0] not in STORAGE_ONLY]
    return sorted(names, key=table_rank)


def _lockdown(export_dir: Path | None) -> str:
    """The lock-down statements, with the one folder a download may be written to, if any."""
    folders = [] if export_dir is None else [str(export_dir) + os.sep]
    allowed = "[" + ", ".join(literal(f) for f in folders) + "]"
    return fill(load_sql("console_lockdown"), allowed_directories=allowed)


def _verify_locked(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to hand out a connection whose lock-down did not take."""
    rows = con.execute(load_sql("console_settings"), {"names": list(LOCKED_SETTINGS)}).fetchall()
    found = dict(rows)
    if found != LOCKED_SETTINGS:
        raise RuntimeError(f"the SQL sandbox could not be locked down: {found}")

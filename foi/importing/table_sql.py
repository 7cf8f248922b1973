"""The one way the import puts a table's name into SQL text: allow-listed, then quoted.

A bound parameter cannot carry a table name, so the few statements the import runs on more
than one table (queries/import_incoming_insert.sql, import_dataset_clear.sql,
import_lookup.sql) take it at `{table}`. The caller names the tables it may touch; any other
name is refused before any SQL is built, and an allowed one is quoted with foi.db.quote, so
nothing a researcher's file says can reach SQL as a name.
"""

from __future__ import annotations

from collections.abc import Collection

from foi.db import quote
from foi.queries import fill, load_sql


def with_table(query: str, table: str, allowed: Collection[str], **parts: str) -> str:
    """The text of `queries/<query>.sql` with `{table}` replaced by the quoted `table`."""
    if table not in allowed:
        raise ValueError(f"{table!r} is not one of the tables here: {', '.join(sorted(allowed))}")
    return fill(load_sql(query), table=quote(table), **parts)

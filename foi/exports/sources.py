"""What the exported rows rest on: the dataset's title and licence, and the sources cited.

Both the XLSX About sheet and the zip's data package list these, so a file still says
where its numbers come from and under what terms once it has left the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb

from foi.queries import run

#: The columns of `sources.sql` a file lists, in the order it lists them.
SOURCE_COLUMNS = ("source_id", "publisher", "published", "title", "url")


def dataset_meta(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, Any]:
    """Title and licence of `dataset` from the database, when the caller has none to hand."""
    for row in run(con, "datasets").to_pylist():
        if row["dataset"] == dataset:
            return row
    return {"dataset": dataset, "title": dataset}


def cited_sources(
    con: duckdb.DuckDBPyConnection, dataset: str, source_ids: Iterable[str | None]
) -> list[dict[str, Any]]:
    """The sources the exported rows cite, oldest first, so a file lists what it rests on."""
    wanted = {s for s in source_ids if s}
    rows = run(con, "sources", {"dataset": dataset}).to_pylist()
    return [{k: r[k] for k in SOURCE_COLUMNS} for r in rows if r["source_id"] in wanted]

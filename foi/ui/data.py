"""The pages' data: this visitor's database, its one read-only connection, and cached queries.

Every query a page shows goes through `query` (named SQL, bound parameters, cached by
database file and build), so a rebuilt or uploaded database is never read stale.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from foi import changes
from foi.build import build, needs_build
from foi.config import DATA_DIR, default_db_path
from foi.db import SERVER_MEMORY, reader
from foi.queries import run
from foi.upload import SESSION_DB, keep_alive

_build_lock = threading.Lock()


def ensure_database() -> Path:
    """Build the database on first start, or when `data/` is newer than it."""
    db = default_db_path()
    with _build_lock:
        if needs_build(DATA_DIR, db):
            build(DATA_DIR, db)
    return db


def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    """The read-only connection to this build of the file (foi.db.reader); a cursor per query.

    A rebuilt or re-imported file (new mtime) is read anew by the next page run, never
    through the connection to the file it replaced. DuckDB's memory is capped (it spills
    sorts and joins to disk beyond it), so the server stays within its budget with
    millions of rows loaded; see README "Performance".
    """
    return reader(path, mtime, SERVER_MEMORY)


def current_db() -> Path:
    """This visitor's database: their own copy once they have uploaded a file, else the shared one.

    Uploads never go into the shared database, so one visitor never sees another's file.
    """
    own = st.session_state.get(SESSION_DB)
    if own and Path(own).exists():
        keep_alive(Path(own))  # in use: not swept as idle
        return Path(own)
    return default_db_path()  # app.py calls ensure_database() once at the top of every run


def connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection to this visitor's current database file."""
    db = current_db()
    return _connection(str(db), db.stat().st_mtime)


def _db_version() -> tuple[str, float]:
    """Cache key part: which database file, and which build of it."""
    db = current_db()
    return (str(db), db.stat().st_mtime)


@st.cache_data(show_spinner=False, max_entries=512)
def cached(
    name: str, params: tuple[tuple[str, Any], ...], version: tuple[str, float], order_by: str = ""
):
    """A named query's result as pandas, cached by database file, version and parameters."""
    db, mtime = version
    bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    con = _connection(db, mtime)
    return run(con, name, bound, order_by=order_by or None).to_pandas()


def query(name: str, order_by: str = "", **params: Any) -> pd.DataFrame:
    """Run a named query (cached) with keyword parameters."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return cached(name, frozen, _db_version(), order_by)


def vocab(dataset: str | None) -> dict[str, list[str]]:
    """The values each URL parameter may take in this dataset (cached per database build).

    Every page run reads it at least twice (the link's check and the widgets), so it
    is cached whole rather than rebuilt from five cached queries each time.
    """
    return _vocab(dataset, _db_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _vocab(dataset: str | None, version: tuple[str, float]) -> dict[str, list[str]]:
    del version  # part of the cache key only
    datasets = query("datasets")["dataset"].tolist()
    if dataset not in datasets:
        dataset = datasets[0] if datasets else None
    if dataset is None:
        return {"dataset": []}
    opts = query("filter_options", dataset=dataset)
    statuses = query("statuses", dataset=dataset)["status"].tolist()
    groups = query("group_totals", dataset=dataset)
    sources = query("sources", dataset=dataset)

    def values(field: str) -> list[str]:
        return opts.loc[opts["field"] == field, "value"].astype(str).tolist()

    found = query("releases")
    releases = found["dataset"].tolist()
    pair = changes.default_pair(
        [
            changes.Release(r.dataset, r.title, r.series, r.as_of, r.projects, r.with_ref)
            for r in found.itertuples()
        ]
    )
    changing = query("change_options")

    def options(field: str) -> list[str]:
        return changing.loc[changing["field"] == field, "value"].astype(str).tolist()

    return {
        "dataset": datasets,
        "release": releases,
        "pair": list(pair or ()),
        "department": options("department"),
        "field": options("field"),
        "status": list(dict.fromkeys(statuses + values("status"))),
        "org": values("org"),
        "exemption": values("exemption"),
        "category": values("category"),
        "area": values("area"),
        "group": [""] + groups.loc[groups["total_gbp"].notna(), "group_id"].tolist(),
        "source": [""] + sources["source_id"].tolist(),
    }


def dataset_titles() -> dict[str, str]:
    """Each dataset's title by its name, for pickers that show titles, not codes."""
    frame = query("datasets")
    return dict(zip(frame["dataset"], frame["title"], strict=True))


def dataset_meta(dataset: str) -> dict[str, Any]:
    """Title, description and licence of a dataset."""
    frame = query("datasets")
    row = frame.loc[frame["dataset"] == dataset]
    if not len(row):
        return {"dataset": dataset, "title": dataset}
    # pandas gives a NULL (an imported dataset's licence) as NaN, which is truthy: None it is,
    # so every "or ''" downstream (the Excel download's About sheet) reads it as missing.
    return {k: (None if v is None or v != v else v) for k, v in row.iloc[0].to_dict().items()}


@st.cache_data(show_spinner=False, max_entries=64)
def _summary(dataset: str, version: tuple[str, float]) -> dict[str, Any]:
    from foi.summary import summarise

    return summarise(_connection(*version), dataset)


def summary(dataset: str) -> dict[str, Any]:
    """The dataset's headline (cached per database version)."""
    return _summary(dataset, _db_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _group_gaps(dataset: str, assume: str | None, version: tuple[str, float]) -> list[Any]:
    from foi.summary import group_gaps

    return group_gaps(_connection(*version), dataset, assume_basis=assume)


def group_gaps(dataset: str, assume: str | None = None) -> list[Any]:
    """Groups with totals split into itemised parts and gap (cached)."""
    return _group_gaps(dataset, assume, _db_version())


def source_index(dataset: str) -> dict[str, dict[str, Any]]:
    """source_id -> its row, for linking any figure to its source."""
    frame = query("sources", dataset=dataset)
    return {r["source_id"]: r for r in frame.to_dict("records")}


@st.cache_data(show_spinner=False, max_entries=128)
def _changes(
    kind: str,
    from_ds: str,
    to_ds: str,
    filters: tuple[tuple[str, tuple[str, ...]], ...],
    page: tuple[int | None, int],
    version: tuple[str, float],
) -> list[dict[str, Any]]:
    """What changed between two releases (foi.changes), cached per database build."""
    con = _connection(*version)
    chosen = {k: list(v) for k, v in filters}
    if kind == "counts":
        return changes.counts(con, from_ds, to_ds, **chosen)
    if kind == "renamed":
        return changes.renamed_departments(con, from_ds, to_ds)
    if kind == "fields":
        return changes.release_fields(con, [from_ds, to_ds])
    limit, offset = page
    return changes.change_rows(
        con, from_ds, to_ds, limit=limit, offset=offset, **chosen
    ).to_pylist()


def change_data(
    kind: str,
    from_ds: str,
    to_ds: str,
    *,
    page: tuple[int | None, int] = (None, 0),
    **filters: Sequence[str],
) -> list[dict[str, Any]]:
    """`kind` is counts, renamed, fields or rows; filters are departments, fields, changes."""
    frozen = tuple(sorted((k, tuple(v)) for k, v in filters.items() if v))
    return _changes(kind, from_ds, to_ds, frozen, page, _db_version())

"""Streamlit glue shared by the pages: the database connection and first-start build.

The only module in `foi` that imports Streamlit; everything it calls is plain
`foi` code that the tests use directly.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import streamlit as st

from foi.build import build, needs_build
from foi.config import DATA_DIR, default_db_path

_build_lock = threading.Lock()


def ensure_database() -> Path:
    """Build the database on first start, or when `data/` is newer than it."""
    db = default_db_path()
    with _build_lock:
        if needs_build(DATA_DIR, db):
            build(DATA_DIR, db)
    return db


@st.cache_resource(show_spinner=False)
def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database version; callers take a cursor each."""
    del mtime  # part of the cache key only: a rebuilt file gets a new connection
    return duckdb.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the current database file."""
    db = ensure_database()
    return _connection(str(db), db.stat().st_mtime)

"""Shared fixtures: the shipped data built once into a temporary database, and a data copy.

Nothing here writes into the repository's `data/`: the session database lives
under pytest's temporary directory, and tests that corrupt input work on a
copy made by `data_copy`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from helpers import DATA_DIR

from foi.build import build


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data/ built into a fresh database under a temporary directory."""
    db = tmp_path_factory.mktemp("built") / "foi.duckdb"
    build(DATA_DIR, db)
    assert db.is_file()
    return db


@pytest.fixture
def con(built_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session database, closed after the test."""
    connection = duckdb.connect(str(built_db), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/*.csv and data/datapackage.json, safe to corrupt."""
    target = tmp_path / "data"
    target.mkdir()
    for path in [*DATA_DIR.glob("*.csv"), DATA_DIR / "datapackage.json"]:
        shutil.copy2(path, target / path.name)
    return target


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ is a browser test, marked or not."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)

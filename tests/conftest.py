"""Shared fixtures: the shipped data built once into a temporary database, and a data copy.

Nothing here writes into the repository's `data/`: the session database lives
under pytest's temporary directory, and tests that corrupt input work on a
copy made by `data_copy`.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from foi.build import build

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DATASET = "met-project-cull"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV as plain strings, read with the csv module (not the code under test)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows back with a given header (for corrupting a copy of the data)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


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

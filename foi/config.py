"""Where things live: the repository's data, queries and the built database.

One place decides the paths so the CLI, the app and the tests agree on which
database file they mean. `$FOI_DB` overrides the database path, so a test or a
second deployment can build elsewhere without touching the shipped one.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
DEFAULT_DATASET = "met-project-cull"


def default_db_path() -> Path:
    """The database the app and CLI use unless told otherwise."""
    env = os.environ.get("FOI_DB")
    return Path(env) if env else DATA_DIR / "foi.duckdb"

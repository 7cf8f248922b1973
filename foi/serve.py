"""Serve the app with its heavy imports already loaded: `python -m foi serve [streamlit options]`.

Streamlit runs `app.py` only when the first reader connects, so that reader
would wait for pandas, Plotly, PyArrow and DuckDB to import (most of a second on
a small machine) on top of their first page. This launcher imports them, and
builds the database if `data/` changed, before the server starts listening,
then hands over to `streamlit run app.py` in the same process. `make run` uses it.
"""

from __future__ import annotations

import sys

from foi.config import ROOT


def warm_up() -> None:
    """Import what the first page run needs, and build the database if it is stale."""
    import duckdb  # noqa: F401
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    import pyarrow  # noqa: F401

    import foi.charts  # noqa: F401
    import foi.summary  # noqa: F401
    from foi.build import build, needs_build
    from foi.config import DATA_DIR, default_db_path

    db = default_db_path()
    if needs_build(DATA_DIR, db):
        build(DATA_DIR, db)


def serve(options: list[str]) -> int:
    """Run Streamlit on app.py with `options` (e.g. --server.port 8501), in this process."""
    warm_up()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *options]
    return int(cli.main() or 0)

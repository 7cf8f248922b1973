"""Serve the app with its heavy imports already loaded: `python -m foi serve [streamlit options]`.

Streamlit runs `app.py` only when the first reader connects, so that reader
would wait for pandas, Plotly, PyArrow and DuckDB to import (most of a second on
a small machine) on top of their first page. This launcher imports them, and
builds the database if `data/` changed, before the server starts listening,
then hands over to `streamlit run server.py` in the same process: server.py's
`st.App` serves app.py's pages and the data addresses of `foi.api` (/api/...)
together. `make run` uses it.
"""

from __future__ import annotations

import socket
import sys

from foi.config import ROOT


def warm_up() -> None:
    """Import what the first page run needs, and build the database if it is stale."""
    import duckdb  # noqa: F401
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    import pyarrow  # noqa: F401

    import foi.api  # noqa: F401
    import foi.charts  # noqa: F401
    import foi.summary  # noqa: F401
    from foi.build import build, needs_build
    from foi.config import DATA_DIR, default_db_path
    from foi.upload import sweep_sessions

    sweep_sessions()  # upload folders left by visitors of a server that ran before
    db = default_db_path()
    if needs_build(DATA_DIR, db):
        build(DATA_DIR, db)


#: What `streamlit run` is given: the st.App that serves app.py and the /api/ routes.
SERVER_SCRIPT = ROOT / "server.py"


def _option(options: list[str], name: str, default: str) -> str:
    """The value of `--name value` or `--name=value` in Streamlit's options, else `default`."""
    for i, option in enumerate(options):
        if option == name and i + 1 < len(options):
            return options[i + 1]
        if option.startswith(name + "="):
            return option.split("=", 1)[1]
    return default


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port (a server started before)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host if host not in ("", "0.0.0.0") else "127.0.0.1", port)) == 0


def serve(options: list[str]) -> int:
    """Run Streamlit on server.py with `options` (e.g. --server.port 8501), in this process.

    A second `make run` must not rebuild the database under the server already running:
    the port is checked first, and a busy one ends here with a sentence, before any build.
    """
    host = _option(options, "--server.address", "127.0.0.1")
    port = _option(options, "--server.port", "8501")
    if port.isdigit() and port_in_use(host, int(port)):
        print(
            f"foi serve: something is already listening on {host}:{port} (is the explorer "
            "already running?). Nothing was built or started; stop it, or pick another port "
            "with PORT=8502 make run.",
            file=sys.stderr,
        )
        return 1
    warm_up()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(SERVER_SCRIPT), *options]
    return int(cli.main() or 0)

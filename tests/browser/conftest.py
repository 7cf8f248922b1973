"""Real-browser fixtures: the app served by `streamlit run` on a free port, and Chromium.

One Streamlit server per test session, over a database built from `data/` into a
temporary directory (`$FOI_DB`), so nothing in the repository is written except
`test-artifacts/` (git-ignored): the server's log and the page screenshots.

Chromium: `$FOI_CHROMIUM`, else a system chromium / chromium-browser / google-chrome,
else Playwright's own build (where `playwright install chromium` ran).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import ARTIFACTS, ROOT, SERVER_LOG, TIMEOUT_MS, fresh_context

STARTUP_TIMEOUT_S = 60

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


expect.set_options(timeout=TIMEOUT_MS)


def chromium_executable() -> str | None:
    """The Chromium to drive; None means Playwright's own build."""
    env = os.environ.get("FOI_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --- the app under test ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(lines: int = 40) -> str:
    try:
        text = SERVER_LOG.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def foi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data/ built with the CLI into a temporary database."""
    db = tmp_path_factory.mktemp("browser-db") / "foi.duckdb"
    env = {**os.environ, "FOI_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "foi", "build", "--db", str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and db.is_file(), (
        f"`python -m foi build` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return db


@pytest.fixture(scope="session")
def app_url(foi_db: Path) -> Iterator[str]:
    """`streamlit run server.py` (pages and /api routes) on a free port; yields its base URL."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "FOI_DB": str(foi_db), "PYTHONUNBUFFERED": "1"}
    log = SERVER_LOG.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "server.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with {proc.returncode} before it was healthy; "
                    f"log ({SERVER_LOG}):\n{_log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit not healthy after {STARTUP_TIMEOUT_S} s; "
                    f"log ({SERVER_LOG}):\n{_log_tail()}"
                )
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def db_con(foi_db: Path, app_url: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the database the server reads (for expected rows)."""
    con = duckdb.connect(str(foi_db), read_only=True)
    try:
        yield con
    finally:
        con.close()


# --- pytest-playwright configuration --------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    exe = chromium_executable()
    if exe:
        args["executable_path"] = exe
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], app_url: str) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": app_url,
        "viewport": {"width": 1280, "height": 2000},
        "accept_downloads": True,
    }


@pytest.fixture(scope="module")
def shared_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """One tab for a whole module: its HTTP cache keeps Streamlit's scripts between tests.

    Every `page.goto` still opens a new Streamlit session, so no state is shared
    between tests but the browser's cache.
    """
    ctx = fresh_context(browser, browser_context_args)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


@pytest.fixture
def page(shared_page: Page) -> Page:
    """Tests here take `page` as usual; it is the module's shared tab (see shared_page)."""
    return shared_page


# --- helpers the tests share ----------------------------------------------------------------

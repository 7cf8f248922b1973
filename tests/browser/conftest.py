"""Real-browser fixtures: the app served by `streamlit run` on a free port, and Chromium.

One Streamlit server per test session, over a database built from `data/` into a
temporary directory (`$FOI_DB`), so nothing in the repository is written except
`test-artifacts/` (git-ignored): the server's log and the page screenshots.

Chromium: `$FOI_CHROMIUM`, else a system chromium / chromium-browser / google-chrome,
else Playwright's own build (where `playwright install chromium` ran).
"""

from __future__ import annotations

import os
import re
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
from playwright.sync_api import Browser, BrowserContext, Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOG = ARTIFACTS / "streamlit-server.log"

#: Every wait in these tests: long enough for a slow CI machine, short enough to fail fast.
TIMEOUT_MS = 20_000
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

#: url path -> name used for screenshots and messages ("" is the Overview).
PAGES = {
    "": "overview",
    "stopped": "stopped",
    "gaps": "gaps",
    "projects": "projects",
    "sources": "sources",
    "timeline": "timeline",
    "about": "about",
    "upload": "upload",
}
CHART_PAGES = {"", "stopped", "gaps", "timeline"}

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
EXCEPTION = '[data-testid="stException"]'
WARNING = '[data-testid="stAlertContentWarning"]'
CODE = '[data-testid="stCode"]'
ROWS_CAPTION = re.compile(r"([\d,]+) rows? match")

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
    """`streamlit run app.py` on a free port; yields its base URL, ending in '/'."""
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
            "app.py",
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


def fresh_context(browser: Browser, context_args: dict[str, Any]) -> BrowserContext:
    """A new browser context (no cookies, no Streamlit session) with the suite's settings."""
    ctx = browser.new_context(**context_args)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)
    return ctx


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


def wait_idle(page: Page) -> None:
    """Wait until the script has finished, and has not started again (a canonicalising rerun)."""
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


def open_page(page: Page, path: str) -> None:
    """Go to a page path (with its query string) relative to the app and wait for it to settle."""
    page.goto(path if path.startswith("/") else "/" + path)
    wait_idle(page)


def assert_no_exception(page: Page) -> None:
    errors = page.locator(EXCEPTION)
    if errors.count():
        texts = [t[:800] for t in errors.all_inner_texts()]
        raise AssertionError(f"{page.url}: Streamlit exception shown on the page: {texts}")


def rows_matching(page: Page) -> int:
    """N from the Projects caption '**N rows** match (...)'."""
    caption = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=ROWS_CAPTION)
    expect(caption).to_have_count(1)
    match = ROWS_CAPTION.search(caption.inner_text())
    assert match, caption.inner_text()
    return int(match.group(1).replace(",", ""))


def view_link(page: Page) -> str:
    """The URL in the page's copyable "Link to this view" (the citation on About)."""
    code = page.locator(CODE).last
    expect(code).to_be_visible()
    text = code.inner_text()
    match = re.search(r"https?://\S+", text)
    assert match, f"no link in the code block: {text!r}"
    return match.group(0)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""Helpers the browser tests share: the pages, selectors, and how a person uses a page.

Imported as `from .helpers import ...`; the fixtures (the served app, Chromium) stay in
conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

ROOT = Path(__file__).resolve().parents[2]


ARTIFACTS = ROOT / "test-artifacts"


SCREENSHOTS = ARTIFACTS / "screenshots"


SERVER_LOG = ARTIFACTS / "streamlit-server.log"


#: Every wait in these tests: long enough for a slow CI machine, short enough to fail fast.
TIMEOUT_MS = 20_000


#: url path -> name used for screenshots and messages ("" is the Overview).
PAGES = {
    "": "overview",
    "stopped": "stopped",
    "gaps": "gaps",
    "projects": "projects",
    "changes": "changes",
    "sources": "sources",
    "timeline": "timeline",
    "about": "about",
    "upload": "upload",
}


CHART_PAGES = {"", "stopped", "gaps", "timeline", "changes"}


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


EXCEPTION = '[data-testid="stException"]'


WARNING = '[data-testid="stAlertContentWarning"]'


CODE = '[data-testid="stCode"]'


ROWS_CAPTION = re.compile(r"([\d,]+) rows? match")


def fresh_context(browser: Browser, context_args: dict[str, Any]) -> BrowserContext:
    """A new browser context (no cookies, no Streamlit session) with the suite's settings."""
    ctx = browser.new_context(**context_args)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)
    return ctx


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

"""What changed in a real browser: a shared link reopens the same comparison in a fresh context.

An Assembly member narrows the comparison of the two GMPP releases (one cost field, the
figures that went dark) and sends the link on. A fresh browser must open the same pair, the
same filters, the same cards and the same rows, and the figures must be the ones
`python -m foi changes --json` gives for the same database.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import (
    CHART,
    ROOT,
    assert_no_exception,
    fresh_context,
    open_page,
    screenshot,
    view_link,
    wait_idle,
)

pytestmark = pytest.mark.browser

ROWS_CAPTION = re.compile(r"([\d,]+) rows: one per cost field")


def _cli_summary(db: Path) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "foi",
            "changes",
            "--from",
            "gmpp-2022",
            "--to",
            "gmpp-2023",
            "--json",
            "--db",
            str(db),
        ],
        cwd=ROOT,
        env={**os.environ, "FOI_DB": str(db)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _metric(page: Page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    expect(card).to_have_count(1)
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def _rows(page: Page) -> int:
    caption = page.locator('[data-testid="stCaptionContainer"]').filter(has_text=ROWS_CAPTION)
    expect(caption).to_have_count(1)
    match = ROWS_CAPTION.search(caption.inner_text())
    assert match, caption.inner_text()
    return int(match.group(1).replace(",", ""))


def test_a_shared_what_changed_link_reopens_in_a_fresh_browser(
    page: Page, browser: Browser, browser_context_args: dict[str, Any], foi_db: Path
) -> None:
    expected = _cli_summary(foi_db)
    (wlc,) = [f for f in expected["fields"] if f["basis"] == "whole_life_cost"]
    assert wlc["went_dark"] > 0, "the two shipped releases must have figures that went dark"

    open_page(page, "changes")
    assert_no_exception(page)
    # The default view names its pair in the link, so even an unfiltered link is exact.
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("from") == ["gmpp-2022"] and query.get("to") == ["gmpp-2023"], page.url
    total_dark = sum(f["went_dark"] for f in expected["fields"])
    assert _metric(page, "Went dark") == f"{total_dark:,} figures"
    assert _metric(page, "Joined the portfolio") == f"{expected['joined']:,} projects"
    assert _metric(page, "Left the portfolio") == f"{expected['left']:,} projects"
    expect(page.locator(CHART).first).to_be_visible()
    screenshot(page, "changes-default")

    shared = "changes?from=gmpp-2022&to=gmpp-2023&field=whole_life_cost&change=went_dark"
    open_page(page, shared)
    assert_no_exception(page)
    assert _metric(page, "Went dark") == f"{wlc['went_dark']:,} figures"
    assert _rows(page) == wlc["went_dark"]
    link = view_link(page)
    assert parse_qs(urlsplit(link).query) == parse_qs(urlsplit(page.url).query), link
    screenshot(page, "changes-shared")

    other = fresh_context(browser, browser_context_args)
    try:
        second = other.new_page()
        second.goto(link)
        wait_idle(second)
        assert_no_exception(second)
        assert _metric(second, "Went dark") == f"{wlc['went_dark']:,} figures"
        assert _rows(second) == wlc["went_dark"]
        query = parse_qs(urlsplit(second.url).query)
        assert query == {
            "from": ["gmpp-2022"],
            "to": ["gmpp-2023"],
            "field": ["whole_life_cost"],
            "change": ["went_dark"],
        }, second.url
        # Every row cites both releases: file, row and column.
        grid = second.locator('[data-testid="stDataFrame"]').last
        expect(grid).to_be_visible()
    finally:
        other.close()

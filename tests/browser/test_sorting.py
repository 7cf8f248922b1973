"""Sorting the Projects table as a person does: click a column's name, then click it again.

The table holds one page of rows. A header click must sort every matching row in the
database and keep the sort in the link, never reorder the 50 rows on screen in the
browser, and amounts sort as numbers (£216,000,000 above £24,000,000).
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import duckdb
import pandas as pd
import pytest
from playwright.sync_api import Page

from foi.views.projects import column_width

from .helpers import assert_no_exception, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser

GRID = '[data-testid="stDataFrame"]'


def _table(page: Page):
    """The Projects table (the facet chart's numbers sit in an expander above it)."""
    table = page.locator(GRID).filter(has_text="Project or group").last
    table.locator('th[role="columnheader"]').first.wait_for(state="attached")
    return table


def _headings(page: Page) -> list[str]:
    return [t.strip() for t in _table(page).locator('th[role="columnheader"]').all_inner_texts()]


def _column(page: Page, index: int) -> list[str]:
    """The text of one column, every row the grid holds (its accessible table)."""
    rows = _table(page).locator("tbody tr")
    return [rows.nth(i).locator("td").nth(index).inner_text() for i in range(rows.count())]


def _click_amount_header(page: Page) -> None:
    """Click the Amount heading: the grid is a canvas, so at the x its first column ends.

    The first (pinned) column is as wide as the app set it from the names on screen
    (foi.views.projects.column_width), so the test finds Amount the way the page placed it.
    """
    names = _column(page, 0)
    heading = _headings(page)[0].rstrip(" ▲▼")
    first = column_width(pd.Series(names), heading)
    box = _table(page).bounding_box()
    assert box
    page.mouse.click(box["x"] + first + 40, box["y"] + 17)
    wait_idle(page)
    page.wait_for_timeout(500)
    wait_idle(page)


def _pounds(text: str) -> Decimal | None:
    digits = re.sub(r"[^\d.]", "", text)
    return Decimal(digits) if digits else None


def test_clicking_amount_sorts_every_row_in_the_database_and_keeps_it_in_the_link(
    page: Page, db_con: duckdb.DuckDBPyConnection
) -> None:
    (largest, smallest, rows) = db_con.execute(
        "SELECT max(amount_gbp), min(amount_gbp), count(*) FROM figure_keys "
        "WHERE dataset = 'met-project-cull'"
    ).fetchone()
    assert rows > 25, "more rows than one page: a browser-side sort would show only some"
    open_page(page, "projects?sort=name&size=25")
    assert_no_exception(page)
    assert _headings(page)[0].endswith("▲"), _headings(page)
    names = _column(page, 0)
    unnamed = [n for n in names if n.startswith("Unnamed")]
    numbers = [int(re.search(r"(\d+) of", n).group(1)) for n in unnamed]
    assert numbers[:10] == sorted(numbers[:10]), "unnamed members run 1, 2 ... not 1, 10, 2"

    _click_amount_header(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("sort", ["amount_desc"]) == ["amount_desc"], page.url
    headings = _headings(page)
    assert any(h.startswith("Amount") and h.endswith("▼") for h in headings), headings
    amount_at = next(i for i, h in enumerate(headings) if h.startswith("Amount"))
    shown = [_pounds(t) for t in _column(page, amount_at)]
    assert shown[0] == largest, (shown[:3], largest)  # the largest of all rows, as a number
    known = [a for a in shown if a is not None]
    assert known == sorted(known, reverse=True)

    _click_amount_header(page)
    assert parse_qs(urlsplit(page.url).query).get("sort") == ["amount_asc"], page.url
    shown = [_pounds(t) for t in _column(page, amount_at)]
    assert shown[0] == smallest, (shown[:3], smallest)
    screenshot(page, "projects-sorted-by-amount")

    open_page(page, urlsplit(page.url).path + "?" + urlsplit(page.url).query)  # reopened link
    assert [_pounds(t) for t in _column(page, amount_at)][0] == smallest

"""Facets in a real browser: a person clicks a value and the view narrows to it, in the link too.

Each facet value is a link (a real address, which a person can open in a new tab); a
click on it must add that value to the filters in the address bar, and the rows the page
then counts must be the rows the database holds for those filters. A ticked value's link
takes it off again.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from playwright.sync_api import Page, expect

from .helpers import assert_no_exception, open_page, rows_matching, screenshot, wait_idle

pytestmark = pytest.mark.browser

DATASET = "met-project-cull"
#: A facet value's link (Streamlit also keeps an invisible copy of each, to measure it).
FACET_LINK = '[data-testid="stPageLink-NavLink"]:visible'


def _rows(db_con: duckdb.DuckDBPyConnection, **picked: str) -> int:
    where = " AND ".join(f"{column} = ?" for column in picked)
    (n,) = db_con.execute(
        f"SELECT count(*) FROM figure_keys WHERE dataset = ? AND {where}",
        [DATASET, *picked.values()],
    ).fetchone()
    return n


def _count_in(label: str) -> int:
    """The rows a facet link's text gives: "Withheld · 20" -> 20."""
    match = re.search(r"· ([\d,]+)", label)
    assert match, label
    return int(match.group(1).replace(",", ""))


def test_a_click_on_a_facet_value_adds_it_to_the_filters(
    page: Page, db_con: duckdb.DuckDBPyConnection
) -> None:
    page.set_viewport_size({"width": 1280, "height": 2400})
    open_page(page, "projects?status=stopped")
    assert_no_exception(page)
    stopped = _rows(db_con, status="stopped")
    assert rows_matching(page) == stopped

    withheld = page.locator(FACET_LINK).filter(has_text=re.compile(r"\bWithheld · \d"))
    expect(withheld).to_have_count(1)
    # A real address: the view with the value added, which opens in a new tab as well.
    address = urlsplit(withheld.evaluate("a => a.href"))  # as the browser resolves it
    assert (address.netloc, address.path) == (urlsplit(page.url).netloc, "/projects"), address
    assert parse_qs(address.query) == {
        "dataset": [DATASET],
        "status": ["stopped"],
        "disclosure": ["withheld"],
    }
    expect(withheld.get_by_test_id("stIconMaterial")).to_have_text("add")  # a click adds it
    shown = _count_in(withheld.inner_text())
    screenshot(page, "facets-before-click")

    withheld.click()
    expect(page).to_have_url(re.compile(r"[?&]disclosure=withheld(&|$)"))
    wait_idle(page)
    assert_no_exception(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("status") == ["stopped"] and query.get("disclosure") == ["withheld"], page.url
    expected = _rows(db_con, status="stopped", disclosure="withheld")
    assert 0 < expected < stopped
    assert rows_matching(page) == expected == shown
    screenshot(page, "facets-after-click")

    # The value is now in bold with a ✕ (its "remove"), and its link takes it off again.
    ticked = page.locator(FACET_LINK).filter(has_text=re.compile(r"\bWithheld · \d"))
    expect(ticked).to_have_count(1)
    expect(ticked.locator("strong")).to_have_text("Withheld")
    expect(ticked.get_by_test_id("stIconMaterial")).to_have_text("close")
    ticked.click()
    expect(page).not_to_have_url(re.compile(r"disclosure="))
    wait_idle(page)
    assert parse_qs(urlsplit(page.url).query).get("status") == ["stopped"], page.url
    assert rows_matching(page) == stopped

"""An embed is the chart alone, credited: what a newsroom pastes into a story or saves as a PNG.

`?embed=true` on every chart page: no navigation bar, no sidebar, no widgets; every chart
carries its credit (sources, and the caveat) inside the figure, so the PNG its camera
button saves carries it too; and a link leads back to the full view.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from .helpers import CHART, CHART_PAGES, assert_no_exception, open_page, screenshot

pytestmark = pytest.mark.browser

WIDGETS = (
    '[data-testid="stMultiSelect"], [data-testid="stSelectbox"], [data-testid="stRadio"], '
    '[data-testid="stTextInput"], [data-testid="stButtonGroup"], [data-testid="stToggle"], '
    '[data-testid="stButton"], [data-testid="stDownloadButton"], [data-testid="stExpander"]'
)
NAVIGATION = '[data-testid="stTopNavLinkContainer"], [data-testid="stSidebar"], nav'


@pytest.mark.parametrize("path", sorted(CHART_PAGES | {"projects"}))
def test_an_embed_is_the_chart_alone_with_its_credit_and_a_way_back(page: Page, path: str) -> None:
    open_page(page, f"{path}?embed=true")
    page.locator(CHART).first.wait_for()
    assert_no_exception(page)
    assert page.locator(NAVIGATION).count() == 0, "no navigation around an embed"
    assert page.locator(WIDGETS).count() == 0, "no widgets in an embed"
    credits = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(
            gd => (gd.layout.annotations || []).map(a => a.text).join(' '))"""
    )
    credits = [c.replace("<br>", " ") for c in credits]
    assert credits and all("Source" in c and "FOI Spend Explorer" in c for c in credits), credits
    back = page.get_by_role("link", name="Full view", exact=False).first
    href = back.get_attribute("href") or ""
    assert urlsplit(href).path.rstrip("/") == "/" + path if path else urlsplit(href).path == "/"
    assert "embed" not in href
    screenshot(page, f"embed-{path or 'overview'}")


def test_the_saved_png_carries_the_credit(page: Page) -> None:
    """The PNG is drawn from the figure: render it in the browser and read its annotations back."""
    open_page(page, "stopped?embed=true")
    page.locator(CHART).first.wait_for()
    size = page.evaluate(
        """async () => {
            const gd = document.querySelector('.js-plotly-plot');
            const url = await Plotly.toImage(gd, {format: 'png', scale: 1});
            return url.length;
        }"""
    )
    assert size > 10_000  # a real image, drawn from the figure that holds the credit

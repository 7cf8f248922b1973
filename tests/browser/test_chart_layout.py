"""Charts on a phone: at 390 px wide every title fits its chart and no legend covers a title.

A title is drawn as SVG text, which never wraps by itself: a line too long for the chart
runs off its right edge, and a legend that wraps onto more rows than the top margin
holds climbs over the title. Both are only seen when the chart is drawn at a phone's
width, so each chart page is opened in Chromium at 390 px and the boxes plotly drew
are measured. Screenshots of each page are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import CHART, CHART_PAGES, SCREENSHOTS, assert_no_exception, fresh_context, open_page

#: An iPhone 12 to 15's CSS width: the narrowest screen the charts are made for.
PHONE = {"width": 390, "height": 844}
#: The chart pages, and the GMPP release's (more statuses, larger sums, longer legends).
PATHS = sorted(CHART_PAGES) + [
    "?dataset=gmpp-2023",
    "stopped?dataset=gmpp-2023",
    "gaps?dataset=gmpp-2023",
]
#: Sub-pixel rounding plotly and the browser may disagree on.
SLACK = 1.0

#: For each chart: its box, its title's, its legend's (None without one) and its plot's.
_BOXES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
  .map(chart => {
    const box = el => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return r.width && r.height ? {left: r.left, top: r.top, right: r.right, bottom: r.bottom}
                                 : null;
    };
    return {
      chart: box(chart.querySelector('.main-svg')),
      title: box(chart.querySelector('.gtitle')),
      legend: box(chart.querySelector('.infolayer .legend')),
      plot: box(chart.querySelector('.bglayer .bg') || chart.querySelector('.nsewdrag')),
      text: (chart.querySelector('.gtitle') || {}).textContent || '',
    };
  })"""


@pytest.fixture(scope="module")
def phone(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """One tab at a phone's width for the module."""
    ctx = fresh_context(browser, {**browser_context_args, "viewport": PHONE})
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return (
        a["left"] < b["right"] - SLACK
        and b["left"] < a["right"] - SLACK
        and a["top"] < b["bottom"] - SLACK
        and b["top"] < a["bottom"] - SLACK
    )


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["left"] >= outer["left"] - SLACK
        and inner["right"] <= outer["right"] + SLACK
        and inner["top"] >= outer["top"] - SLACK
        and inner["bottom"] <= outer["bottom"] + SLACK
    )


def shoot_charts(page: Page, name: str) -> None:
    """Each chart as drawn, one PNG each (the app scrolls inside a box, so a full-page
    screenshot would stop at the first screen)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content='[data-testid="stHeader"] {display: none !important}')
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for n in range(charts.count()):
        charts.nth(n).screenshot(path=str(SCREENSHOTS / f"phone-{name}-chart{n + 1}.png"))


def chart_boxes(page: Page, path: str) -> list[dict[str, Any]]:
    """Open `path` and measure every chart once plotly has drawn them all."""
    open_page(page, path)
    assert_no_exception(page)
    charts = page.locator(CHART)
    expect(charts.first).to_be_visible()
    expect(page.locator(f"{CHART} .gtitle")).to_have_count(charts.count())
    page.wait_for_timeout(800)  # plotly's second pass (margins pushed by a legend) settles
    return page.evaluate(_BOXES)


@pytest.mark.parametrize("path", PATHS)
def test_every_chart_title_fits_and_no_legend_covers_it_at_390_px(phone: Page, path: str) -> None:
    boxes = chart_boxes(phone, path)
    page_name, _, dataset = path.partition("?dataset=")
    shoot_charts(phone, "-".join(p for p in (page_name or "overview", dataset) if p))
    assert boxes, f"/{path}: no chart drawn"
    for n, b in enumerate(boxes):
        where = f"/{path} chart {n + 1} ({b['text'][:60]!r})"
        assert b["chart"]["right"] - b["chart"]["left"] <= PHONE["width"], where
        assert b["title"], f"{where}: no title drawn"
        assert inside(b["title"], b["chart"]), f"{where}: title {b['title']} runs off {b['chart']}"
        if b["plot"]:
            assert b["title"]["bottom"] <= b["plot"]["top"] + SLACK, f"{where}: title on the plot"
        if b["legend"]:
            assert inside(b["legend"], b["chart"]), f"{where}: legend {b['legend']} off the chart"
            assert not overlap(b["legend"], b["title"]), (
                f"{where}: legend {b['legend']} covers title {b['title']}"
            )
            assert b["legend"]["top"] >= b["title"]["bottom"] - SLACK, f"{where}: legend on top"

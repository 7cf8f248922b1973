"""Every page in a real Chromium: it renders, draws its charts, and shows the brief's numbers.

The numbers are those of the Met "Project Cull" fact brief
(shared/briefs/met-project-cull.md): 147 live projects; 20 stopped worth £24m;
17 needing corrective action worth £83m; four discrepancies; and, as an
inference, 16 of the 17 corrective projects sharing £18m.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    CHART,
    CHART_PAGES,
    PAGES,
    assert_no_exception,
    open_page,
    screenshot,
    wait_idle,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", list(PAGES), ids=list(PAGES.values()))
def test_page_renders(page: Page, path: str) -> None:
    open_page(page, path)
    assert_no_exception(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
    if path in CHART_PAGES:
        expect(page.locator(CHART).first).to_be_visible()
        # Plotly draws its SVG after the container appears: wait for a drawn trace.
        expect(page.locator(f"{CHART} .main-svg").first).to_be_attached()
    screenshot(page, PAGES[path])
    assert_no_exception(page)


def _metrics(page: Page) -> dict[str, str]:
    labels = [t.strip() for t in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()]
    values = [t.strip() for t in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]
    assert len(labels) == len(values), (labels, values)
    return dict(zip(labels, values, strict=True))


def _card(metrics: dict[str, str], label: str) -> str:
    found = [v for k, v in metrics.items() if k.startswith(label)]
    assert found, f"no metric card labelled {label!r}; cards: {metrics}"
    return found[0]


def test_overview_headline_numbers(page: Page) -> None:
    open_page(page, "")
    assert_no_exception(page)
    expect(page.locator('[data-testid="stMetricValue"]').first).to_be_visible()
    metrics = _metrics(page)

    assert _card(metrics, "Live projects") == "147", metrics
    stopped = _card(metrics, "Stopped")
    assert re.search(r"\b20\b", stopped) and "£24m" in stopped, stopped
    corrective = _card(metrics, "Corrective action")
    assert re.search(r"\b17\b", corrective) and "£83m" in corrective, corrective
    assert _card(metrics, "Discrepancies") == "4", metrics

    expect(page.locator('[data-testid="stMain"]')).to_contain_text(
        "Of 147 live projects, 20 worth £24m were stopped and 17 worth £83m needed "
        "corrective action"
    )


def test_gaps_inference_shows_the_remaining_18m(page: Page) -> None:
    open_page(page, "gaps?assume=spent_to_date")
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("£18m")
    expect(main).to_contain_text("16 of 17")
    # The switch reflects the link: the inference is on.
    expect(page.get_by_role("switch", name=re.compile("^Inference"))).to_be_checked()


def test_navigation_keeps_dataset_and_filters(page: Page) -> None:
    open_page(page, "projects?status=stopped")
    assert_no_exception(page)
    assert "status=stopped" in page.url

    page.locator('[data-testid="stTopNavLink"]', has_text="Stopped vs corrected").click()
    expect(page).to_have_url(re.compile(r"/stopped(\?|$)"))
    wait_idle(page)
    assert_no_exception(page)
    expect(page).to_have_url(re.compile(r"/stopped\?(.*&)?status=stopped(&|$)"))
    expect(page.locator("h1", has_text="Stopped vs corrected")).to_be_visible()

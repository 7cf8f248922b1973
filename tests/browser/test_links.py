"""Links in a real browser: a view set through the widgets reopens elsewhere; hostile links are harmless.

A person sets filters by typing and clicking, copies the address (or the
"Link to this view" block) and sends it on: a fresh browser must open the
same rows. A link is also untrusted input: every page, given a bad or
hostile parameter, must still draw its default view, say what it ignored,
and never run or render markup from the link.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from .helpers import (
    CHART,
    CHART_PAGES,
    PAGES,
    WARNING,
    assert_no_exception,
    fresh_context,
    open_page,
    rows_matching,
    view_link,
    wait_idle,
)

pytestmark = pytest.mark.browser

SEARCH = "Search names, claims, suppliers, sources"
NAMED_ONLY = "Named projects only"


def test_view_set_in_the_widgets_reopens_in_a_new_browser(
    page: Page, browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    open_page(page, "projects")
    assert_no_exception(page)
    unfiltered = rows_matching(page)

    search = page.get_by_label(SEARCH)
    search.click()
    search.fill("Lockheed")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Lockheed(&|$)"))
    wait_idle(page)

    # The switch's own input sits under its label: click the words, as a person does.
    page.get_by_text(NAMED_ONLY, exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]named=1(&|$)"))
    wait_idle(page)
    assert_no_exception(page)

    url = page.url
    query = parse_qs(urlsplit(url).query)
    assert query.get("q") == ["Lockheed"], url
    assert query.get("named") == ["1"], url
    n = rows_matching(page)
    assert 0 < n < unfiltered, f"{n} rows for q=Lockheed&named=1 of {unfiltered} in all"

    # The copyable link is this same view.
    link = view_link(page)
    assert urlsplit(link).path == urlsplit(url).path, (link, url)
    assert urlsplit(link).query == urlsplit(url).query, (link, url)

    other = fresh_context(browser, browser_context_args)
    try:
        second = other.new_page()
        second.goto(url)
        wait_idle(second)
        assert_no_exception(second)
        assert rows_matching(second) == n
        expect(second.get_by_label(SEARCH)).to_have_value("Lockheed")
        expect(second.get_by_role("switch", name=NAMED_ONLY)).to_be_checked()
        assert parse_qs(urlsplit(second.url).query) == query, second.url
    finally:
        other.close()


# --- hostile and malformed links --------------------------------------------------------------

HOSTILE = {
    "status-bogus": "status=bogus",
    "min-abc": "min=abc",
    "page-negative": "page=-1",
    "q-script": "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q-sql": "q=%27%20OR%201%3D1%20--",
    "dataset-nope": "dataset=nope",
    "sort-injection": "sort=amount_desc;drop",
    "unknown-param": "unknownparam=1",
}
LONG_STATUS = "status=" + "x" * 10_000

CASES = [
    pytest.param(path, query, id=f"{PAGES[path]}-{label}")
    for path in PAGES
    for label, query in HOSTILE.items()
] + [
    pytest.param(path, LONG_STATUS, id=f"{PAGES[path]}-status-10000-chars")
    for path in ("projects", "stopped")
]

_INJECTION_PROBE = """() => {
    const scripts = [...document.querySelectorAll('script')]
        .map(s => s.textContent || '')
        .filter(t => t.includes('alert(1)'));
    const unescaped = [...document.querySelectorAll('*')]
        .filter(el => el.innerHTML.includes('<script>alert(1)'))
        .map(el => el.tagName);
    return {scripts, unescaped};
}"""


@pytest.fixture(scope="module")
def unfiltered_rows(shared_page: Page) -> int:
    open_page(shared_page, "projects")
    assert_no_exception(shared_page)
    return rows_matching(shared_page)


@pytest.mark.parametrize(("path", "query"), CASES)
def test_hostile_link_is_harmless(
    page: Page, app_url: str, unfiltered_rows: int, path: str, query: str
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        open_page(page, f"{path}?{query}")
        assert_no_exception(page)
        expect(page.locator(WARNING).first).to_be_visible()

        probe = page.evaluate(_INJECTION_PROBE)
        assert probe["scripts"] == [], f"script elements from the link: {probe['scripts']}"
        assert probe["unescaped"] == [], f"unescaped <script> inside: {probe['unescaped']}"

        # The default view: every bad value fell back, so the view's own link is the bare page
        # (What changed always names its pair: the newest two releases by default).
        link = view_link(page)
        bare = (app_url + path).rstrip("/")
        if path == "changes":
            bare += "?from=gmpp-2022&to=gmpp-2023"
        assert link.rstrip("/") == bare, link
        if path in CHART_PAGES:
            expect(page.locator(CHART).first).to_be_visible()
        if path == "projects":
            assert rows_matching(page) == unfiltered_rows
        assert_no_exception(page)
        assert dialogs == [], f"a JavaScript dialog opened: {dialogs}"
    finally:
        page.remove_listener("dialog", on_dialog)


def test_a_page_that_does_not_exist_offers_the_link_of_the_page_shown(page: Page) -> None:
    """/nonexistent shows the Overview; its "link to this view" is the Overview's, not /nonexistent."""
    open_page(page, "nonexistent?dataset=met-project-cull")
    assert_no_exception(page)
    link = view_link(page)
    assert urlsplit(link).path == "/", link
    assert "nonexistent" not in link

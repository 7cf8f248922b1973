"""Explore your own file, in a real browser: upload, read the report, explore it, privately."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import CHART, WARNING, assert_no_exception, fresh_context, open_page, wait_idle

pytestmark = pytest.mark.browser

TABLE = (
    "Major projects (test copy),,,,\n"
    ",,,,\n"
    'Project Name,Department,Delivery Confidence Assessment,"Whole Life Cost (£m)\n'
    '(including non-Government costs)",Narrative\n'
    'Crossrail,DfT,Amber,"14,800.00",On track\n'
    "Border Systems,Home Office,Red,Exempt under Section 43 of the Freedom of Information Act 2000,Late\n"
    "New Frigates,MOD,Amber,Exempt under Section 24 and 26,\n"
    "Early Thing,DH,Green,Early planning project (not yet passed its business case),\n"
    "Quiet Thing,DH,Green,REDACTED,\n"
)


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    path = tmp_path / "major-projects.csv"
    path.write_bytes(TABLE.encode("utf-8"))
    return path


def test_upload_report_and_explore(page: Page, browser: Browser, browser_context_args, table_file):
    open_page(page, "upload")
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(table_file))
    wait_idle(page)
    expect(page.get_by_text("header on row 3")).to_be_visible()
    page.get_by_role("button", name="Load into my session").click()
    wait_idle(page)
    expect(page.get_by_text("Loaded 5 rows as dataset major-projects.")).to_be_visible()
    report = (
        page.locator('[data-testid="stCode"]').filter(has_text="Imported into dataset").inner_text()
    )
    assert "1 disclosed totalling £14,800,000,000" in report
    assert "withheld s.24: 1, s.26: 1, s.43: 1" in report
    assert "redacted 1" in report and "not yet available 1" in report
    assert_no_exception(page)

    page.get_by_text("What was withheld").click()
    wait_idle(page)
    assert "dataset=major-projects" in page.url
    expect(page.locator(CHART).first).to_be_visible()
    expect(page.get_by_text("3 of 5 figures withheld or redacted")).to_be_visible()
    assert_no_exception(page)

    page.get_by_role("link", name="Projects").first.click()
    wait_idle(page)
    expect(page.get_by_text("5 rows match")).to_be_visible()

    # Another visitor opening the same link does not see the upload.
    other = fresh_context(browser, browser_context_args)
    try:
        stranger = other.new_page()
        stranger.goto(page.url)
        wait_idle(stranger)
        expect(stranger.locator(WARNING).first).to_contain_text("dataset")
        expect(stranger.get_by_text("5 rows match")).to_have_count(0)
    finally:
        other.close()


def test_a_file_that_is_not_a_table_is_refused_clearly(page: Page, tmp_path: Path):
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    open_page(page, "upload")
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(bad))
    wait_idle(page)
    expect(page.get_by_test_id("stFileChipName")).to_have_text("photo.csv")
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("PNG")
    expect(error).not_to_contain_text("/tmp")  # no server paths shown to visitors
    assert_no_exception(page)

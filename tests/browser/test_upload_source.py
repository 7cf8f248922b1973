"""An upload cites the source its uploader described, and stays private to that browser session.

In a real browser: upload a payment file with its title, publisher and address, load it,
see the Sources page cite that publisher with a link to that address, then open a link
to the upload in a fresh browser context and read that uploads are private.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import (
    WARNING,
    assert_no_exception,
    fresh_context,
    open_page,
    screenshot,
    wait_idle,
)

pytestmark = pytest.mark.browser

PAYMENTS = (
    "Body Name,Payment Date,Transaction Number,Amount,Supplier Name,Expense Type\n"
    "Testshire Council,2024-01-02,T1,100.00,Acme Ltd,Stationery\n"
    "Testshire Council,2024-01-03,T2,250.50,REDACTED PERSONAL DATA,Care\n"
    "Testshire Council,2024-01-04,T3,1000.00,Widgets plc,Equipment\n"
    "Testshire Council,2024-01-05,T4,75.25,Acme Ltd,Stationery\n"
)
TITLE = "Payments over £500, January 2024"
PUBLISHER = "Testshire County Council"
URL = "https://www.testshire.example.gov.uk/spending/2024-01.csv"
DATASET = "testshire-jan"
PRIVATE = "stays private to the browser session that uploaded it"


@pytest.fixture
def payments_file(tmp_path: Path) -> Path:
    path = tmp_path / "testshire-payments.csv"
    path.write_text(PAYMENTS, encoding="utf-8")
    return path


def _type(page: Page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")  # Streamlit commits a text input on Enter
    wait_idle(page)


def _type_date(page: Page, label: str, digits: str) -> None:
    """Type a date into Streamlit's segmented date field (year, month, day), then leave it."""
    field = page.get_by_label(label, exact=True)
    field.locator('[role="spinbutton"]').first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Tab")
    wait_idle(page)


def test_an_upload_cites_its_source_and_a_link_to_it_is_private(
    page: Page, browser: Browser, browser_context_args, payments_file: Path
):
    page.set_viewport_size({"width": 1280, "height": 3200})
    open_page(page, "upload")
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(payments_file))
    wait_idle(page)
    expect(page.get_by_label("Title", exact=True)).to_have_value("testshire-payments.csv")

    _type(page, "Address (URL)", "javascript:alert(1)")
    expect(page.get_by_text("The address must be a web address")).to_be_visible()
    expect(page.get_by_role("button", name="Load into my session")).to_be_disabled()

    _type(page, "Title", TITLE)
    _type(page, "Publisher", PUBLISHER)
    _type(page, "Address (URL)", URL)
    _type_date(page, "Published (optional)", "20240215")
    _type(page, "Dataset name (letters, digits and hyphens)", DATASET)
    expect(page.get_by_text("The address must be a web address")).to_have_count(0)
    page.get_by_role("button", name="Load into my session").click()
    wait_idle(page)
    expect(page.get_by_text(f"Loaded 4 rows as dataset {DATASET}.")).to_be_visible()
    cited = page.get_by_text("Its figures cite:")
    expect(cited).to_contain_text(f"{PUBLISHER}, 2024-02-15")
    expect(cited.get_by_role("link", name=TITLE)).to_have_attribute("href", URL)
    assert f"dataset={DATASET}" in page.url
    assert_no_exception(page)
    screenshot(page, "upload-loaded")

    page.get_by_role("link", name="Source", exact=True).click()
    wait_idle(page)
    assert "/sources" in page.url and f"dataset={DATASET}" in page.url
    expect(page.get_by_text(f"{PUBLISHER}, 2024-02-15").first).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_attribute("href", URL)
    picker = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Dataset")
    # the upload is this session's chosen dataset, shown by its name then its title
    expect(picker).to_have_value(re.compile(rf"^{re.escape(DATASET)}: "))
    assert_no_exception(page)
    screenshot(page, "upload-sources")

    # The same link in another browser session: not the upload, and a plain word why.
    other = fresh_context(browser, browser_context_args)
    try:
        stranger = other.new_page()
        for path in (f"sources?dataset={DATASET}", f"projects?dataset={DATASET}"):
            open_page(stranger, path)
            notice = stranger.locator(WARNING).filter(has_text=PRIVATE)
            expect(notice).to_have_count(1)
            expect(notice).to_contain_text(DATASET)
            expect(notice).to_contain_text("not visible through a link")
            expect(stranger.get_by_text(PUBLISHER)).to_have_count(0)
            assert_no_exception(stranger)
        screenshot(stranger, "upload-link-elsewhere")
    finally:
        other.close()

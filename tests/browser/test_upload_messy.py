"""A messy real-world payment file through the browser: CRLF, a two-line header cell, a
title above the header, a grand total and a copyright line below the payments.

This is the file that once loaded 0 rows under a green "Loaded 0 rows" (CRLF) or silently
dropped its first payment (LF). Uploaded as a person would, it must load every payment, say
which rows it set aside and why, and give the total without the "Grand Total" row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import assert_no_exception, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser

PAYMENTS = [
    ("01/11/2017", "Acme Ltd", "1,200.00"),
    ("02/11/2017", "REDACTED PERSONAL DATA", "640.00"),
    ("15/11/2017", "Widgets plc", "(150.00)"),
    ("28/11/2017", "Bolt Services", "£2,310.50"),
]
TOTAL = "4,000.50"


def messy_file(folder: Path) -> Path:
    rows = ['"Payments over £500, November 2017",,,', ",,,"]
    rows.append('Payment Date,Supplier Name,Transaction Ref,"Net Amount\n(£, excluding VAT)"')
    rows += [f'{d},{s},T{n},"{a}"' for n, (d, s, a) in enumerate(PAYMENTS, start=1)]
    rows += [f',Grand Total,,"{TOTAL}"', '"© Testshire Council 2017. Open Government Licence."']
    path = folder / "messy-crlf.csv"
    path.write_bytes("\r\n".join(rows).encode("utf-8") + b"\r\n")
    return path


def test_a_messy_crlf_file_with_a_two_line_header_loads_every_payment(
    page: Page, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 3600})
    open_page(page, "upload")
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(messy_file(tmp_path)))
    wait_idle(page)
    expect(page.get_by_text("header on row 3")).to_be_visible()
    page.get_by_role("button", name="Load into my session").click()
    wait_idle(page)
    expect(page.get_by_text("Loaded 4 rows as dataset messy-crlf.")).to_be_visible()
    expect(page.get_by_text("2 rows skipped")).to_be_visible()
    report = page.locator('[data-testid="stCode"]').filter(has_text="Imported into dataset")
    expect(report).to_contain_text("a total row, not a record")
    expect(report).to_contain_text("a note line")
    expect(report).to_contain_text("£640 (16.0% of £4,000.50)")
    assert_no_exception(page)
    screenshot(page, "upload-messy-crlf")

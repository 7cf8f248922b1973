"""Downloads from the Projects page, clicked in a real browser, hold exactly the rows on screen.

For each filtered view and each format the file must be named after the
dataset and the filters, hold N rows where the page says "N rows match", and
list the same rows in the same order as the page's own query run directly
against the database (foi.queries.run on "figure_rows" with the filters
built by foi.filters from the same values the link carries).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Browser, Page, expect

from foi import filters
from foi.config import DEFAULT_DATASET
from foi.queries import run

from .helpers import assert_no_exception, fresh_context, open_page, rows_matching

pytestmark = pytest.mark.browser

#: Each view: its link, the page values the link stands for, the filters the files must
#: record (datapackage.json), and what the file name must say.
VIEWS: dict[str, dict[str, Any]] = {
    "stopped-named": {
        "link": "projects?status=stopped&named=1",
        "values": {"status": ("stopped",), "named": True},
        "filters": {"status": ["stopped"], "named": True},
        "name_parts": ("status-stopped", "named"),
    },
    "q-lockheed": {
        "link": "projects?q=Lockheed",
        "values": {"q": "Lockheed"},
        "filters": {"q": "Lockheed"},
        "name_parts": ("q-lockheed",),
    },
}
BUTTONS = {
    "csv": "CSV",
    "xlsx": "Excel (.xlsx)",
    "parquet": "Parquet",
    "json": "JSON",
    "zip": "Zip with datapackage.json",
}

Row = tuple[str | None, str | None, Decimal | None]


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _key(record: dict[str, Any]) -> Row:
    """What identifies a row and its money: subject, figure and amount."""
    figure = record.get("figure_id")
    return (
        record.get("subject_id"),
        figure if figure != "" else None,
        _amount(record["amount_gbp"]),
    )


def _expected_rows(con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> list[Row]:
    """The page's own query for these values, every page of it, straight from the database."""
    params = {**filters.query_params(DEFAULT_DATASET, values), "limit": 1_000_000, "offset": 0}
    table = run(con, "figure_rows", params, order_by=filters.order_by(values))
    return [_key(r) for r in table.to_pylist()]


def _csv_rows(data: bytes) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _read(fmt: str, path: Path) -> tuple[list[Row], dict[str, Any] | None]:
    """The rows of a downloaded file, and the zip's datapackage.json (None otherwise)."""
    if fmt == "csv":
        return [_key(r) for r in _csv_rows(path.read_bytes())], None
    if fmt == "parquet":
        return [_key(r) for r in pq.read_table(path).to_pylist()], None
    if fmt == "json":
        records = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(records, list), type(records)
        return [_key(r) for r in records], None
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            assert "Figures" in wb.sheetnames, wb.sheetnames
            cells = list(wb["Figures"].iter_rows(values_only=True))
        finally:
            wb.close()
        header = list(cells[0])
        body = [row for row in cells[1:] if any(v is not None for v in row)]
        return [_key(dict(zip(header, row, strict=True))) for row in body], None
    if fmt == "zip":
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            assert {"data.csv", "datapackage.json"} <= names, names
            rows = [_key(r) for r in _csv_rows(zf.read("data.csv"))]
            package = json.loads(zf.read("datapackage.json"))
        return rows, package
    raise AssertionError(f"unknown format {fmt}")


@pytest.fixture(scope="module")
def projects_tab(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[dict[str, tuple[Page, int]]]:
    """One tab per view, opened once: view name -> (page, N from its caption)."""
    ctx = fresh_context(browser, browser_context_args)
    opened: dict[str, tuple[Page, int]] = {}
    try:
        for name, view in VIEWS.items():
            page = ctx.new_page()
            open_page(page, view["link"])
            assert_no_exception(page)
            opened[name] = (page, rows_matching(page))
        yield opened
    finally:
        ctx.close()


@pytest.mark.parametrize("fmt", list(BUTTONS))
@pytest.mark.parametrize("view_name", list(VIEWS))
def test_download_holds_the_rows_on_screen(
    projects_tab: dict[str, tuple[Page, int]],
    db_con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    view_name: str,
    fmt: str,
) -> None:
    view = VIEWS[view_name]
    page, n = projects_tab[view_name]
    expected = _expected_rows(db_con, view["values"])
    assert n > 0, f"{view['link']}: no rows match, nothing to download"
    assert len(expected) == n, f"page says {n} rows, the database query gives {len(expected)}"

    button = (
        page.locator('[data-testid="stDownloadButton"]')
        .filter(has=page.get_by_text(BUTTONS[fmt], exact=True))
        .locator("button")
    )
    expect(button).to_have_count(1)
    expect(button).to_be_enabled()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    name = download.suggested_filename
    target = tmp_path / name
    download.save_as(target)

    assert name.endswith(f".{fmt}"), name
    assert DEFAULT_DATASET in name, name
    for part in view["name_parts"]:
        assert part in name, f"{name!r} does not say {part!r}"

    rows, package = _read(fmt, target)
    assert len(rows) == n, f"{name}: {len(rows)} rows, the page says {n}"
    assert rows == expected, f"{name}: rows differ from the database query in content or order"

    if fmt == "zip":
        assert package is not None
        resource = package["resources"][0]
        assert resource["path"] == "data.csv", resource.get("path")
        assert resource["filters"] == view["filters"], resource["filters"]
        assert resource["rowCount"] == n, resource["rowCount"]

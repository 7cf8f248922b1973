"""Twenty visitors at once: each gets their own rows, nobody sees another's upload, the server lives.

Twenty browser contexts (twenty Streamlit sessions) are driven concurrently from Playwright's
sync API: every `goto` is issued with wait_until="commit", then all pages are polled in turn
until each has finished its script run, so their load times are measured side by side.

- Seventeen open /projects with different filters; each "N rows match" caption must equal
  figure_rows_count run on the server's database with the same parameters.
- Two upload different CSVs under the same dataset name on /upload, load them, follow the
  "Every row" link, and must each see only their own row count.
- One opens /projects?dataset=<that name> and must be told the dataset is unknown.

Afterwards /_stcore/health must still answer ok. p50 and p95 of the per-page load times
(from goto to idle) are printed; nothing is asserted about speed.
"""

from __future__ import annotations

import statistics
import time
import urllib.request
from pathlib import Path
from typing import Any

import duckdb
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from foi import filters, state
from foi.queries import run

from .helpers import (
    IDLE,
    ROWS_CAPTION,
    TIMEOUT_MS,
    WARNING,
    assert_no_exception,
    fresh_context,
    rows_matching,
    wait_idle,
)

pytestmark = pytest.mark.browser

UPLOAD_NAME = "loadtest"
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
MARKDOWN = '[data-testid="stMarkdownContainer"]'

#: Seventeen different views of the Projects page.
FILTERS = [
    "status=stopped",
    "status=corrective_action",
    "status=live",
    "status=programme",
    "status=stopped&named=1",
    "status=corrective_action&named=1",
    "q=Lockheed",
    "q=Northrop",
    "q=command",
    "min=1m",
    "min=10m&max=100m",
    "max=50m",
    "disclosure=withheld",
    "disclosure=disclosed&sort=name",
    "status=stopped&status=corrective_action&q=project",
    "named=1&size=25&page=2",
    "basis=contract_value",
]


def upload_csv(rows: int) -> bytes:
    body = "".join(
        f"Load project {i},Department {i % 3},Red,{1000 * (i + 1)}\n" for i in range(rows)
    )
    return ("Project Name,Department,Status,Spend to date (£)\n" + body).encode()


def vocab(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The shipped dataset's link vocabulary, as foi.ui.vocab computes it."""
    datasets = [r["dataset"] for r in run(con, "datasets").to_pylist()]
    dataset = datasets[0]
    opts = run(con, "filter_options", {"dataset": dataset}).to_pylist()
    statuses = run(con, "statuses", {"dataset": dataset}).column("status").to_pylist()
    groups = run(con, "group_totals", {"dataset": dataset}).to_pylist()
    sources = run(con, "sources", {"dataset": dataset}).to_pylist()

    def values(field: str) -> list[str]:
        return [str(r["value"]) for r in opts if r["field"] == field]

    return {
        "dataset": datasets,
        "status": list(dict.fromkeys(statuses + values("status"))),
        "org": values("org"),
        "exemption": values("exemption"),
        "group": [""] + [g["group_id"] for g in groups if g["total_gbp"] is not None],
        "source": [""] + [s["source_id"] for s in sources],
    }


def expected_rows(con: duckdb.DuckDBPyConnection, query: str) -> int:
    from urllib.parse import parse_qs

    words = vocab(con)
    values, notices = state.parse("projects", parse_qs(query, keep_blank_values=True), words)
    assert notices == [], (query, notices)
    params = filters.query_params(values["dataset"], values)
    return run(con, "figure_rows_count", params).to_pylist()[0]["rows"]


def is_idle(page: Page) -> bool:
    return page.locator(IDLE).count() > 0


def wait_all(pages: list[Page], ready, started: dict[int, float]) -> dict[int, float]:
    """Poll every page in turn until `ready(page)`; return each page's seconds since its goto."""
    took: dict[int, float] = {}
    deadline = time.monotonic() + 3 * TIMEOUT_MS / 1000
    while len(took) < len(pages):
        assert time.monotonic() < deadline, f"{len(pages) - len(took)} pages never settled"
        for i, page in enumerate(pages):
            if i not in took and ready(page):
                took[i] = time.monotonic() - started[i]
        time.sleep(0.02)
    return took


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def test_twenty_concurrent_sessions(
    browser: Browser,
    browser_context_args: dict[str, Any],
    app_url: str,
    db_con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
) -> None:
    expected = {query: expected_rows(db_con, query) for query in FILTERS}
    assert len(set(expected.values())) >= 5, expected  # the filters really differ
    unfiltered = expected_rows(db_con, "")

    files = []
    for label, n in (("a", 3), ("b", 7)):
        folder = tmp_path / label
        folder.mkdir()
        path = folder / f"{UPLOAD_NAME}.csv"  # same name, so the same default dataset name
        path.write_bytes(upload_csv(n))
        files.append((path, n))

    contexts: list[BrowserContext] = []
    try:
        pages: list[Page] = []
        for _ in range(len(FILTERS) + len(files) + 1):
            ctx = fresh_context(browser, browser_context_args)
            contexts.append(ctx)
            pages.append(ctx.new_page())
        browse = pages[: len(FILTERS)]
        uploaders = pages[len(FILTERS) : len(FILTERS) + len(files)]
        stranger = pages[-1]
        paths = [f"/projects?{q}" for q in FILTERS] + ["/upload"] * len(files)
        loads: list[float] = []

        # 1. Nineteen sessions open at once.
        started: dict[int, float] = {}
        first = browse + uploaders
        for i, (page, path) in enumerate(zip(first, paths, strict=True)):
            started[i] = time.monotonic()
            page.goto(path, wait_until="commit")

        def settled(page: Page) -> bool:
            if not is_idle(page):
                return False
            if page in browse:
                return page.locator(MARKDOWN).filter(has_text=ROWS_CAPTION).count() == 1
            return page.locator(UPLOAD_INPUT).count() == 1

        loads += wait_all(first, settled, started).values()

        for page, query in zip(browse, FILTERS, strict=True):
            wait_idle(page)
            assert_no_exception(page)
            assert rows_matching(page) == expected[query], f"/projects?{query}"

        # 2. Two sessions upload different files under the same dataset name, side by side.
        for page, (path, _) in zip(uploaders, files, strict=True):
            page.set_input_files(UPLOAD_INPUT, str(path))
        for page, (_, n) in zip(uploaders, files, strict=True):
            wait_idle(page)
            expect(page.get_by_text(f"Read {n} rows; header on row 1")).to_be_visible()
        for page in uploaders:
            page.get_by_role("button", name="Load into my session").click()
        for page, (_, n) in zip(uploaders, files, strict=True):
            wait_idle(page)
            assert_no_exception(page)
            expect(page.get_by_text(f"Loaded {n} rows as dataset {UPLOAD_NAME}.")).to_be_visible()

        # 3. Each follows its own link to every row, while a stranger opens the same link.
        started = {}
        for i, page in enumerate(uploaders):
            started[i] = time.monotonic()
            page.get_by_role("link", name="Every row").click()
        started[len(uploaders)] = time.monotonic()
        stranger.goto(f"/projects?dataset={UPLOAD_NAME}", wait_until="commit")
        watched = [*uploaders, stranger]

        def on_projects(page: Page) -> bool:
            return (
                is_idle(page) and page.locator(MARKDOWN).filter(has_text=ROWS_CAPTION).count() == 1
            )

        loads += wait_all(watched, on_projects, started).values()
        for page, (_, n) in zip(uploaders, files, strict=True):
            wait_idle(page)
            assert_no_exception(page)
            assert f"dataset={UPLOAD_NAME}" in page.url, page.url
            assert rows_matching(page) == n, f"an upload session of {n} rows sees another count"
        wait_idle(stranger)
        assert_no_exception(stranger)
        notice = stranger.locator(WARNING).filter(has_text=UPLOAD_NAME)
        expect(notice.first).to_contain_text("asked for a dataset that is not here")
        assert rows_matching(stranger) == unfiltered  # the default view, not someone's upload
        for page, query in zip(browse, FILTERS, strict=True):  # nothing leaked into them either
            assert rows_matching(page) == expected[query], f"/projects?{query}"
    finally:
        for ctx in contexts:
            ctx.close()

    with urllib.request.urlopen(f"{app_url}_stcore/health", timeout=10) as resp:
        assert resp.read().decode().strip() == "ok"

    print(
        f"\n{len(loads)} page loads under 20 concurrent sessions: "
        f"p50 {statistics.median(loads):.2f} s, p95 {p(loads, 0.95):.2f} s, "
        f"max {max(loads):.2f} s"
    )

"""The data addresses (/api/...) served by the real server, against the page and the data.

One `python -m foi serve` (the command `make run` uses) on a free port, over the session
database built from data/. Each address is fetched over HTTP and compared with:

- the Projects page's own download for the same link: the page is run through AppTest,
  and the callable its download button would run on a click is captured and called, so
  the bytes compared are the page's, not a second computation of them;
- the rows the link means, worked out here from data/*.csv with the csv module, or with
  SQL written here over the `figure_rows` view (not the page's figure_rows.sql).
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from email.message import Message
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pytest
from helpers import DATA_DIR, DATASET, SHIPPED, open_page, read_csv

from foi import console

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "test-artifacts" / "api-server.log"
STARTUP_TIMEOUT_S = 90


# --- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's own TMPDIR, so a test can see what its downloads leave behind."""
    return tmp_path_factory.mktemp("api-server-tmp")


@pytest.fixture(scope="module")
def base(built_db: Path, server_tmp: Path) -> Iterator[str]:
    """`python -m foi serve` on a free port over the session database; its base URL."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {
        **os.environ,
        "FOI_DB": str(built_db),
        "TMPDIR": str(server_tmp),
        "PYTHONUNBUFFERED": "1",
    }
    options = ["--server.address", "127.0.0.1", "--server.port", str(port)]
    options += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    options += ["--server.fileWatcherType", "none"]
    with LOG.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "foi", "serve", *options],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited with {proc.returncode}; see {LOG}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server was not healthy after {STARTUP_TIMEOUT_S} s; see {LOG}")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def fetch(url: str) -> tuple[int, Message, bytes]:
    """Status, headers and body of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def address(base: str, path: str, pairs: list[tuple[str, str]]) -> str:
    return f"{base}{path}" + (f"?{urlencode(pairs)}" if pairs else "")


def filename_of(headers: Message) -> str:
    disposition = headers.get("Content-Disposition") or ""
    assert disposition.startswith("attachment; filename="), disposition
    return disposition.split("filename=", 1)[1].strip('"')


def csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


# --- the page's own downloads ----------------------------------------------------------------


@pytest.fixture
def page_downloads(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Every download callable a page run registers, by its file name.

    Streamlit keeps a download button's callable until the click; this records it as it
    is registered, so a test can call exactly what a click would.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)
    captured: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


def page_link_params(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """A link's pairs as AppTest query parameters (a repeated name becomes a list)."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in out.items()}


LINKS = [
    [("status", "stopped")],
    [("status", "stopped"), ("named", "1")],
    [("status", "stopped"), ("status", "corrective_action"), ("sort", "name"), ("page", "2")],
    [("q", "lockheed")],
    [("min", "1m"), ("max", "100m"), ("sort", "amount_asc")],
    [("dataset", "gmpp-2023"), ("status", "Red"), ("size", "25")],
    [("dataset", "gmpp-2022"), ("basis", "whole_life_cost"), ("disclosure", "withheld")],
    [],
]


@pytest.mark.parametrize("pairs", LINKS, ids=lambda p: urlencode(p) or "no-filters")
def test_every_format_is_the_page_download_for_that_link(
    base: str, pairs: list[tuple[str, str]], page_downloads: dict
) -> None:
    at = open_page("projects", **page_link_params(pairs))
    # The page kept every value (a page past the end is shown as the last, with a notice).
    kept = [w.value for w in at.warning if "asked for page" not in w.value]
    assert not kept, kept
    by_ext = {name.rsplit(".", 1)[1]: (name, make) for name, make in page_downloads.items()}
    assert {"csv", "json", "parquet"} <= set(by_ext), sorted(page_downloads)
    for ext in ("csv", "json", "parquet"):
        name, make = by_ext[ext]
        status, headers, body = fetch(address(base, f"/api/projects.{ext}", pairs))
        assert status == 200, body[:300]
        assert filename_of(headers) == name
        assert body == make(), f"/api/projects.{ext} differs from the page's {name}"
        assert headers.get("Access-Control-Allow-Origin") == "*"
    status, headers, body = fetch(address(base, "/api/projects.xlsx", pairs))
    assert status == 200 and body[:2] == b"PK"  # a zip container; its bytes hold a timestamp
    assert filename_of(headers) == by_ext["xlsx"][0]


# --- the rows, worked out independently ------------------------------------------------------


def expected_cull_rows(status: str, named_only: bool) -> Counter:
    """(level, subject, figure) of each Projects row with `status`, from data/*.csv.

    A row per figure of each project, one for a project with no figure at all, and a row
    per figure about a group with that status (groups are always named).
    """
    projects = read_csv(DATA_DIR / "projects.csv")
    figures = read_csv(DATA_DIR / "figures.csv")
    groups = {g["group_id"]: g for g in read_csv(DATA_DIR / "groups.csv")}
    rows: Counter = Counter()
    for p in projects:
        if p["status"] != status or (named_only and p["named"] != "true"):
            continue
        mine = [
            f["figure_id"]
            for f in figures
            if f["subject_type"] == "project" and f["subject_id"] == p["project_id"]
        ]
        for figure_id in mine or [""]:
            rows[("project", p["project_id"], figure_id)] += 1
    for f in figures:
        if f["subject_type"] == "group" and groups[f["subject_id"]]["status"] == status:
            rows[("group", f["subject_id"], f["figure_id"])] += 1
    return rows


@pytest.mark.parametrize("named", [False, True])
def test_stopped_rows_are_the_stopped_rows_of_the_source_files(base: str, named: bool) -> None:
    pairs = [("status", "stopped")] + ([("named", "1")] if named else [])
    status, _, body = fetch(address(base, "/api/projects.csv", pairs))
    assert status == 200
    rows = csv_rows(body)
    got = Counter((r["level"], r["subject_id"], r["figure_id"]) for r in rows)
    assert got == expected_cull_rows("stopped", named)
    amounts = [Decimal(r["amount_gbp"]) if r["amount_gbp"] else None for r in rows]
    given = [a for a in amounts if a is not None]
    assert given == sorted(given, reverse=True)  # the default sort: amount, largest first
    assert amounts == given + [None] * (len(amounts) - len(given))  # undisclosed last


def test_a_release_filter_gives_the_rows_an_independent_query_finds(
    base: str, con: duckdb.DuckDBPyConnection
) -> None:
    pairs = [("dataset", "gmpp-2023"), ("status", "Red"), ("disclosure", "disclosed")]
    status, _, body = fetch(address(base, "/api/projects.json", pairs))
    assert status == 200
    got = Counter(
        (r["subject_id"], r["figure_id"], r["amount_gbp"])
        for r in json.loads(body, parse_float=Decimal, parse_int=Decimal)
    )
    expected = Counter(
        con.execute(
            "SELECT subject_id, figure_id, amount_gbp FROM figure_rows "
            "WHERE dataset = 'gmpp-2023' AND status = 'Red' AND disclosure = 'disclosed'"
        ).fetchall()
    )
    assert got == expected and got


@pytest.mark.parametrize("dataset", SHIPPED)
def test_the_whole_table_streams_every_row(
    base: str, dataset: str, con: duckdb.DuckDBPyConnection
) -> None:
    url = address(base, "/api/projects.csv", [("dataset", dataset)])
    with urllib.request.urlopen(url, timeout=120) as resp:
        length = int(resp.headers["Content-Length"])
        pieces = []
        while block := resp.read(64 * 1024):
            pieces.append(block)
    body = b"".join(pieces)
    assert len(body) == length
    rows = csv_rows(body)
    (expected,) = con.execute(
        "SELECT count(*) FROM figure_rows WHERE dataset = ?", [dataset]
    ).fetchone()
    assert len(rows) == expected
    ids = Counter(r["figure_id"] for r in rows if r["figure_id"])
    (figures,) = con.execute("SELECT count(*) FROM figures WHERE dataset = ?", [dataset]).fetchone()
    assert sum(ids.values()) == figures and max(ids.values()) == 1  # each figure once


def test_json_holds_the_rows_and_values_of_the_csv(base: str) -> None:
    pairs = [("status", "corrective_action")]
    _, _, as_csv = fetch(address(base, "/api/projects.csv", pairs))
    _, _, as_json = fetch(address(base, "/api/projects.json", pairs))
    table = csv_rows(as_csv)
    records = json.loads(as_json, parse_float=str, parse_int=str)

    def text(value: object) -> str:
        return "" if value is None else {True: "true", False: "false"}.get(value, str(value))

    assert [{k: text(v) for k, v in r.items()} for r in records] == table
    assert len(table) == sum(expected_cull_rows("corrective_action", False).values())


# --- what is refused, and how ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "status", "named"),
    [
        ([("status", "bogus")], 400, ["status", "bogus"]),
        ([("min", "lots")], 400, ["min", "lots"]),
        ([("min", "100m"), ("max", "1m")], 400, ["min", "max"]),
        ([("stauts", "stopped")], 400, ["stauts"]),
        ([("sort", "random()")], 400, ["sort"]),
        ([("q", "' OR 1=1 --")], 400, ["q"]),
        ([("named", "maybe")], 400, ["named", "maybe"]),
        ([("dataset", "no-such-data")], 404, ["no-such-data", DATASET]),
        ([("dataset", DATASET), ("dataset", "gmpp-2023")], 400, ["dataset"]),
    ],
)
def test_a_bad_parameter_is_refused_naming_it(
    base: str, pairs: list[tuple[str, str]], status: int, named: list[str]
) -> None:
    for ext in ("csv", "json"):
        got, headers, body = fetch(address(base, f"/api/projects.{ext}", pairs))
        message = body.decode("utf-8")
        assert got == status, message
        assert headers.get_content_type() == "text/plain"
        assert headers.get("Access-Control-Allow-Origin") == "*"
        for word in named:
            assert word in message, message
        assert "level,subject_id" not in message  # no rows were sent


def test_the_page_drops_the_value_the_address_refuses(page_downloads: dict) -> None:
    """The page shows every row with a notice for ?status=bogus; the address sends none."""
    at = open_page("projects", status="bogus")
    assert any("status" in w.value and "bogus" in w.value for w in at.warning)


def test_unknown_addresses_are_404_not_the_app(base: str) -> None:
    for path in ("/api/projects.txt", "/api/sql.xlsx", "/api/figures.csv", "/api"):
        status, headers, body = fetch(base + path)
        assert status == 404, path
        assert headers.get_content_type() == "text/plain"
        assert b"/api/projects.csv" in body


def test_pages_and_health_are_still_served(base: str) -> None:
    status, _, body = fetch(f"{base}/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")
    status, headers, body = fetch(f"{base}/projects?status=stopped")
    assert status == 200 and headers.get_content_type() == "text/html"
    assert b"<html" in body.lower()


# --- the SQL console's result --------------------------------------------------------------


def test_a_console_query_has_an_address(base: str, built_db: Path) -> None:
    sql = "SELECT status, count(*) AS projects FROM projects GROUP BY status ORDER BY status"
    status, headers, body = fetch(address(base, "/api/sql.csv", [("sql", sql)]))
    assert status == 200, body
    counts = Counter(p["status"] for p in read_csv(DATA_DIR / "projects.csv"))
    assert {r["status"]: int(r["projects"]) for r in csv_rows(body)} == counts
    assert body == console.export_query(str(built_db), DATASET, sql, "csv")
    name = filename_of(headers)
    assert name.startswith(f"{DATASET}_sql_") and name.endswith(".csv")
    pairs = [("dataset", "gmpp-2022"), ("sql", "SELECT count(*) AS n FROM projects")]
    status, _, body = fetch(address(base, "/api/sql.json", pairs))
    assert status == 200
    (expected,) = (
        duckdb.connect(str(built_db), read_only=True)
        .execute("SELECT count(*) FROM projects WHERE dataset = 'gmpp-2022'")
        .fetchone()
    )
    assert json.loads(body) == [{"n": expected}]


@pytest.mark.parametrize(
    ("sql", "status", "said"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", 400, "read_csv"),
        ("DROP TABLE projects", 400, "DROP"),
        ("COPY projects TO '/tmp/x.csv'", 400, "SELECT"),
        ("SELECT * FROM no_such_table", 400, "no_such_table"),
        ("", 400, "sql"),
        ("SELECT list(range) FROM range(1000000000)", 400, "memory"),
    ],
)
def test_a_console_address_refuses_what_the_console_refuses(
    base: str, sql: str, status: int, said: str
) -> None:
    got, _, body = fetch(address(base, "/api/sql.csv", [("sql", sql)]))
    assert got == status, body
    assert said in body.decode("utf-8")


# --- nothing left behind -------------------------------------------------------------------


def test_downloads_leave_nothing_on_disk(base: str, server_tmp: Path) -> None:
    url = address(base, "/api/projects.csv", [("dataset", "gmpp-2023")])
    with urllib.request.urlopen(url, timeout=120) as resp:
        resp.read(1000)  # a client that goes away half-way
    for ext in ("csv", "json", "parquet", "zip"):
        assert fetch(address(base, f"/api/projects.{ext}", []))[0] == 200
    assert fetch(address(base, "/api/sql.parquet", [("sql", "SELECT 1 AS one")]))[0] == 200
    time.sleep(0.5)
    # The server's own spill folder (foi.db.spill_dir) lives as long as it does, empty.
    left = [p.name for p in server_tmp.iterdir() if p.name.startswith("foi-")]
    spill = [p for p in server_tmp.iterdir() if p.name.startswith("foi-spill-")]
    assert [n for n in left if not n.startswith("foi-spill-")] == []
    assert len(spill) <= 1 and all(not any(p.iterdir()) for p in spill)

"""The named queries in queries/*.sql, run on the built shipped dataset.

Expected rows are worked out here in plain Python from the CSVs, never by
running the SQL under test, so a wrong join or filter shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from helpers import DATA_DIR, DATASET, read_csv

from foi.build import build
from foi.config import QUERIES_DIR
from foi.filters import SORTS
from foi.queries import UnknownQuery, fill, load_sql, query_names, run

ORDER = "level, subject_id"

NO_FILTERS: dict[str, Any] = {
    "dataset": DATASET,
    "status": None,
    "org": None,
    "basis": None,
    "disclosure": None,
    "exemption": None,
    "category": None,
    "area": None,
    "q": None,
    "min": None,
    "max": None,
    "named": None,
}


# --- the expectation, computed from the CSVs --------------------------------------------------


def _expected_rows() -> list[dict[str, Any]]:
    """What the figure_rows view should hold, one dict per row, built from the CSVs."""
    sources = {s["source_id"]: s for s in read_csv(DATA_DIR / "sources.csv")}
    projects = read_csv(DATA_DIR / "projects.csv")
    groups = {g["group_id"]: g for g in read_csv(DATA_DIR / "groups.csv")}
    figures = read_csv(DATA_DIR / "figures.csv")
    by_project: dict[str, list[dict[str, str]]] = {}
    for f in figures:
        if f["subject_type"] == "project":
            by_project.setdefault(f["subject_id"], []).append(f)

    def row(level, subject_id, name, named, status, org_id, f, p) -> dict[str, Any]:
        f = f or {}
        p = p or {}
        source_id = f.get("source_id") or p.get("source_id") or None
        counterparty = f.get("counterparty") or p.get("supplier") or None
        claim = f.get("claim") or p.get("claim") or None
        publisher = sources[source_id]["publisher"] if source_id else None
        # The fields the search looks in, each on its own (a match never spans two).
        searched = (
            name,
            claim,
            counterparty,
            f.get("category"),
            f.get("area"),
            f.get("reference"),
            publisher,
            source_id,
        )
        text = "\x00".join(t for t in searched if t).lower()
        return {
            "level": level,
            "subject_id": subject_id,
            "figure_id": f.get("figure_id") or None,
            "named": named,
            "status": status or None,
            "org_id": org_id or None,
            "basis": f.get("basis") or None,
            "disclosure": f.get("disclosure") or "no_figure",
            "sections": (f.get("exemption_sections") or "").split(";"),
            "amount": Decimal(f["amount_gbp"]) if f.get("amount_gbp") else None,
            "text": text,
        }

    rows = []
    for p in projects:
        named = p["named"] == "true"
        for f in by_project.get(p["project_id"], [None]):
            rows.append(
                row("project", p["project_id"], p["name"], named, p["status"], p["org_id"], f, p)
            )
    for f in figures:
        if f["subject_type"] == "group":
            g = groups[f["subject_id"]]
            name = f"{g['label']} ({g['member_count']} projects)"
            rows.append(row("group", g["group_id"], name, True, g["status"], None, f, None))
    # figure_rows.sql breaks ties by the figure's row in figure_facts: the CSV's order
    return sorted(rows, key=lambda r: (r["level"], r["subject_id"]))


EXPECTED = _expected_rows()


def _key(r: dict[str, Any]) -> tuple[str, str, str | None]:
    return (r["level"], r["subject_id"], r["figure_id"])


def _figure_rows(con: duckdb.DuckDBPyConnection, **filters: Any) -> list[dict[str, Any]]:
    params = {**NO_FILTERS, "limit": None, "offset": 0, **filters}
    return run(con, "figure_rows", params, order_by=ORDER).to_pylist()


def _count(con: duckdb.DuckDBPyConnection, **filters: Any) -> dict[str, int]:
    return run(con, "figure_rows_count", {**NO_FILTERS, **filters}).to_pylist()[0]


# --- load_sql --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../queries/schema",
        "schema;drop",
        "schema.sql",
        "Schema",
        "",
        "no_such_query",
        "/etc",
    ],
)
def test_load_sql_rejects_bad_or_unknown_names(name: str) -> None:
    with pytest.raises(UnknownQuery):
        load_sql(name)


def test_load_sql_reads_a_named_query() -> None:
    assert "FROM figure_keys" in load_sql("figure_rows")
    assert {"figure_rows", "figure_rows_count", "conflicting_figures", "schema"} <= set(
        query_names()
    )


# --- figure_rows -----------------------------------------------------------------------------


def test_unfiltered_rows_match_the_csvs(con: duckdb.DuckDBPyConnection) -> None:
    got = _figure_rows(con)
    assert [_key(r) for r in got] == [_key(r) for r in EXPECTED]
    assert len(got) == 161  # 150 projects with their 48 project figures, plus 3 group figures


FILTERS: dict[str, tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = {
    "status-stopped": ({"status": ["stopped"]}, lambda r: r["status"] == "stopped"),
    "status-two": (
        {"status": ["corrective_action", "programme"]},
        lambda r: r["status"] in ("corrective_action", "programme"),
    ),
    "org-met": ({"org": ["met"]}, lambda r: r["org_id"] == "met"),
    "org-mopac": ({"org": ["mopac"]}, lambda r: r["org_id"] == "mopac"),
    "basis-spent": ({"basis": ["spent_to_date"]}, lambda r: r["basis"] == "spent_to_date"),
    "basis-contract": ({"basis": ["contract_value"]}, lambda r: r["basis"] == "contract_value"),
    "disclosure-withheld": ({"disclosure": ["withheld"]}, lambda r: r["disclosure"] == "withheld"),
    "disclosure-no-figure": (
        {"disclosure": ["no_figure"]},
        lambda r: r["disclosure"] == "no_figure",
    ),
    "disclosure-disclosed-or-none": (
        {"disclosure": ["disclosed", "no_figure"]},
        lambda r: r["disclosure"] in ("disclosed", "no_figure"),
    ),
    "exemption-43": ({"exemption": ["43"]}, lambda r: "43" in r["sections"]),
    "exemption-40": ({"exemption": ["40"]}, lambda r: "40" in r["sections"]),
    "q-northrop": ({"q": "northrop"}, lambda r: "northrop" in r["text"]),
    "q-NORTHROP": ({"q": "NORTHROP"}, lambda r: "northrop" in r["text"]),
    "q-percent-is-literal": ({"q": "%"}, lambda r: "%" in r["text"]),
    "q-underscore-is-literal": ({"q": "_"}, lambda r: "_" in r["text"]),
    "q-source-id": ({"q": "pp-112996"}, lambda r: "pp-112996" in r["text"]),
    "min": (
        {"min": Decimal(65_000_000)},
        lambda r: r["amount"] is not None and r["amount"] >= Decimal(65_000_000),
    ),
    "max": (
        {"max": 25_000_000},
        lambda r: r["amount"] is not None and r["amount"] <= Decimal(25_000_000),
    ),
    "min-max": (
        {"min": 60_000_000, "max": 100_000_000},
        lambda r: (
            r["amount"] is not None and Decimal(60_000_000) <= r["amount"] <= Decimal(100_000_000)
        ),
    ),
    "named-only": ({"named": True}, lambda r: r["named"]),
    "named-only-false": ({"named": False}, lambda r: True),
    "combined": (
        {"status": ["corrective_action"], "named": True, "disclosure": ["disclosed"]},
        lambda r: (
            r["status"] == "corrective_action" and r["named"] and r["disclosure"] == "disclosed"
        ),
    ),
}


@pytest.mark.parametrize("case", list(FILTERS), ids=list(FILTERS))
def test_figure_rows_filters(case: str, con: duckdb.DuckDBPyConnection) -> None:
    filters, keep = FILTERS[case]
    expected = [_key(r) for r in EXPECTED if keep(r)]
    got = [_key(r) for r in _figure_rows(con, **filters)]
    assert got == expected
    count = _count(con, **filters)
    assert count["rows"] == len(expected)


def test_filters_pick_the_expected_sizes(con: duckdb.DuckDBPyConnection) -> None:
    """Spot checks against the brief, so an expectation that is itself wrong is caught too."""
    stopped = _figure_rows(con, status=["stopped"])
    assert Counter(r["level"] for r in stopped) == {"project": 20, "group": 1}
    assert len(_figure_rows(con, status=["live"])) == 110
    assert len(_figure_rows(con, exemption=["43"])) == 37
    assert len(_figure_rows(con, disclosure=["no_figure"])) == 110
    assert len(_figure_rows(con, named=True)) == 161 - 17 - 13 - 110
    northrop = {r["figure_id"] for r in _figure_rows(con, q="Northrop")}
    assert {"CC-CONTRACT-CW", "CC-CONTRACT-REG"} <= northrop
    in_range = {r["figure_id"] for r in _figure_rows(con, min=60_000_000, max=100_000_000)}
    assert in_range == {
        "G-CORRECTIVE",
        "G-CULL",
        "CC-CONTRACT-CW",
        "CC-CONTRACT-REG",
        "CC-SPENT-ES",
        "CC-PAID-PP",
        "CC-WORTH-MQT",
        "TT-ANNUAL-COMP",
    }


def test_q_search_is_case_insensitive(con: duckdb.DuckDBPyConnection) -> None:
    lower = _figure_rows(con, q="lockheed")
    assert lower
    assert lower == _figure_rows(con, q="LOCKHEED")
    assert lower == _figure_rows(con, q="LocKheeD")


@pytest.mark.parametrize("hostile", ["' OR 1=1 --", "'; DROP TABLE figures; --", '") OR ("1"="1'])
def test_hostile_q_is_just_text(hostile: str, con: duckdb.DuckDBPyConnection) -> None:
    assert _figure_rows(con, q=hostile) == []
    assert _count(con, q=hostile)["rows"] == 0
    shipped = "SELECT count(*) FROM figures WHERE dataset = 'met-project-cull'"
    assert con.execute(shipped).fetchone()[0] == 51


@pytest.mark.parametrize("page_size", [1, 7, 50, 200])
def test_paging_covers_every_row_once_in_order(
    page_size: int, con: duckdb.DuckDBPyConnection
) -> None:
    pages: list[dict[str, Any]] = []
    last_page = -(-len(EXPECTED) // page_size)  # pages needed, rounded up
    for number in range(last_page + 1):  # one more: it must be empty
        page = _figure_rows(con, limit=page_size, offset=number * page_size)
        assert len(page) <= page_size
        pages += page
    assert [_key(r) for r in pages] == [_key(r) for r in EXPECTED]


def test_a_page_is_the_expected_slice(con: duckdb.DuckDBPyConnection) -> None:
    filters = {"status": ["stopped", "corrective_action"]}
    keep = [_key(r) for r in EXPECTED if r["status"] in ("stopped", "corrective_action")]
    page = _figure_rows(con, limit=10, offset=20, **filters)
    assert [_key(r) for r in page] == keep[20:30]
    assert len(page) == 10


def test_count_agrees_with_unpaged_rows(con: duckdb.DuckDBPyConnection) -> None:
    assert list(FILTERS.values()), "nothing to check: the test would pass on empty data"
    for filters, _ in FILTERS.values():
        rows = _figure_rows(con, **filters)
        count = _count(con, **filters)
        assert count["rows"] == len(rows), filters
        assert count["disclosed_rows"] == sum(r["disclosure"] == "disclosed" for r in rows)
        assert count["withheld_rows"] == sum(
            r["disclosure"] in ("withheld", "redacted") for r in rows
        )


def test_unfiltered_count(con: duckdb.DuckDBPyConnection) -> None:
    assert _count(con) == {"rows": 161, "disclosed_rows": 14, "withheld_rows": 37}


def test_every_figure_row_carries_its_source(con: duckdb.DuckDBPyConnection) -> None:
    rows = _figure_rows(con)
    assert all(r["source_id"] and r["source_url"] and r["locator"] for r in rows)


# --- conflicting_figures ---------------------------------------------------------------------


@pytest.fixture
def conflicts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return run(con, "conflicting_figures", {"dataset": DATASET}).to_pylist()


def _pairs(conflicts: list[dict[str, Any]]) -> dict[frozenset[str], str]:
    return {frozenset((c["figure_a"], c["figure_b"])): c["aspect"] for c in conflicts}


def test_finds_the_command_and_control_supplier_conflict(conflicts) -> None:
    assert _pairs(conflicts)[frozenset(("CC-CONTRACT-CW", "CC-CONTRACT-REG"))] == "supplier"


def test_finds_the_command_and_control_amount_conflict(conflicts) -> None:
    pairs = _pairs(conflicts)
    assert pairs[frozenset(("CC-CONTRACT-REG", "CC-WORTH-MQT"))] == "amount"
    assert pairs[frozenset(("CC-CONTRACT-CW", "CC-WORTH-MQT"))] == "amount"
    row = next(
        c
        for c in conflicts
        if {c["figure_a"], c["figure_b"]} == {"CC-CONTRACT-REG", "CC-WORTH-MQT"}
    )
    assert {row["amount_a"], row["amount_b"]} == {Decimal(90_000_000), Decimal(65_000_000)}


def test_finds_the_total_technology_meaning_conflict(conflicts) -> None:
    assert _pairs(conflicts)[frozenset(("TT-INVEST-COMP", "TT-SAVINGS-REG"))] == "meaning"


def test_annual_savings_are_not_paired_with_three_year_savings(conflicts) -> None:
    involved = {c["figure_a"] for c in conflicts} | {c["figure_b"] for c in conflicts}
    assert "TT-ANNUAL-COMP" not in involved


def test_each_pair_is_listed_once_in_id_order(conflicts) -> None:
    assert conflicts
    assert all(c["figure_a"] < c["figure_b"] for c in conflicts)
    assert len(_pairs(conflicts)) == len(conflicts)


def test_group_totals_are_not_reported_as_conflicts(conflicts) -> None:
    assert {c["subject_type"] for c in conflicts} == {"project"}


def test_every_detected_conflict_has_a_declared_discrepancy(conflicts) -> None:
    declared = {
        (d["subject_type"], d["subject_id"]) for d in read_csv(DATA_DIR / "discrepancies.csv")
    }
    assert {(c["subject_type"], c["subject_id"]) for c in conflicts} <= declared


def test_every_declared_figure_pair_is_detected(conflicts) -> None:
    pairs = _pairs(conflicts)
    declared = [
        d for d in read_csv(DATA_DIR / "discrepancies.csv") if d["figure_a"] and d["figure_b"]
    ]
    assert len(declared) == 3
    for d in declared:
        assert pairs.get(frozenset((d["figure_a"], d["figure_b"]))) == d["aspect"], d[
            "discrepancy_id"
        ]


# --- status_summary --------------------------------------------------------------------------


def test_status_summary_counts(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, "status_summary", {"dataset": DATASET}).to_pylist()
    counts = {r["status"]: (r["projects"], r["named"]) for r in rows}
    assert counts == {
        "stopped": (20, 3),
        "corrective_action": (17, 4),
        "live": (110, 0),
        "programme": (3, 3),
    }
    assert [r["status"] for r in rows] == sorted(
        (r["status"] for r in rows), key=lambda s: list(counts).index(s)
    )


def _money(con: duckdb.DuckDBPyConnection, dataset: str = DATASET) -> dict:
    rows = run(con, "status_money", {"dataset": dataset}).to_pylist()
    return {(r["status"], r["basis"]): r for r in rows}


def test_status_money_counts_a_repeated_figure_once_citing_every_source(
    con: duckdb.DuckDBPyConnection,
) -> None:
    spent = _money(con)[("corrective_action", "spent_to_date")]
    # Scotland Yard and Police Professional both say £65m spent: one project, two sources
    assert spent["agreed_gbp"] == Decimal(65_000_000)
    assert spent["agreed_projects"] == 1 and spent["conflicting_projects"] == 0
    assert spent["sources"] == ["ES-2016-03-16", "PP-112996"]


def test_status_money_never_picks_the_larger_of_two_conflicting_figures(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """D2: £90m contract value (two sources) against £65m worth (one): both are kept."""
    contract = _money(con)[("corrective_action", "contract_value")]
    assert contract["agreed_gbp"] == 0  # nothing agreed: the £90m is not taken as the answer
    assert (contract["conflict_low_gbp"], contract["conflict_high_gbp"]) == (
        Decimal(65_000_000),
        Decimal(90_000_000),
    )
    (conflict,) = contract["conflicts"]
    stated = {v["amount_gbp"]: set(v["sources"]) for v in conflict["stated"]}
    assert stated == {
        Decimal(90_000_000): {"REG-2016-03-16", "CW-4500257530"},
        Decimal(65_000_000): {"MQT-2016-1326"},
    }
    assert {"D2", "D3"} <= set(contract["discrepancies"])


def test_status_money_keeps_figures_for_different_periods_apart(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """£200m of savings over three years and about £60m a year are not one figure."""
    money = _money(con)
    savings = money[("programme", "savings")]
    assert savings["conflicting_projects"] == 1 and savings["agreed_gbp"] == 0
    periods = {p for v in savings["conflicts"][0]["stated"] for p in v["periods"]}
    assert periods == {"over three years", "per year"}
    # D4: the same £200m read as investment and as savings is flagged on both bars
    assert money[("programme", "investment")]["discrepancies"] == ["D4"]
    assert "D4" in savings["discrepancies"]
    assert not any(s in ("stopped", "live") for s, _ in money)


def test_status_money_adds_up_a_suppliers_payments(tmp_path: Path) -> None:
    """A payment file's rows are each a payment: a supplier's total is their sum, not the largest."""
    from foi.importing import ImportOptions, import_files

    csv = tmp_path / "payments.csv"
    csv.write_text(
        "Date,Supplier,Amount\n"
        "01/04/2024,Acme Ltd,5020000.00\n"
        "02/04/2024,Acme Ltd,760000.00\n"
        "03/04/2024,Bolt plc,1000.00\n",
        encoding="utf-8",
    )
    db = tmp_path / "foi.duckdb"
    build(DATA_DIR, db)
    import_files([csv], db, ImportOptions(dataset="pay"))
    with duckdb.connect(str(db), read_only=True) as c:
        rows = run(c, "status_money", {"dataset": "pay"}).to_pylist()
    assert [r["basis"] for r in rows] == ["payment"]
    (row,) = rows
    assert row["agreed_gbp"] == Decimal("5781000.00")
    assert row["agreed_projects"] == 2 and row["conflicting_projects"] == 0


# --- timeline, sources ------------------------------------------------------------------------


def test_timeline_is_in_date_order_from_2013_to_2016_11(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, "timeline", {"dataset": DATASET}).to_pylist()
    dates = [r["event_date"] for r in rows]
    assert len(rows) == len(read_csv(DATA_DIR / "events.csv")) == 11
    assert dates == sorted(dates)
    assert dates[0].year == 2013
    assert (dates[-1].year, dates[-1].month) == (2016, 11)
    assert rows[-1]["date_precision"] == "month"
    assert all(isinstance(d, dt.date) for d in dates)
    assert all(r["source_url"] for r in rows)


def test_sources_lists_all_ten_with_figure_counts(con: duckdb.DuckDBPyConnection) -> None:
    rows = run(con, "sources", {"dataset": DATASET}).to_pylist()
    expected = Counter(f["source_id"] for f in read_csv(DATA_DIR / "figures.csv"))
    assert len(rows) == 10
    assert {r["source_id"]: r["figures"] for r in rows} == {
        s["source_id"]: expected.get(s["source_id"], 0) for s in read_csv(DATA_DIR / "sources.csv")
    }
    assert {r["source_id"]: r["figures"] for r in rows}["REG-2016-03-24"] == 41


def test_sources_count_every_kind_of_use(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["source_id"]: r for r in run(con, "sources", {"dataset": DATASET}).to_pylist()}
    groups = Counter(g["source_id"] for g in read_csv(DATA_DIR / "groups.csv"))
    events = Counter(e["source_id"] for e in read_csv(DATA_DIR / "events.csv"))
    named = Counter(
        p["source_id"] for p in read_csv(DATA_DIR / "projects.csv") if p["named"] == "true"
    )
    sides = Counter()
    for d in read_csv(DATA_DIR / "discrepancies.csv"):
        sides[d["source_a"]] += 1
        sides[d["source_b"]] += 1
    assert list(rows.items()), "nothing to check: the test would pass on empty data"
    for sid, r in rows.items():
        assert r["groups"] == groups[sid], sid
        assert r["events"] == events[sid], sid
        assert r["named_projects"] == named[sid], sid
        assert r["discrepancy_sides"] == sides[sid], sid


# --- several datasets in one database ---------------------------------------------------------


@pytest.fixture(scope="module")
def two_dataset_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped package plus an identical copy under another name, in one database."""
    root = tmp_path_factory.mktemp("multi")
    data = root / "data"
    (data / "copy").mkdir(parents=True)
    for path in [*DATA_DIR.glob("*.csv"), DATA_DIR / "datapackage.json"]:
        shutil.copy(path, data / path.name)
        shutil.copy(path, data / "copy" / path.name)
    descriptor = json.loads((data / "copy" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"] = "met-copy"
    (data / "copy" / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    db = root / "foi.duckdb"
    build(data, db)
    return db


@pytest.mark.parametrize(
    ("name", "params", "expected_rows"),
    [
        ("figure_rows_count", {**NO_FILTERS}, None),
        ("conflicting_figures", {"dataset": DATASET}, 6),
        ("sources", {"dataset": DATASET}, 10),
        ("timeline", {"dataset": DATASET}, 11),
        ("discrepancies", {"dataset": DATASET}, 4),
        ("withheld_figures", {"dataset": DATASET}, 37),
        ("group_totals", {"dataset": DATASET}, 4),
        ("status_summary", {"dataset": DATASET}, None),
        ("status_money", {"dataset": DATASET}, 7),
        ("filter_options", {"dataset": DATASET}, None),
        ("source_figures", {"dataset": DATASET, "per_source": 200}, 51),
        ("group_member_figures", {"dataset": DATASET}, None),
    ],
)
def test_queries_do_not_mix_datasets(
    name: str,
    params: dict[str, Any],
    expected_rows: int | None,
    two_dataset_db: Path,
    built_db: Path,
) -> None:
    alone = duckdb.connect(str(built_db), read_only=True)
    both = duckdb.connect(str(two_dataset_db), read_only=True)
    try:
        single = run(alone, name, params).to_pylist()
        mixed = run(both, name, params).to_pylist()
    finally:
        alone.close()
        both.close()
    assert mixed == single
    if expected_rows is not None:
        assert len(single) == expected_rows


def test_no_placeholder_hides_in_a_comment_after_code() -> None:
    """fill() drops whole-line comments; a `{name}` after code on a line would be filled.

    `{row}` is not a placeholder of ours: it is data, a stored locator's row template.
    """
    found = []
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code, _, comment = line.partition("--")
            if code.strip() and re.search(r"\{(?!row\})[a-z_]+\}", comment):
                found.append(f"{path.name}:{number}")
    assert list(QUERIES_DIR.glob("*.sql")), "no queries found"
    assert found == []


def test_fill_leaves_comments_unfilled_and_fills_code() -> None:
    sql = "-- the {query} goes here\nSELECT * FROM ({query}) AS q -- trailing\n"
    filled = fill(sql, query="SELECT 1\n-- x\n")
    assert filled.startswith("SELECT * FROM (SELECT 1\n-- x\n) AS q")
    assert "goes here" not in filled


@pytest.mark.parametrize("sort", ["name", "status"])
def test_unnamed_members_sort_as_numbers_not_as_text(con: duckdb.DuckDBPyConnection, sort) -> None:
    """ "Unnamed ... project 1 of 13, 10 of 13, 2 of 13" read as text; 1, 2 ... 10 is the order."""
    params = {**NO_FILTERS, "limit": None, "offset": 0}
    rows = run(con, "figure_rows", params, order_by=SORTS[sort][1]).to_pylist()
    unnamed = [r["name"] for r in rows if not r["named"]]
    assert len(unnamed) > 10, "the shipped data has more than ten unnamed members"
    by_prefix: dict[str, list[int]] = {}
    for name in unnamed:
        found = re.match(r"(.*?)(\d+)( of \d+)?$", name)
        assert found, name
        by_prefix.setdefault((found.group(1), found.group(3)), []).append(int(found.group(2)))
    assert any(len(ns) >= 10 for ns in by_prefix.values())
    for numbers in by_prefix.values():
        assert numbers == sorted(numbers), numbers

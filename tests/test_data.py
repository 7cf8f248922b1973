"""The shipped dataset, read straight from data/ with the csv module (not the code under test).

Every fact row must name a source that exists and where in it; the counts must
reproduce the fact brief (147 live; 20 stopped, 3 named; 17 corrective, 4
named; 110 other live placeholders; 37 per-project costs withheld under s.43,
inferred); and datapackage.json must describe exactly the files and columns
that are there.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from helpers import DATA_DIR, read_csv

#: The ten sources of the fact brief.
BRIEF_SOURCES = {
    "REG-2016-03-24",
    "REG-2016-03-16",
    "MOPAC-DMPCD-2016-48",
    "MQT-2016-1326",
    "ES-2016-03-16",
    "PP-112996",
    "CW-4500257530",
    "COMPUTING-2327994",
    "REG-2015-09-30",
    "MET-2016-11-AWARD",
}


def _table(name: str) -> list[dict[str, str]]:
    return read_csv(DATA_DIR / f"{name}.csv")


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    return {r["source_id"] for r in _table("sources")}


def _missing_citations(
    rows: list[dict[str, str]], key: str, source_col: str, locator_col: str, known: set[str]
) -> list[str]:
    bad = []
    for row in rows:
        if row[source_col] not in known:
            bad.append(f"{row[key]}: unknown source {row[source_col]!r}")
        if not row[locator_col].strip():
            bad.append(f"{row[key]}: empty {locator_col}")
    return bad


def test_sources_are_the_ten_of_the_brief(source_ids: set[str]) -> None:
    assert source_ids == BRIEF_SOURCES


def test_every_source_has_a_url() -> None:
    rows = _table("sources")
    assert rows
    for row in rows:
        assert row["url"].startswith("https://"), row["source_id"]


@pytest.mark.parametrize(
    ("table", "key"),
    [("figures", "figure_id"), ("groups", "group_id"), ("projects", "project_id")],
)
def test_fact_rows_cite_an_existing_source_and_locator(
    table: str, key: str, source_ids: set[str]
) -> None:
    rows = _table(table)
    assert rows
    assert _missing_citations(rows, key, "source_id", "locator", source_ids) == []


def test_events_cite_an_existing_source_and_locator(source_ids: set[str]) -> None:
    rows = _table("events")
    assert len(rows) == 11
    assert _missing_citations(rows, "event_id", "source_id", "locator", source_ids) == []


@pytest.mark.parametrize("side", ["a", "b"])
def test_both_sides_of_each_discrepancy_cite_a_source(side: str, source_ids: set[str]) -> None:
    rows = _table("discrepancies")
    assert len(rows) == 4
    bad = _missing_citations(
        rows, "discrepancy_id", f"source_{side}", f"locator_{side}", source_ids
    )
    assert bad == []


def test_discrepancy_figures_exist_and_come_from_the_side_they_support() -> None:
    figures = {r["figure_id"]: r for r in _table("figures")}
    checked = 0
    for row in _table("discrepancies"):
        for side in ("a", "b"):
            figure_id = row[f"figure_{side}"]
            if not figure_id:
                continue
            assert figure_id in figures, (row["discrepancy_id"], figure_id)
            assert figures[figure_id]["source_id"] == row[f"source_{side}"]
            assert figures[figure_id]["subject_id"] == row["subject_id"]
            checked += 1
    assert checked == 6  # D2, D3 and D4 cite a figure on both sides; D1 is a count


@pytest.mark.parametrize("table", ["figures", "groups", "projects", "events"])
def test_claims_are_not_empty(table: str) -> None:
    rows = _table(table)
    assert rows
    assert [r for r in rows if not r["claim"].strip()] == []


def test_claims_are_paraphrased_not_copied_from_original_text() -> None:
    assert list(_table("figures")), "nothing to check: the test would pass on empty data"
    for row in _table("figures"):
        if row["original_text"]:
            assert row["claim"].strip() != row["original_text"].strip(), row["figure_id"]


def test_datapackage_lists_every_csv_and_no_other() -> None:
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    listed = [r["path"] for r in descriptor["resources"]]
    on_disk = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    assert sorted(listed) == on_disk
    assert len(listed) == len(set(listed))


def test_datapackage_lists_every_column_of_each_csv_and_no_extra() -> None:
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert list(descriptor["resources"]), "nothing to check: the test would pass on empty data"
    for resource in descriptor["resources"]:
        with (DATA_DIR / resource["path"]).open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert fields == header, resource["path"]


def test_datapackage_names_the_default_dataset() -> None:
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "met-project-cull"


# --- counts that must reproduce the brief ---------------------------------------------------


def _descendants(groups: list[dict[str, str]], group_id: str) -> set[str]:
    found, todo = set(), [group_id]
    while todo:
        gid = todo.pop()
        if gid in found:
            continue
        found.add(gid)
        todo += [g["group_id"] for g in groups if g["parent_id"] == gid]
    return found


def test_group_member_counts_reconcile_with_project_rows() -> None:
    groups = _table("groups")
    projects = _table("projects")
    by_group = Counter(p["group_id"] for p in projects if p["group_id"])
    counted = {}
    for g in groups:
        counted[g["group_id"]] = sum(by_group[gid] for gid in _descendants(groups, g["group_id"]))
        assert counted[g["group_id"]] == int(g["member_count"]), g["group_id"]
    assert counted == {"portfolio": 147, "cull": 37, "stopped": 20, "corrective_action": 17}


@pytest.mark.parametrize(
    ("group_id", "named", "unnamed"),
    [("stopped", 3, 17), ("corrective_action", 4, 13)],
)
def test_named_and_unnamed_members_per_group(group_id: str, named: int, unnamed: int) -> None:
    members = [p for p in _table("projects") if p["group_id"] == group_id]
    assert sum(p["named"] == "true" for p in members) == named
    assert sum(p["named"] == "false" for p in members) == unnamed
    assert {p["status"] for p in members} == {group_id}


def test_named_projects_are_the_ones_in_the_brief() -> None:
    named: dict[str, set[str]] = defaultdict(set)
    for p in _table("projects"):
        if p["group_id"] and p["named"] == "true":
            named[p["group_id"]].add(p["project_id"])
    assert named == {
        "stopped": {"analytics-reporting", "intelligence-investigative", "erp-programmes"},
        "corrective_action": {
            "digital-recording-interviews",
            "control-room",
            "covert-policing-platform",
            "command-and-control",
        },
    }


def test_110_other_live_placeholders() -> None:
    live = [p for p in _table("projects") if p["status"] == "live"]
    assert len(live) == 110
    assert all(p["named"] == "false" and p["group_id"] == "portfolio" for p in live)


def test_37_withheld_figures_cite_section_43_inferred() -> None:
    withheld = [f for f in _table("figures") if f["disclosure"] == "withheld"]
    assert len(withheld) == 37
    for f in withheld:
        assert f["exemption_sections"] == "43", f["figure_id"]
        assert f["exemption_basis"] == "inferred", f["figure_id"]
        assert f["exemption_statute"] == "FOIA 2000", f["figure_id"]
        assert f["amount_gbp"] == "", f["figure_id"]
    projects = {p["project_id"]: p for p in _table("projects")}
    statuses = Counter(projects[f["subject_id"]]["status"] for f in withheld)
    assert statuses == {"stopped": 20, "corrective_action": 17}


@pytest.mark.parametrize(
    ("figure_id", "subject_id", "basis", "amount"),
    [
        ("G-STOPPED", "stopped", "unspecified", "24000000"),
        ("G-CORRECTIVE", "corrective_action", "unspecified", "83000000"),
        ("CC-CONTRACT-CW", "command-and-control", "contract_value", "90000000"),
        ("CC-WORTH-MQT", "command-and-control", "contract_value", "65000000"),
        ("CC-SPENT-ES", "command-and-control", "spent_to_date", "65000000"),
        ("CC-PAID-PP", "command-and-control", "spent_to_date", "65000000"),
        ("TT-SAVINGS-REG", "total-technology", "savings", "200000000"),
        ("TT-INVEST-COMP", "total-technology", "investment", "200000000"),
        ("SS-CONTRACT", "sopra-steria-outsourcing", "contract_value", "216000000"),
        ("DIP-VALUE", "digital-interviewing-project", "unspecified", "10000000"),
    ],
)
def test_key_figures_match_the_brief(
    figure_id: str, subject_id: str, basis: str, amount: str
) -> None:
    figures = {f["figure_id"]: f for f in _table("figures")}
    row = figures[figure_id]
    assert (row["subject_id"], row["basis"], row["disclosure"]) == (subject_id, basis, "disclosed")
    assert Decimal(row["amount_gbp"]) == Decimal(amount)


def test_declared_discrepancies_are_the_four_of_the_brief() -> None:
    rows = {d["discrepancy_id"]: d for d in _table("discrepancies")}
    assert {k: (d["subject_id"], d["aspect"]) for k, d in rows.items()} == {
        "D1": ("corrective_action", "count"),
        "D2": ("command-and-control", "amount"),
        "D3": ("command-and-control", "supplier"),
        "D4": ("total-technology", "meaning"),
    }
    assert ("17" in rows["D1"]["value_a"]) and ("20" in rows["D1"]["value_b"])
    assert ("£90m" in rows["D2"]["value_a"]) and ("£65m" in rows["D2"]["value_b"])
    assert rows["D3"]["value_a"].startswith("Northrop Grumman")
    assert rows["D3"]["value_b"].startswith("Lockheed Martin")
    assert "savings" in rows["D4"]["value_a"] and "investment" in rows["D4"]["value_b"]


def test_event_dates_match_their_precision() -> None:
    assert list(_table("events")), "nothing to check: the test would pass on empty data"
    for e in _table("events"):
        year, month, day = (int(x) for x in e["event_date"].split("-"))
        if e["date_precision"] == "year":
            assert (month, day) == (1, 1), e["event_id"]
        elif e["date_precision"] == "month":
            assert day == 1, e["event_id"]
        else:
            assert e["date_precision"] == "day", e["event_id"]

"""What the pages show, read from foi.views without Streamlit, checked against the sources.

Expected figures come from the Mayor's written answer (20 stopped worth £24m, 17 needing
corrective action worth £83m, none itemised by project) and from data/projects.csv read
with the csv module, not from the code under test.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import duckdb
import pandas as pd
import pytest
from helpers import DATA_DIR, DATASET, read_csv

from foi import charts, formats
from foi.queries import run
from foi.summary import group_gaps, summarise
from foi.views import gaps as gaps_view
from foi.views import overview as overview_view
from foi.views import projects as projects_view
from foi.views import stopped as stopped_view

CULL = ("stopped", "corrective_action")


@pytest.fixture
def met_summary(con: duckdb.DuckDBPyConnection) -> dict:
    return summarise(con, DATASET)


def projects_by_status() -> Counter:
    """(status, named) -> projects, straight from the shipped CSV."""
    return Counter((r["status"], r["named"] == "true") for r in read_csv(DATA_DIR / "projects.csv"))


def test_group_titles_state_the_answer(met_summary: dict) -> None:
    groups = stopped_view.chosen_groups(met_summary["groups"], set())
    assert {g["status"] for g in groups} == set(CULL)
    assert stopped_view.groups_title(groups, "gbp") == (
        "£107m stopped or corrected; £107m never itemised by project"
    )
    counts = projects_by_status()
    named = sum(n for (status, is_named), n in counts.items() if status in CULL and is_named)
    assert named > 0
    assert stopped_view.groups_title(groups, "count") == (
        f"37 projects stopped or corrected; only {named} named"
    )
    stopped_only = stopped_view.chosen_groups(met_summary["groups"], {"stopped"})
    assert stopped_view.groups_title(stopped_only, "gbp").startswith("£24m stopped")


def test_groups_table_adds_up_and_cites_sources(met_summary: dict) -> None:
    groups = met_summary["groups"]
    table = stopped_view.groups_table(groups)
    assert len(table) == len(groups) == 2
    assert table["total_gbp"].sum() == 107_000_000
    assert (table["itemised_gbp"] + table["never_itemised_gbp"] == table["total_gbp"]).all()
    assert table["sources"].str.len().gt(0).all()
    assert stopped_view.group_sources(groups) == sorted(
        {s for g in groups for s in g["source_ids"]}
    )


@pytest.mark.parametrize("split", ["status", "named", "organisation"])
def test_count_rows_add_up_to_the_projects_in_the_csv(con, split: str) -> None:
    counts = run(con, "status_counts", {"dataset": DATASET}).to_pandas()
    expected = projects_by_status()
    rows = stopped_view.count_rows(counts, split, set())
    assert rows, "no rows to check"
    assert sum(r["projects"] for r in rows) == sum(expected.values()) == 150
    chosen = stopped_view.count_rows(counts, split, {"stopped"})
    assert (
        sum(r["projects"] for r in chosen)
        == expected[("stopped", True)] + expected[("stopped", False)]
    )
    assert all(r["source"] for r in rows)
    if split == "named":
        unnamed = [r for r in rows if r["part"].startswith("Unnamed")]
        assert sum(r["projects"] for r in unnamed) == sum(
            n for (_, is_named), n in expected.items() if not is_named
        )
    assert stopped_view.count_title(rows) == "All 150 projects in the data, by status"


@pytest.mark.parametrize(
    ("unit", "split", "has_groups", "counts", "money"),
    [
        ("gbp", "status", True, False, True),
        ("count", "status", True, True, False),
        ("gbp", "named", True, True, False),
        ("count", "organisation", True, True, False),
        ("gbp", "status", False, True, True),
        ("count", "named", False, True, False),
    ],
)
def test_which_charts_a_view_has(unit, split, has_groups, counts, money) -> None:
    assert stopped_view.shows_counts(unit, split, has_groups) is counts
    assert stopped_view.shows_basis_money(unit, split, has_groups) is money


def test_basis_money_table_shows_both_conflicting_figures_and_every_source(con) -> None:
    money = run(con, "status_money", {"dataset": DATASET}).to_pandas()
    kept = stopped_view.basis_money(money, set())
    assert len(kept) and not kept["basis_label"].isna().any()
    only = stopped_view.basis_money(money, {"stopped", "programme"})
    assert set(only["status"]) == {"programme"}  # no stopped project has a figure
    table = stopped_view.basis_table(kept)
    assert table["sources"].str.len().gt(0).all()  # every row names its sources
    contract = table[
        (table["status"] == "Corrective action") & (table["basis"] == "Contract value")
    ]
    said = contract["what_the_sources_say"].iloc[0]
    assert "£90m" in said and "£65m" in said and "MQT-2016-1326" in said
    assert contract["discrepancies"].iloc[0] == "D2, D3"
    assert "2 projects" in stopped_view.basis_caption(kept)


def test_basis_money_chart_floats_the_conflict_range_over_the_agreed_money(con) -> None:
    money = stopped_view.basis_money(
        run(con, "status_money", {"dataset": DATASET}).to_pandas(), set()
    )
    fig = charts.basis_money_chart(money.to_dict("records"), "t")
    ranges = [t for t in fig.data if "sources disagree" in t.name]
    (corrective,) = [t for t in ranges if t.name.startswith("Corrective")]
    i = list(corrective.x).index("Contract value")
    assert (corrective.base[i], corrective.base[i] + corrective.y[i]) == (65.0, 90.0)
    assert "⚠ D2, D3" in corrective.text[i]
    agreed = next(t for t in fig.data if t.name == "Corrective action")
    assert agreed.y[list(agreed.x).index("Contract value")] == 0  # not the £90m


def test_gap_view_matches_the_gap(con) -> None:
    plain = group_gaps(con, DATASET)
    groups = gaps_view.picked_groups(plain, "")
    assert groups and all(g.status for g in groups)
    by_id = {g.group_id: g for g in plain}
    bars = gaps_view.gap_bars(groups, by_id)
    for bar in bars:
        assert bar.itemised_gbp + bar.assumed_gbp + bar.gap_gbp == pytest.approx(bar.total_gbp)
        assert bar.assumed_gbp == 0  # no inference asked for
    assert gaps_view.gap_title(groups, by_id) == "£107m of £107m was never broken down by project"
    table = gaps_view.gap_table(groups, by_id)
    assert table["total_gbp"].sum() == 107_000_000
    enclosing = gaps_view.picked_groups(plain, "cull")
    assert [g.group_id for g in enclosing] == ["cull"]
    assert gaps_view.gap_title(enclosing, by_id) == "Group totals and what was itemised"


def test_members_title_counts_named_and_unnamed(con) -> None:
    groups = gaps_view.picked_groups(group_gaps(con, DATASET), "")
    members = gaps_view.member_rows(groups)
    counts = projects_by_status()
    unnamed = sum(n for (s, named), n in counts.items() if s in CULL and not named)
    assert gaps_view.members_title(members) == f"{unnamed} of 37 projects were never named"


def test_withheld_sentence_parts_add_up(con) -> None:
    withheld = run(con, "withheld_figures", {"dataset": DATASET}).to_pandas()
    assert len(withheld)
    sentence = gaps_view.withheld_sentence(withheld)
    total, _, rest = sentence.partition(" figures were not disclosed: ")
    _, _, reasons = rest.partition(" By reason: ")
    parts = [int(p.split()[0].replace(",", "")) for p in reasons.split(".")[0].split("; ")]
    assert int(total) == len(withheld) == sum(parts)
    kept = withheld["disclosure"].isin(["withheld", "redacted"]).sum()
    assert f"{kept:,} withheld or redacted" in rest
    assert "(inferred)" in sentence and "explorer's reading" in sentence
    labels = dict(
        run(con, "statuses", {"dataset": DATASET}).to_pandas()[["status", "label"]].values
    )
    table = gaps_view.withheld_table(withheld, labels)
    assert list(table.columns) == gaps_view.WITHHELD_COLUMNS
    assert not set(table["status"]) & set(CULL), "statuses are shown as labels, not codes"


def test_overview_title_and_table(met_summary: dict) -> None:
    assert overview_view.chart_title(met_summary) == (
        "£107m across 37 projects, 100% of it never itemised"
    )
    table = overview_view.groups_table(met_summary["groups"])
    assert table["projects"].sum() == 37
    assert overview_view.payee_title(0.125) == (
        "12.5% of the money went to suppliers whose names were kept back"
    )


def test_projects_table_writes_codes_as_words() -> None:
    rows = pd.DataFrame(
        {
            "name": ["A", "B"],
            "status": ["stopped", "mystery"],
            "organisation": ["Met", None],
            "amount_gbp": [24_000_000.0, float("nan")],
            "basis": ["contract_value", None],
            "disclosure": ["disclosed", "withheld"],
            "exemption_sections": [None, "43;31"],
            "exemption_basis": [None, "inferred"],
            "counterparty": [None, "Acme"],
            "original_text": [None, "Exempt"],
            "source_id": ["S1", "S2"],
            "source_url": ["https://example.invalid", None],
            "locator": [None, "p. 2"],
            "claim": ["c", "d"],
        }
    )
    shown = projects_view.table_rows(rows, {"stopped": "Stopped"})
    assert list(shown.columns) == projects_view.COLUMNS
    # A number (the table formats it as money and sorts it as a number), NaN when not given.
    assert shown["amount"].iloc[0] == 24_000_000.0 and shown["amount"].isna().iloc[1]
    assert shown["status_label"].tolist() == ["Stopped", "mystery"]
    assert shown["exemption"].tolist() == ["", "s.43, s.31 (inferred)"]
    cited = projects_view.table_rows(rows.assign(exemption_basis=[None, "cited"]), {})
    assert cited["exemption"].tolist() == ["", "s.43, s.31"]
    assert shown["organisation"].tolist() == ["Met", ""]
    assert "None" not in shown.drop(columns="amount").astype(str).to_numpy().ravel().tolist()
    assert projects_view.table_height(0) == projects_view.table_height(1) < 720
    assert projects_view.table_height(500) == 720


def test_formats_table() -> None:
    assert formats.render("gbp", Decimal("24000000")) == "£24,000,000"
    assert formats.render("gbp_short", 24_000_000) == "£24m"
    assert formats.render("count", 1234567) == "1,234,567"
    assert formats.render("percent", 0.125) == "12.5%"
    assert formats.render("percent", None) == formats.DASH
    assert formats.plural(1, "figure") == "1 figure"
    assert formats.plural(3, "figure") == "3 figures"
    assert formats.plural(2, "body", "bodies") == "2 bodies"
    assert formats.exemption("FOIA 2000", "43", "inferred") == "FOIA 2000 s.43 (inferred)"
    assert formats.exemption(None, None, None) == "none cited"
    assert formats.status_label(
        "corrective_action", {"corrective_action": "Corrective action"}
    ) == ("Corrective action")
    assert set(formats.FORMATS) >= {"gbp", "gbp_short", "count", "percent"}
    assert all(f.excel for f in formats.FORMATS.values() if f.name in ("gbp", "count", "percent"))


def test_upload_report_tables() -> None:
    from foi.views import upload as upload_view

    assert upload_view.skipped_count(1) == "1 row skipped"
    assert upload_view.skipped_count(1200) == "1,200 rows skipped"
    reasons = upload_view.skipped_reasons({"blank row": 2, "a total row": 5, "a note": 2})
    assert reasons["Why skipped"].tolist() == ["a total row", "a note", "blank row"]
    assert reasons["Rows"].sum() == 9
    assert upload_view.skipped_label(3, 3) == "The 3 skipped rows"
    assert upload_view.skipped_label(1000, 4321) == "The first 1,000 of the 4,321 skipped rows"
    listed = upload_view.skipped_rows([{"row": 7, "reason": "a total row", "text": "Total,5"}])
    assert listed.iloc[0].tolist() == [7, "a total row", "Total,5"]
    assert upload_view.withheld_text({"43": 2, "unspecified": 1}) == "s.43: 2; no section cited: 1"
    assert upload_view.withheld_text({}) == "0"
    cells = upload_view.cells_table([{"column": "Amount", "basis": "payment", "cells": 4}])
    assert cells.loc[0, "Column"] == "Amount" and cells.loc[0, "Cells"] == 4
    assert cells.loc[0, "Basis"] != "payment", "the basis is shown as a label"

"""foi.summary on the built shipped dataset: the headline must say what the fact brief says.

147 live; stopped 20 projects, £24m, 3 named, nothing itemised, the whole £24m a
gap; corrective action 17 projects, £83m, 4 named, nothing itemised by default;
the labelled inference (C&C's £65m spent inside the £83m: 16 projects share
£18m); four declared discrepancies.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from helpers import DATASET

from foi.summary import INFERENCE_CAVEAT, render_text, summarise

REG = "REG-2016-03-24"


@pytest.fixture
def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return summarise(con, DATASET)


def _group(summary: dict[str, Any], status: str) -> dict[str, Any]:
    matches = [g for g in summary["groups"] if g["status"] == status]
    assert len(matches) == 1, [g["status"] for g in summary["groups"]]
    return matches[0]


def test_live_projects(summary: dict[str, Any]) -> None:
    assert summary["dataset"] == DATASET
    assert summary["live_projects"] == 147
    assert summary["live_projects_source_id"] == REG


def test_only_the_two_status_groups_are_listed(summary: dict[str, Any]) -> None:
    assert [g["status"] for g in summary["groups"]] == ["stopped", "corrective_action"]


def test_stopped_group(summary: dict[str, Any]) -> None:
    g = _group(summary, "stopped")
    assert g["projects"] == 20
    assert g["total_gbp"] == 24_000_000
    assert g["basis"] == "unspecified"
    assert (g["named"], g["unnamed"]) == (3, 17)
    assert g["itemised_gbp"] == 0
    assert g["itemised_projects"] == 0
    assert g["gap_gbp"] == 24_000_000
    assert g["gap_share"] == 1.0
    assert g["withheld_figures"] == 20
    # The Met cited commercial confidentiality, not a section: s.43 is our reading, and says so.
    assert g["exemptions"] == {"s.43 commercial interests (inferred)": 20}
    assert g["negative_gap"] is None
    assert "inference" not in g  # no member figure on any basis: nothing to infer
    assert REG in g["source_ids"]


def test_corrective_action_group(summary: dict[str, Any]) -> None:
    g = _group(summary, "corrective_action")
    assert g["projects"] == 17
    assert g["total_gbp"] == 83_000_000
    assert g["basis"] == "unspecified"
    assert (g["named"], g["unnamed"]) == (4, 13)
    assert g["itemised_gbp"] == 0
    assert g["gap_gbp"] == 83_000_000
    assert g["withheld_figures"] == 17
    assert g["exemptions"] == {"s.43 commercial interests (inferred)": 17}
    assert g["negative_gap"] is None
    assert REG in g["source_ids"]


def test_corrective_action_inference(summary: dict[str, Any]) -> None:
    inf = _group(summary, "corrective_action")["inference"]
    assert inf["itemised_gbp"] == 65_000_000
    assert inf["gap_gbp"] == 18_000_000
    assert inf["unitemised_projects"] == 16
    assert inf["source_ids"] == ["ES-2016-03-16", "PP-112996"]
    assert sorted(inf["figure_ids"]) == ["CC-PAID-PP", "CC-SPENT-ES"]
    assert "spent_to_date" in inf["assumption"]
    assert inf["caveat"] == INFERENCE_CAVEAT
    assert "inference" in inf["caveat"].lower()


def test_money_is_whole_pounds_as_int(summary: dict[str, Any]) -> None:
    assert list(summary["groups"]), "nothing to check: the test would pass on empty data"
    for g in summary["groups"]:
        for key in ("total_gbp", "itemised_gbp", "gap_gbp"):
            assert type(g[key]) is int, (g["status"], key)


def test_grouped_totals(summary: dict[str, Any]) -> None:
    assert summary["grouped_total_gbp"] == 107_000_000
    assert summary["unitemised_gbp"] == 107_000_000
    assert summary["unitemised_share"] == 1.0


def test_four_discrepancies(summary: dict[str, Any]) -> None:
    got = {d["id"]: (d["aspect"], d["source_ids"]) for d in summary["discrepancies"]}
    assert got == {
        "D1": ("count", [REG]),
        "D2": ("amount", ["MQT-2016-1326", "REG-2016-03-16"]),
        "D3": ("supplier", ["CW-4500257530", "REG-2016-03-16"]),
        "D4": ("meaning", ["COMPUTING-2327994", REG]),
    }
    values = {d["id"]: (d["value_a"], d["value_b"]) for d in summary["discrepancies"]}
    assert "17" in values["D1"][0] and "20" in values["D1"][1]
    assert "£90m" in values["D2"][0] and "£65m" in values["D2"][1]
    assert "Northrop Grumman" in values["D3"][0] and "Lockheed Martin" in values["D3"][1]
    assert "savings" in values["D4"][0] and "investment" in values["D4"][1]
    subjects = {d["id"]: d["subject"] for d in summary["discrepancies"]}
    assert subjects["D1"] == "Corrective action"
    assert subjects["D4"] == "Total Technology strategy"


def test_detected_conflicts_counted(summary: dict[str, Any]) -> None:
    assert summary["detected_conflicts"] == 6


def test_unknown_dataset_raises_lookup_error(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(LookupError, match="no-such-dataset"):
        summarise(con, "no-such-dataset")


def test_render_text(summary: dict[str, Any]) -> None:
    text = render_text(summary)
    assert "147 live projects" in text
    assert "£24m" in text
    assert "£83m" in text
    assert "£18m" in text
    assert "16 projects share" in text
    assert "Discrepancies (4):" in text
    assert "Stopped: 20 projects, £24m" in text
    assert "Corrective action: 17 projects, £83m" in text
    assert "£0" in text  # nothing itemised is said, not hidden


def test_render_text_flags_a_negative_gap(summary: dict[str, Any]) -> None:
    changed = dict(summary)
    changed["groups"] = [dict(g) for g in summary["groups"]]
    changed["groups"][0]["negative_gap"] = "itemised figures exceed the disclosed total"
    assert "DISCREPANCY: itemised figures exceed" in render_text(changed)
    assert "DISCREPANCY" not in render_text(summary)

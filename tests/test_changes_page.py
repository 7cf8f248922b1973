"""The What changed page through AppTest: the cards, chart and table say what foi.changes says.

Checked on the two shipped GMPP releases. The independent count from the raw files is in
test_changes_shipped.py; here the page must agree with the comparison it is drawn from, and
keep its whole state in the link.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from helpers import chart_specs, numbers, open_page, qp, text_of

from foi import changes

PAIR = ("gmpp-2022", "gmpp-2023")


@pytest.fixture(autouse=True)
def _db(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))


@pytest.fixture(scope="module")
def summary(built_db: Path) -> dict:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return changes.compare(con, *PAIR)
    finally:
        con.close()


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_view_names_the_latest_pair_and_its_counts(summary: dict) -> None:
    at = open_page("changes")
    assert (qp(at, "from"), qp(at, "to")) == (["gmpp-2022"], ["gmpp-2023"])
    dark = sum(f["went_dark"] for f in summary["fields"])
    assert dark > 0
    metrics = _metrics(at)
    assert metrics["Went dark"] == f"{dark:,} figures"
    assert metrics["Joined the portfolio"] == f"{summary['joined']:,} projects"
    assert metrics["Left the portfolio"] == f"{summary['left']:,} projects"
    # Money is given per cost field, never added across bases.
    (wlc,) = [f for f in summary["fields"] if f["basis"] == "whole_life_cost"]
    assert f"whole-life cost {wlc['went_dark']:,}" in text_of(at).replace("\\", "")
    frame = at.dataframe[-1].value
    assert (
        len(frame)
        == sum(f["went_dark"] for f in summary["fields"])
        + sum(f[c] for f in summary["fields"] for c in changes.FIELD_CHANGES if c != "went_dark")
        + summary["joined"]
        + summary["left"]
    )


def test_chart_by_department_counts_what_went_dark(summary: dict) -> None:
    at = open_page("changes", field="whole_life_cost")
    (wlc,) = [f for f in summary["fields"] if f["basis"] == "whole_life_cost"]
    bars, heat = chart_specs(at)  # by department, then what is missing
    assert heat["data"][0]["type"] == "heatmap"
    (dark,) = [t for t in bars["data"] if t["name"].startswith("Went dark")]
    by_dept = dict(zip(dark["y"], numbers(dark["x"]), strict=True))
    expected = {d["department"]: float(d["went_dark"]) for d in wlc["departments"]}
    assert {k: v for k, v in by_dept.items() if v} == expected
    assert list(dark["y"]) == sorted(dark["y"], key=str.lower)  # A-Z, not a ranking


def test_a_filtered_link_reopens_with_its_rows(summary: dict) -> None:
    at = open_page("changes", field="whole_life_cost", change="went_dark", department="MOD")
    (wlc,) = [f for f in summary["fields"] if f["basis"] == "whole_life_cost"]
    (mod,) = [d for d in wlc["departments"] if d["department"] == "MOD"]
    frame = at.dataframe[-1].value
    assert len(frame) == mod["went_dark"]
    assert set(frame["Change"]) == {"Went dark"}
    assert all(s.startswith("gmpp-2022: ") for s in frame["Earlier source"])
    assert all(t.startswith("Withheld: s.") for t in frame["Later release"])
    assert qp(at, "department") == ["MOD"] and qp(at, "change") == ["went_dark"]


def test_a_bad_value_is_dropped_with_a_notice() -> None:
    at = open_page("changes", change="bogus", to="no-such-release")
    assert qp(at, "change") == [] and qp(at, "to") == ["gmpp-2023"]
    notices = " ".join(w.value for w in at.warning)
    assert "bogus" in notices and "no\\-such\\-release" in notices

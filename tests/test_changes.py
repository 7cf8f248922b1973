"""Matching and classifying changes between two releases, on small files written here.

Two releases of an invented portfolio are imported through the real importer (the path a
researcher's files take), then compared. Every project in them exercises one rule: matched on
its id, on its name only because an id is missing, never on its name when both ids differ;
a cost that went dark, came to light, stayed withheld under another section, moved,
stayed the same, was given for the first time or stopped being given; a renamed department.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from helpers import ROOT

from foi import changes
from foi.importing import ImportOptions, import_files
from foi.views import changes as view

S43 = "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial interests)"
S24 = "Exempt under Section 24 of the Freedom of Information Act 2000 (National security)"
HEADER = [
    "Project ID",
    "Project Name",
    "Department",
    "Whole Life Cost (£m)",
    "Annual budget 2020-21 (£m)",
]

EARLIER = [
    ["P1", "Alpha", "DeptX", "100", "10"],
    ["P2", "Beta", "DeptX", S43, S43],
    ["", "Gamma", "DeptZ", "50", "5"],
    ["P4", "Delta", "DeptX", "30", "3"],
    ["P6", "Zeta", "DeptZ", "NA", "1"],
    ["P7", "Eta", "DeptZ", "20", "2"],
    ["P8", "Theta", "DeptZ", "8", "0.5"],
    ["P9", "Iota", "DeptX", "9", "0.9"],
]
LATER = [
    ["P1", "Alpha", "DeptY", S43, "12"],
    ["P2", "Beta", "DeptX", "250", S24],
    ["", "Gamma", "DeptZ", "50", "5"],
    ["P5", "Epsilon", "DeptX", "70", "7"],
    ["P6", "Zeta", "DeptZ", "5", "1"],
    ["P7", "Eta renamed", "DeptZ", "", "2"],
    ["", "Theta", "DeptZ", "8", "0.5"],
    ["P10", "Iota", "DeptX", "9", "0.9"],
]


def _foi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foi", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def releases_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("releases")
    db = folder / "foi.duckdb"
    for name, rows, as_of in (("r-2021", EARLIER, "2021-03-31"), ("r-2022", LATER, "2022-03-31")):
        options = ImportOptions(dataset=name, series="invented", as_of=as_of)
        import_files([_write(folder / f"{name}.csv", rows)], db, options)
    return db


@pytest.fixture
def con(releases_db: Path):
    connection = duckdb.connect(str(releases_db), read_only=True)
    yield connection
    connection.close()


def _rows(con, **kw) -> list[dict]:
    return changes.change_rows(con, "r-2021", "r-2022", **kw).to_pylist()


def _one(rows: list[dict], name: str, basis: str | None) -> dict:
    found = [r for r in rows if (r["name_to"] or r["name_from"]) == name and r["basis"] == basis]
    assert len(found) == 1, (name, basis, found)
    return found[0]


def test_the_importer_reads_the_id_and_the_series(con) -> None:
    refs = dict(con.execute("SELECT name, ref FROM projects WHERE dataset = 'r-2021'").fetchall())
    assert refs["Alpha"] == "P1" and refs["Gamma"] is None
    found = con.execute("SELECT dataset, series, as_of FROM datasets ORDER BY 1").fetchall()
    assert [(d, s, str(a)) for d, s, a in found] == [
        ("r-2021", "invented", "2021-03-31"),
        ("r-2022", "invented", "2022-03-31"),
    ]
    bases = {r[0] for r in con.execute("SELECT DISTINCT basis FROM figures").fetchall()}
    assert bases == {"whole_life_cost", "fy_baseline"}


def test_matching_on_the_id_then_the_name_only_where_an_id_is_missing(con) -> None:
    rows = _rows(con, fields=["whole_life_cost"])
    matched = {(r["name_from"], r["name_to"]): r["method"] for r in rows if r["method"]}
    assert matched[("Alpha", "Alpha")] == "id"
    assert matched[("Eta", "Eta renamed")] == "id"  # a renamed project keeps its id
    assert matched[("Gamma", "Gamma")] == "name"  # no id in either release
    assert matched[("Theta", "Theta")] == "name"  # id missing in the later release
    assert ("Iota", "Iota") not in matched  # two different ids: never matched on the name
    moves = {(r["change"], r["name_from"] or r["name_to"]) for r in rows if not r["method"]}
    assert moves == {("left", "Delta"), ("left", "Iota"), ("joined", "Epsilon"), ("joined", "Iota")}


def test_each_cost_field_is_classified(con) -> None:
    rows = _rows(con)
    wlc, year = "whole_life_cost", "fy_baseline"
    dark = _one(rows, "Alpha", wlc)
    assert dark["change"] == "went_dark" and dark["amount_from"] == Decimal("100000000.00")
    assert dark["sections_to"] == "43"
    moved = _one(rows, "Alpha", year)
    assert moved["change"] == "cost_moved"
    assert moved["moved_gbp"] == Decimal("2000000.00") and float(moved["moved_share"]) == 0.2
    light = _one(rows, "Beta", wlc)
    assert light["change"] == "came_to_light" and light["amount_to"] == Decimal("250000000.00")
    kept = _one(rows, "Beta", year)
    assert kept["change"] == "stayed_withheld" and kept["section_changed"]
    assert (kept["sections_from"], kept["sections_to"]) == ("43", "24")
    assert _one(rows, "Gamma", wlc)["change"] == "unchanged"
    assert _one(rows, "Zeta", wlc)["change"] == "first_given"
    assert _one(rows, "Eta renamed", wlc)["change"] == "no_longer_given"  # blank is not withheld


def test_the_summary_adds_up_and_names_the_later_department(con) -> None:
    summary = changes.compare(con, "r-2021", "r-2022")
    assert (summary["matched"], summary["joined"], summary["left"]) == (6, 2, 2)
    assert summary["matched_by_name"] == 2
    by_basis = {f["basis"]: f for f in summary["fields"]}
    wlc = by_basis["whole_life_cost"]
    assert wlc["went_dark"] == 1 and wlc["went_dark_gbp"] == Decimal("100000000.00")
    assert wlc["departments"] == [
        {"department": "DeptY", "went_dark": 1, "went_dark_gbp": Decimal("100000000.00")}
    ]
    for field in summary["fields"]:  # every matched project once per field
        assert sum(field[c] for c in changes.FIELD_CHANGES) == summary["matched"]
    assert summary["renamed_departments"] == [
        {"department_from": "DeptX", "department_to": "DeptY", "projects": 1}
    ]


def test_filters_narrow_rows_and_counts_alike(con) -> None:
    rows = _rows(con, departments=["DeptZ"], changes=["unchanged", "first_given"])
    assert {(r["name_to"], r["change"]) for r in rows} == {
        ("Gamma", "unchanged"),
        ("Zeta", "first_given"),
        ("Theta", "unchanged"),
        ("Gamma", "unchanged"),
        ("Zeta", "unchanged"),
        ("Eta renamed", "unchanged"),
    }
    counted = changes.counts(con, "r-2021", "r-2022", departments=["DeptZ"])
    assert sum(r["n"] for r in counted) == len(_rows(con, departments=["DeptZ"]))


def test_a_pair_that_cannot_be_compared_says_why(con) -> None:
    with pytest.raises(changes.NotComparable, match="two different releases"):
        changes.compare(con, "r-2021", "r-2021")
    with pytest.raises(changes.NotComparable, match="no release"):
        changes.compare(con, "r-2021", "nope")


def test_the_table_shows_both_cells_with_their_sources(con) -> None:
    frame = view.table_frame(_rows(con, changes=["went_dark"]), "r-2021", "r-2022")
    (row,) = frame.to_dict("records")
    assert row["Earlier release"] == "£100,000,000"
    assert row["Later release"] == "Withheld: s.43 cited"
    assert row["Earlier source"].startswith("r-2021: r-2021.csv, row 2, column 'Whole Life Cost")
    assert row["Later source"].startswith("r-2022: r-2022.csv, row 2, column 'Whole Life Cost")
    assert row["Department"] == "DeptY (was DeptX)"


def test_cli_json_is_the_summary(releases_db: Path) -> None:
    pair = ("--from", "r-2021", "--to", "r-2022", "--db", str(releases_db))
    done = _foi("changes", *pair, "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert {"from", "to", "matched", "joined", "left", "fields"} <= got.keys()
    (wlc,) = [f for f in got["fields"] if f["basis"] == "whole_life_cost"]
    assert wlc["field"] == "Whole Life Cost (£m)"
    assert (wlc["went_dark"], wlc["went_dark_gbp"], wlc["came_to_light"]) == (1, 100000000, 1)
    refused = _foi("changes", "--from", "r-2021", "--to", "r-2021", "--db", str(releases_db))
    assert refused.returncode == 1 and "two different releases" in refused.stderr


def test_downloads_hold_the_filtered_rows_and_say_which(con) -> None:
    import datetime as dt
    import io

    import openpyxl

    from foi.exports.changes import export_changes

    values = {"from": "r-2021", "to": "r-2022", "change": ["went_dark", "came_to_light"]}
    today = dt.date(2026, 12, 2)
    rows = list(csv.DictReader(io.StringIO(export_changes(con, "csv", values, today).decode())))
    assert sorted((r["name_to"], r["change"], r["field_key"]) for r in rows) == [
        ("Alpha", "went_dark", "whole_life_cost"),
        ("Beta", "came_to_light", "whole_life_cost"),
    ]
    (alpha,) = [r for r in rows if r["name_to"] == "Alpha"]
    assert Decimal(alpha["amount_from"]) == Decimal("100000000.00")
    assert alpha["locator_from"].endswith("row 2, column 'Whole Life Cost (£m)'")
    book = openpyxl.load_workbook(io.BytesIO(export_changes(con, "xlsx", values, today)))
    assert book["Changes"].max_row == 1 + len(rows)
    about = {r[0].value: r[1].value for r in book["About"].iter_rows() if r[0].value}
    assert about["Filters applied"] == "from r-2021 to r-2022; change: Went dark, Came to light"


def test_the_heat_map_gives_counts_beside_shares_and_no_ranking(con) -> None:
    from foi.charts.heatmap import share_text, withheld_heatmap, withheld_table
    from foi.queries import run

    rows = run(con, "withheld_by_department", {"datasets": ["r-2021", "r-2022"]}).to_pylist()
    cell = {(r["department"], r["basis"], r["dataset"]): r for r in rows}
    # DeptX, whole-life cost, 2021: Alpha 100, Beta withheld (s.43), Delta 30, Iota 9.
    x = cell[("DeptX", "whole_life_cost", "r-2021")]
    assert (x["withheld"], x["disclosed"], x["not_given"], x["figures"]) == (1, 3, 0, 4)
    assert ("DeptY", "whole_life_cost", "r-2021") not in cell  # DeptY is the later name only
    fig = withheld_heatmap(rows, ["r-2021", "r-2022"], {})
    (heat,) = fig.data
    assert list(heat.y) == ["DeptX", "DeptY", "DeptZ"]  # A-Z, whatever the shares
    col = list(heat.x).index("Whole-life cost<br>r-2021")
    assert heat.text[0][col] == "25%<br>1 of 4"
    assert heat.z[1][col] is None and heat.text[1][col] == ""  # no figure: empty, not 0%
    for row in withheld_table(rows, {}):
        assert row["Withheld"] + row["Disclosed"] + row["Not given"] == row["Figures"]
    hostile = [{**rows[0], "department": "<b>x</b>"}]
    drawn = withheld_heatmap(hostile, ["r-2021"], {})
    # Plotly's JSON writes "<" as \u003c, so read the figure's own values, not the JSON text.
    assert list(drawn.data[0].y) == ["&lt;b&gt;x&lt;/b&gt;"]
    assert all("<b>x" not in h for row in drawn.data[0].hovertext for h in row)
    assert (share_text(1, 300), share_text(299, 300), share_text(0, 3)) == ("<1%", ">99%", "0%")


def test_two_releases_laid_out_differently_still_compare(tmp_path: Path) -> None:
    """Another publisher's two years: title rows above the header, columns in another order,
    headings reworded, £ and commas in the cells, exemptions written another way."""
    first = tmp_path / "mod-2021.csv"
    first.write_text(
        "Ministry of Defence: major projects, March 2021\n"
        "Published under the Open Government Licence\n"
        "\n"
        "Project reference,Programme,RAG,Whole life cost (£m),Budget 2020/21 (£m)\n"
        'MOD-1,Ajax,Red,"£5,522.00","£450.5"\n'
        "MOD-2,Dreadnought,Amber,Withheld under s.26 FOIA (defence),£1200\n"
        'MOD-3,Crowsnest,Green,"£1,021.3",£90\n',
        encoding="utf-8",
    )
    second = tmp_path / "mod-2022.csv"
    second.write_text(
        "Ministry of Defence: major projects, March 2022\n"
        "\n"
        "Programme,Budget 2021/22 (£m),Whole Life Cost (£ million),Delivery confidence,Project reference\n"
        'Ajax,"£460.0",Exempt under Section 26 of the Freedom of Information Act 2000,Red,MOD-1\n'
        'Dreadnought,£1300,"£31,000",Amber,MOD-2\n'
        "Tempest,£2000,£10000,Amber,MOD-4\n",
        encoding="utf-8",
    )
    db = tmp_path / "foi.duckdb"
    import_files([first], db, ImportOptions(dataset="mod-2021", series="mod"))
    import_files([second], db, ImportOptions(dataset="mod-2022", series="mod"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        summary = changes.compare(con, "mod-2021", "mod-2022")
    finally:
        con.close()
    assert (summary["matched"], summary["joined"], summary["left"]) == (2, 1, 1)
    assert summary["matched_by_name"] == 0
    by_basis = {f["basis"]: f for f in summary["fields"]}
    assert set(by_basis) == {"whole_life_cost", "fy_baseline"}
    wlc = by_basis["whole_life_cost"]
    assert (wlc["went_dark"], wlc["came_to_light"]) == (1, 1)
    assert wlc["went_dark_gbp"] == Decimal("5522000000.00")  # Ajax, as last disclosed
    assert wlc["came_to_light_gbp"] == Decimal("31000000000.00")  # Dreadnought, now given
    assert by_basis["fy_baseline"]["cost_moved"] == 2


def test_the_department_chart_never_adds_money_across_cost_fields(con) -> None:
    from foi.charts.changes import by_department

    both = by_department(changes.counts(con, "r-2021", "r-2022"))
    (moved,) = [n for n in both if n["department"] == "DeptX" and n["change"] == "came_to_light"]
    assert moved["figures"] == 1 and moved["gbp"] == Decimal("250000000.00")  # one field only
    rows = [
        {**r, "basis": "fy_baseline"} if r["change"] == "went_dark" else r
        for r in changes.counts(con, "r-2021", "r-2022")
    ]
    rows += [{**r, "basis": "whole_life_cost"} for r in rows if r["change"] == "went_dark"]
    (dark,) = [n for n in by_department(rows) if n["change"] == "went_dark"]
    assert dark["gbp"] is None  # two bases: no sum

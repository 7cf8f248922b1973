"""Record pages (/record?figure=, project=, group=, source=) through AppTest, against data/.

Every expectation is read from the shipped CSVs with the csv module (the figure's row,
the discrepancies naming it, a source's figures, a group's members, a release's row),
never from the code under test.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import DATA_DIR, DATASET, open_page, read_csv, text_of
from streamlit.testing.v1 import AppTest

from foi.ui import md_text
from foi.views import record as view

ROOT = Path(__file__).resolve().parent.parent
RECORD_PAGE = "pages/record.py"


@pytest.fixture(autouse=True)
def _db(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)


def open_record(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(RECORD_PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


#: The columns that tell the page's tables apart (AppTest does not expose their keys).
TABLES = {
    "record_fields": {"field", "value", "meaning"},
    "record_figures": {"record", "about", "amount", "claim"},
    "record_members": {"record", "name", "named", "status"},
    "record_cells": {"column_no", "header", "value", "locator"},
}


def frame(at: AppTest, key: str):
    """The one table of the page with the columns of `key` (see TABLES)."""
    (found,) = [d.value for d in at.dataframe if TABLES[key] <= set(d.value.columns)]
    return found


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def count_in(heading: str, at: AppTest) -> int:
    """The number in the subheader that starts with `heading`: 'Its figures (7)' -> 7."""
    (found,) = [s for s in subheaders(at) if s.startswith(heading)]
    return int(found.rsplit("(", 1)[1].rstrip(")").replace(",", ""))


FIGURES = read_csv(DATA_DIR / "figures.csv")
SOURCES = {s["source_id"]: s for s in read_csv(DATA_DIR / "sources.csv")}
DISCREPANCIES = read_csv(DATA_DIR / "discrepancies.csv")
PROJECTS = read_csv(DATA_DIR / "projects.csv")
GROUPS = read_csv(DATA_DIR / "groups.csv")
EVENTS = read_csv(DATA_DIR / "events.csv")

#: A disclosed figure with a supplier and discrepancies, a withheld one, a group's total.
SAMPLE_FIGURES = ["CC-CONTRACT-REG", "W-01", "G-STOPPED"]
_FORMATTED = {"amount_gbp", "amount_low_gbp", "amount_high_gbp", "basis", "disclosure"}


@pytest.mark.parametrize("figure_id", SAMPLE_FIGURES)
def test_a_figure_record_holds_every_field_of_its_row(figure_id: str) -> None:
    (row,) = [f for f in FIGURES if f["figure_id"] == figure_id]
    at = open_record(dataset=DATASET, figure=figure_id)
    fields = dict(zip(frame(at, "record_fields")["field"], frame(at, "record_fields")["value"]))
    for column, value in row.items():
        if value == "":
            continue
        assert column in fields, column
        if column.endswith("_gbp"):
            assert Decimal(fields[column].lstrip("£").replace(",", "")) == Decimal(value)
        elif column in _FORMATTED:
            assert f"({value})" in fields[column]
        elif column == "exemption_sections":
            assert all(f"s.{s}" in fields[column] for s in value.split(";"))
        else:
            assert fields[column] == value, column
    assert not any(v == "" for v in fields.values())  # blanks are left out, not shown empty


def test_a_figure_record_shows_its_source_and_every_discrepancy_naming_it() -> None:
    figure_id = "CC-CONTRACT-REG"
    (row,) = [f for f in FIGURES if f["figure_id"] == figure_id]
    source = SOURCES[row["source_id"]]
    at = open_record(dataset=DATASET, figure=figure_id)
    shown = text_of(at)
    assert f"[{md_text(source['title'])}]({source['url']})" in shown  # the link, escaped title
    assert md_text(row["locator"]) in shown
    naming = [d for d in DISCREPANCIES if figure_id in (d["figure_a"], d["figure_b"])]
    assert naming, "the sample figure should be in a discrepancy"
    assert count_in("Discrepancies", at) == len(naming)
    for d in naming:
        assert md_text(d["what_differs"]) in shown
        assert md_text(d["value_a"]) in shown and md_text(d["value_b"]) in shown
    others = [
        f["figure_id"]
        for f in FIGURES
        if (f["subject_type"], f["subject_id"]) == (row["subject_type"], row["subject_id"])
        and f["figure_id"] != figure_id
    ]
    assert count_in("Other figures about the same", at) == len(others)


def _record_params(url: str) -> dict[str, str]:
    query = parse_qs(urlsplit(url).query)
    return {k: v[0] for k, v in query.items()}


def test_a_project_record_lists_each_of_its_figures_with_a_link() -> None:
    project_id = "command-and-control"
    mine = [
        f["figure_id"]
        for f in FIGURES
        if (f["subject_type"], f["subject_id"]) == ("project", project_id)
    ]
    at = open_record(dataset=DATASET, project=project_id)
    (project,) = [p for p in PROJECTS if p["project_id"] == project_id]
    assert md_text(project["name"]) in at.title[0].value
    assert count_in("Its figures", at) == len(mine)
    links = [_record_params(u) for u in frame(at, "record_figures")["record"]]
    assert Counter(p["figure"] for p in links) == Counter(mine)
    assert {p["dataset"] for p in links} == {DATASET}
    events = [e for e in EVENTS if e["project_id"] == project_id]
    assert count_in("Timeline", at) == len(events)
    about = [
        d for d in DISCREPANCIES if (d["subject_type"], d["subject_id"]) == ("project", project_id)
    ]
    assert count_in("Discrepancies", at) == len(about)


def _members(group_id: str) -> set[str]:
    """Projects in a group or in any group nested in it, from the CSVs."""
    groups = {group_id}
    while True:
        more = {g["group_id"] for g in GROUPS if g["parent_id"] in groups} - groups
        if not more:
            break
        groups |= more
    return {p["project_id"] for p in PROJECTS if p["group_id"] in groups}


@pytest.mark.parametrize("group_id", ["stopped", "cull"])
def test_a_group_record_lists_its_projects(group_id: str) -> None:
    at = open_record(dataset=DATASET, group=group_id)
    expected = _members(group_id)
    assert count_in("Its projects", at) == len(expected)
    shown = {_record_params(u)["project"] for u in frame(at, "record_members")["record"]}
    assert shown == expected
    (group,) = [g for g in GROUPS if g["group_id"] == group_id]
    fields = dict(zip(frame(at, "record_fields")["field"], frame(at, "record_fields")["value"]))
    assert fields["member_count"] == group["member_count"]


def test_a_source_record_lists_every_figure_citing_it() -> None:
    source_id = "REG-2016-03-24"
    at = open_record(dataset=DATASET, source=source_id)
    citing = [f["figure_id"] for f in FIGURES if f["source_id"] == source_id]
    assert count_in("Figures citing it", at) == len(citing)
    shown = [_record_params(u)["figure"] for u in frame(at, "record_figures")["record"]]
    assert Counter(shown) == Counter(citing)
    named = sum(1 for p in PROJECTS if p["source_id"] == source_id)
    named += sum(1 for g in GROUPS if g["source_id"] == source_id)
    assert count_in("Projects and groups it names", at) == named
    assert count_in("Events it reports", at) == sum(
        1 for e in EVENTS if e["source_id"] == source_id
    )
    sides = [d for d in DISCREPANCIES if source_id in (d["source_a"], d["source_b"])]
    assert count_in("Discrepancies", at) == len(sides)
    fields = dict(zip(frame(at, "record_fields")["field"], frame(at, "record_fields")["value"]))
    for column in ("publisher", "published", "kind", "title", "url"):
        assert fields[column] == SOURCES[source_id][column]


def test_a_release_project_record_shows_every_cell_of_its_row(con) -> None:
    path = next((DATA_DIR / "gmpp-2023").glob("*.csv"))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    header, wanted = rows[0], rows[1]  # the release's first project
    cells = {h: v for h, v in zip(header, wanted, strict=False) if v.strip()}
    (project_id,) = con.execute(
        "SELECT project_id FROM projects WHERE dataset = 'gmpp-2023' AND ref = ?", [wanted[0]]
    ).fetchone()
    at = open_record(dataset="gmpp-2023", project=project_id)
    assert count_in("Every cell of its row", at) == len(cells)
    shown = frame(at, "record_cells")

    def flat(text: str) -> str:  # a header's line breaks and runs of spaces read as one space
        return " ".join(text.split())

    assert {flat(h) for h in shown["header"]} == {flat(h) for h in cells}


def test_the_projects_table_links_each_row_to_its_record() -> None:
    at = open_page("projects", status="stopped", size="200")
    table = at.dataframe[0].value
    links = [_record_params(u) for u in table["record"]]
    expected = Counter()
    for p in PROJECTS:
        if p["status"] != "stopped":
            continue
        mine = [f["figure_id"] for f in FIGURES if f["subject_id"] == p["project_id"]]
        expected.update(("figure", f) for f in mine) if mine else expected.update(
            [("project", p["project_id"])]
        )
    for f in FIGURES:
        if f["subject_type"] == "group" and f["subject_id"] == "stopped":
            expected[("figure", f["figure_id"])] += 1
    got = Counter((k, v) for p in links for k, v in p.items() if k != "dataset")
    assert got == expected
    config = at.dataframe[0].proto.columns
    assert '"record"' in config and '"link"' in config  # shown as links, labelled by the id
    first = links[0]
    kind = "figure" if "figure" in first else "project"
    opened = open_record(**first)
    assert md_text(first[kind]) in opened.title[0].value or kind == "project"


def test_an_unknown_record_says_so_and_escapes_the_id() -> None:
    at = open_record(dataset=DATASET, figure="[Sign in](https://evil.example)")
    assert [t.value for t in at.title] == ["Record not found"]
    (error,) = [e.value for e in at.error]
    assert "[Sign in](https" not in error and md_text("[Sign in]") in error


def test_a_bad_link_falls_back_with_a_notice() -> None:
    at = open_record(dataset="no-such-data", figure="G-STOPPED", colour="red")
    notices = " ".join(w.value for w in at.warning)
    assert "no\\-such\\-data" in notices and "colour" in notices
    assert "G\\-STOPPED" in at.title[0].value  # shown from the default dataset


def test_a_link_without_a_record_explains_the_addresses() -> None:
    at = open_record()
    assert [t.value for t in at.title] == ["Records"]
    assert "figure=" in at.info[0].value


# --- the link, without Streamlit ------------------------------------------------------------


def test_read_link_takes_one_record_and_reports_the_rest() -> None:
    known = [DATASET, "gmpp-2023"]
    link, notices = view.read_link({"figure": ["A"], "source": ["S"]}, known)
    assert (link.dataset, link.kind, link.key) == (DATASET, "figure", "A") and len(notices) == 1
    link, notices = view.read_link({"dataset": ["gmpp-2023"], "project": ["x" * 201]}, known)
    assert (link.dataset, link.kind) == ("gmpp-2023", None) and notices
    link, notices = view.read_link({"dataset": ["gmpp-2023"], "source": ["S"]}, known)
    assert (link.kind, link.key, notices) == ("source", "S", [])


def test_record_urls_sit_beside_the_current_page() -> None:
    assert view.app_root("http://host:8501/projects") == "http://host:8501"
    assert view.app_root("https://h.example/foi/projects?x=1") == "https://h.example/foi"
    url = view.record_url("http://h", DATASET, "figure", "A&B=C")
    assert _record_params(url) == {"dataset": DATASET, "figure": "A&B=C"}
    assert url.startswith("http://h/record?")


def test_a_record_links_notices_read_as_every_pages_do() -> None:
    from foi.views.record import read_link

    raw = {"dataset": ["nope"], "figure": ["W-01"], **{f"x{i}": ["1"] for i in range(5)}}
    _, notices = read_link(raw, ["met-project-cull"])
    assert notices == [
        "The link asked for a dataset that is not here (nope); showing met-project-cull.",
        "The link has settings this page does not know (x0, x1, x2 and 2 more); ignored.",
    ]

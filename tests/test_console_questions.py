"""The SQL console's example questions: each answers what it asks, on every kind of dataset.

Every question runs through the console's own checker and sandbox, the way a reader's
query does. On the shipped Met dataset each gives real rows, and those rows are checked
against figures worked out here from data/*.csv (or, for the gap and the release
comparison, by the explorer's own Python and SQL, which share no code with the question).
On an imported payment file and an imported project table every question runs too, and
either answers or says in a `note` row why there is nothing to find. The page offers each
question by its sentence, loads it into the editor, and lists the schema in full.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from helpers import DATA_DIR, DATASET, ROOT, qp, read_csv
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Expander

from foi import changes, console
from foi.console.catalog import QUESTIONS, QUESTIONS_DIR
from foi.gaps import MemberFigure, compute_gap
from foi.importing import ImportOptions, import_files
from foi.state import MAX_SQL_CHARS

WITHHELD = ("withheld", "redacted")
PROJECT_TABLE = (
    "Project Name,Department,DCA,Whole Life Cost (£m)\n"
    'Crossrail,DfT,Amber,"14,800.00"\n'
    "Border Systems,Home Office,Red,Exempt under Section 43 of the Freedom of Information Act 2000\n"
    "Meters,BEIS,Green,£1.2bn\n"
)


def answer(db: Path, sql: str, dataset: str = DATASET) -> list[dict[str, Any]]:
    """Every row of a question's answer, run as the console runs a reader's query."""
    return console.run_query(db, dataset, sql).table.to_pylist()


def met(name: str, db: Path) -> list[dict[str, Any]]:
    """A question's rows on the shipped dataset, which must be real answers, not a note."""
    rows = answer(db, console.examples()[name])
    assert rows, f"{name} gives no row on {DATASET}"
    assert [r["nothing_found"] for r in rows if r["nothing_found"] is not None] == [], name
    return rows


def csv_rows(table: str) -> list[dict[str, str]]:
    return read_csv(DATA_DIR / f"{table}.csv")


def gbp(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def projects_by_id() -> dict[str, dict[str, str]]:
    return {p["project_id"]: p for p in csv_rows("projects")}


def subject_name(figure: dict[str, str]) -> str:
    if figure["subject_type"] == "project":
        return projects_by_id()[figure["subject_id"]]["name"]
    return {g["group_id"]: g["label"] for g in csv_rows("groups")}[figure["subject_id"]]


# --- the set of questions ---------------------------------------------------------------------


def test_ten_questions_one_file_each_in_the_order_offered():
    files = sorted(p.stem for p in QUESTIONS_DIR.glob("*.sql"))
    assert len(QUESTIONS) == 10 == len(set(QUESTIONS))
    assert files == sorted(QUESTIONS)
    assert list(console.examples()) == list(QUESTIONS)


@pytest.mark.parametrize("name", QUESTIONS)
def test_each_question_opens_with_its_sentence_and_passes_the_checker(name):
    sql = console.examples()[name]
    sentence = console.example_title(name, sql)
    assert sql.splitlines()[0] == f"-- {sentence}"
    assert sentence.endswith("?") and name not in sentence and len(sentence.split()) >= 5
    assert len(sentence) <= 66  # the picker shows it whole, unclipped, in a 1280-px window
    assert len(sql) <= MAX_SQL_CHARS  # the link and the editor hold it whole
    assert console.check_sql(sql)
    assert "$" not in sql  # nothing to fill in: it runs as loaded


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_question_answers_on_the_shipped_dataset(built_db, name):
    rows = answer(built_db, console.examples()[name])
    assert rows
    notes = [r["nothing_found"] for r in rows if r["nothing_found"] is not None]
    if name == "what_changed":  # the Met dataset is not a release of a series
        assert len(rows) == 1 and "no earlier release" in notes[0]
    else:
        assert notes == []


# --- each answer, checked against the data ----------------------------------------------------


def test_withheld_figures_that_cite_no_section(built_db):
    rows = met("withheld_without_cited_section", built_db)
    expected = {
        f["figure_id"]: f
        for f in csv_rows("figures")
        if f["disclosure"] in WITHHELD
        and (not f["exemption_sections"] or f["exemption_basis"] != "stated")
    }
    assert expected
    assert [r["figure_id"] for r in rows] == sorted(expected)
    for row in rows:
        figure = expected[row["figure_id"]]
        assert row["how_the_section_is_known"] == (figure["exemption_basis"] or "none given")
        assert row["section"] == (figure["exemption_sections"] or None)
        assert row["subject"] == subject_name(figure)


def test_exemptions_cited_counted_by_how_the_section_is_known(built_db):
    rows = met("exemptions_cited", built_db)
    withheld = [f for f in csv_rows("figures") if f["disclosure"] in WITHHELD]
    expected = Counter(
        (
            f["exemption_statute"] or "not given",
            f["exemption_sections"] or "none",
            f["exemption_basis"] or "none given",
        )
        for f in withheld
    )
    found = {
        (r["statute"], r["sections"], r["how_the_section_is_known"]): r["withheld_figures"]
        for r in rows
    }
    assert found == dict(expected)
    assert sum(found.values()) == len(withheld) > 0


def _group_members() -> dict[str, list[dict[str, str]]]:
    """group_id -> its member projects, through nested groups, from the CSV files."""
    parent = {g["group_id"]: g["parent_id"] for g in csv_rows("groups")}

    def ancestors(group: str) -> list[str]:
        chain = []
        while group:
            chain.append(group)
            group = parent.get(group, "")
        return chain

    members: dict[str, list[dict[str, str]]] = defaultdict(list)
    for project in csv_rows("projects"):
        for group in ancestors(project["group_id"]):
            members[group].append(project)
    return members


def test_money_only_as_a_total_is_the_gap_the_gaps_module_computes(built_db):
    rows = met("money_only_as_a_total", built_db)
    members = _group_members()
    figures = csv_rows("figures")
    totals = [
        f
        for f in figures
        if f["subject_type"] == "group" and f["disclosure"] == "disclosed" and f["amount_gbp"]
    ]
    labels = {g["group_id"]: g["label"] for g in csv_rows("groups")}
    by_figure = {r["figure_id"]: r for r in rows}
    assert sorted(by_figure) == sorted(f["figure_id"] for f in totals)
    for total in totals:
        group = members[total["subject_id"]]
        ids = {p["project_id"] for p in group}
        parts = [
            MemberFigure(f["subject_id"], f["basis"], gbp(f["amount_gbp"]), f["figure_id"], "")
            for f in figures
            if f["subject_type"] == "project"
            and f["subject_id"] in ids
            and f["disclosure"] == "disclosed"
            and f["amount_gbp"]
        ]
        named = sum(p["named"] == "true" for p in group)
        gap = compute_gap(gbp(total["amount_gbp"]), total["basis"], len(group), named, parts)
        row = by_figure[total["figure_id"]]
        assert row["group_name"] == labels[total["subject_id"]]
        assert row["total_gbp"] == gap.total_gbp
        assert row["itemised_gbp"] == gap.itemised_gbp
        assert row["never_itemised_gbp"] == gap.gap_gbp
        assert (row["members"], row["named"], row["unnamed"]) == (gap.members, named, gap.unnamed)
    gaps = [r["never_itemised_gbp"] for r in rows]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > 0


def test_unnamed_projects_counted_per_group(built_db):
    rows = met("unnamed_projects", built_db)
    labels = {g["group_id"]: g["label"] for g in csv_rows("groups")}
    unnamed = Counter(
        labels.get(p["group_id"], "(in no group)")
        for p in csv_rows("projects")
        if p["named"] == "false"
    )
    assert {r["group_name"]: r["unnamed"] for r in rows} == dict(unnamed)
    assert sum(unnamed.values()) > 0


def test_sources_disagree_lists_every_declared_and_found_disagreement(built_db):
    rows = met("sources_disagree", built_db)
    figures = {f["figure_id"]: f for f in csv_rows("figures")}
    declared = csv_rows("discrepancies")
    assert [r["id"] for r in rows if r["declared"]] == sorted(d["discrepancy_id"] for d in declared)
    for d in declared:
        (row,) = [r for r in rows if r["id"] == d["discrepancy_id"]]
        assert (row["value_a"], row["value_b"]) == (d["value_a"], d["value_b"])
        a, b = figures.get(d["figure_a"]), figures.get(d["figure_b"])
        if a and b and a["amount_gbp"] and b["amount_gbp"]:
            assert row["difference_gbp"] == abs(gbp(a["amount_gbp"]) - gbp(b["amount_gbp"]))
        else:
            assert row["difference_gbp"] is None
    pairs = {frozenset((d["figure_a"], d["figure_b"])) for d in declared}
    shown = [f for f in figures.values() if f["disclosure"] == "disclosed" and f["amount_gbp"]]
    found = sorted(
        f"{a['figure_id']} / {b['figure_id']}"
        for a in shown
        for b in shown
        if a["figure_id"] < b["figure_id"]
        and (a["subject_type"], a["subject_id"], a["basis"])
        == (b["subject_type"], b["subject_id"], b["basis"])
        and a["amount_gbp"] != b["amount_gbp"]
        and (not a["period"] or not b["period"] or a["period"] == b["period"])
        and frozenset((a["figure_id"], b["figure_id"])) not in pairs
    )
    assert [r["id"] for r in rows if not r["declared"]] == found
    assert any(r["difference_gbp"] for r in rows)


def test_largest_figures_ranked_within_each_basis(built_db):
    rows = met("largest_figures_by_basis", built_db)
    amounts: dict[str, list[Decimal]] = defaultdict(list)
    for f in csv_rows("figures"):
        if f["disclosure"] == "disclosed" and f["amount_gbp"]:
            amounts[f["basis"]].append(gbp(f["amount_gbp"]))
    expected = {basis: sorted(values, reverse=True)[:5] for basis, values in amounts.items()}
    found: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        found[row["basis"]].append(row["amount_gbp"])
    assert dict(found) == expected
    assert all(r["source"] and r["locator"] for r in rows)


def test_suppliers_named_with_the_most_money(built_db):
    rows = met("suppliers_most_money", built_db)
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for f in csv_rows("figures"):
        if f["disclosure"] == "disclosed" and f["amount_gbp"] and f["counterparty"]:
            totals[(f["counterparty"], f["basis"])] += gbp(f["amount_gbp"])
    assert {(r["supplier"], r["basis"]): r["total_gbp"] for r in rows} == dict(totals)
    assert [r["total_gbp"] for r in rows] == sorted(totals.values(), reverse=True)


def test_figures_per_source_and_their_links(built_db):
    rows = met("figures_per_source", built_db)
    counts = Counter(f["source_id"] for f in csv_rows("figures"))
    withheld = Counter(f["source_id"] for f in csv_rows("figures") if f["disclosure"] in WITHHELD)
    sources = csv_rows("sources")
    assert len(rows) == len(sources)
    for source in sources:
        (row,) = [r for r in rows if r["source_id"] == source["source_id"]]
        assert row["figures"] == counts[source["source_id"]]
        assert row["withheld"] == withheld[source["source_id"]]
        assert row["link"] == (source["url"] or "no link given")
    assert rows[0]["figures"] == max(counts.values())


def test_disclosure_by_status(built_db):
    rows = met("disclosure_by_status", built_db)
    labels = {s["status"]: s["label"] for s in csv_rows("statuses")}
    projects = projects_by_id()
    groups = {g["group_id"]: g for g in csv_rows("groups")}
    expected: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for f in csv_rows("figures"):
        if f["subject_type"] == "project":
            status = projects[f["subject_id"]]["status"]
        else:
            status = groups[f["subject_id"]]["status"]
        state = "withheld" if f["disclosure"] in WITHHELD else f["disclosure"]
        expected[(labels.get(status, status or "(no status)"), f["basis"])][state] += 1
    found = {(r["status"], r["basis"]): (r["disclosed"], r["withheld"]) for r in rows}
    assert found == {k: (c["disclosed"], c["withheld"]) for k, c in expected.items()}


def test_what_changed_matches_the_what_changed_page(built_db):
    rows = answer(built_db, console.examples()["what_changed"], "gmpp-2023")
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        summary = changes.compare(con, "gmpp-2022", "gmpp-2023")
    finally:
        con.close()
    assert {r["compared_with"] for r in rows} == {"gmpp-2022"}
    found = {(r["change"], r["basis"]): r for r in rows}
    for field in summary["fields"]:
        for change in ("went_dark", "came_to_light", "stayed_withheld", "cost_moved", "unchanged"):
            row = found.get((change.replace("_", " "), field["basis"]))
            assert (row["how_many"] if row else 0) == field[change], (change, field["basis"])
        dark = found.get(("went dark", field["basis"]))
        assert (dark["gbp_before"] if dark else 0) == field["went_dark_gbp"]
    assert found[("joined", None)]["how_many"] == summary["joined"]
    assert found[("left", None)]["how_many"] == summary["left"]
    assert sum(f["went_dark"] for f in summary["fields"]) > 0


# --- on imported files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> dict[str, Any]:
    """The shipped database plus a payment file and a small project table, imported."""
    folder = tmp_path_factory.mktemp("questions")
    db = folder / "foi.duckdb"
    shutil.copy2(built_db, db)
    rng = random.Random(13)
    lines = ["Body Name,Date,Transaction Number,Net Amount,Supplier Name,Expense Type"]
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for n in range(120):
        amount = Decimal(rng.randint(10_000, 9_000_000)) / 100
        supplier = "REDACTED" if n % 7 == 0 else f"Supplier {rng.randint(1, 12)} Ltd"
        paid["(redacted)" if supplier == "REDACTED" else supplier] += amount
        lines.append(f"Test Council,2018-01-{1 + n % 28:02d},T{n},{amount},{supplier},Fees")
    (folder / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_files([folder / "payments.csv"], db, ImportOptions(dataset="council"))
    (folder / "table.csv").write_text(PROJECT_TABLE, encoding="utf-8")
    import_files([folder / "table.csv"], db, ImportOptions(dataset="table"))
    return {"db": db, "paid": dict(paid), "payments": len(lines) - 1}


@pytest.mark.parametrize("dataset", ["council", "table"])
@pytest.mark.parametrize("name", QUESTIONS)
def test_every_question_answers_or_explains_on_an_imported_file(imported, dataset, name):
    rows = answer(imported["db"], console.examples()[name], dataset)
    assert rows
    notes = [r["nothing_found"] for r in rows if r["nothing_found"] is not None]
    if notes:  # nothing to find: one row that says why, and nothing else in it
        assert len(rows) == 1 and len(notes[0].split()) >= 6
        assert [k for k, v in rows[0].items() if v is not None] == ["nothing_found"]


def test_on_a_payment_file_suppliers_are_what_was_paid_and_redactions_are_shown(imported):
    rows = answer(imported["db"], console.examples()["suppliers_most_money"], "council")
    assert {r["supplier"]: r["total_gbp"] for r in rows} == imported["paid"]
    assert "(redacted)" in imported["paid"]
    (source,) = answer(imported["db"], console.examples()["figures_per_source"], "council")
    assert source["figures"] == imported["payments"] and source["link"] == "no link given"


def test_on_a_project_table_the_cited_exemption_is_stated(imported):
    rows = answer(imported["db"], console.examples()["exemptions_cited"], "table")
    assert [(r["sections"], r["how_the_section_is_known"]) for r in rows] == [("43", "stated")]
    (row,) = answer(imported["db"], console.examples()["withheld_without_cited_section"], "table")
    assert "lacks a cited section" in row["nothing_found"]


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def _served(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)


def open_console(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/sql.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.usefixtures("_served")
def test_the_page_offers_every_question_by_its_sentence_and_loads_it(built_db):
    at = open_console()
    box = at.selectbox(key="console_example")
    examples = console.examples()
    assert box.options == [console.example_title(n, s) for n, s in examples.items()]
    name = "money_only_as_a_total"
    box.select(name).run()
    assert at.text_area(key="w_sql").value == examples[name]
    assert qp(at, "sql") == []  # loaded, not yet run
    (run,) = [b for b in at.button if b.label == "Run"]
    run.click().run()
    assert qp(at, "sql") == [examples[name]]
    assert not at.error
    rows = answer(built_db, examples[name])
    result = at.dataframe[-1].value
    assert len(result) == len(rows) and list(result["figure_id"]) == [r["figure_id"] for r in rows]


def _expanders_under_fixed_height(node: Any, boxed: bool = False) -> list[str]:
    """Labels of the expanders that sit inside a container of fixed height (a scroll box)."""
    found: list[str] = []
    if isinstance(node, Expander) and boxed:
        found.append(node.label)
    if isinstance(node, Block):
        config = getattr(node.proto, "height_config", None)
        fixed = boxed or bool(config and (config.pixel_height or config.rem_height))
        for child in node.children.values():
            found += _expanders_under_fixed_height(child, fixed)
    return found


@pytest.mark.usefixtures("_served")
def test_the_schema_lists_every_table_and_column_in_full(built_db):
    at = open_console()
    columns = console.schema(built_db, DATASET)
    tables: dict[str, list[dict[str, str]]] = defaultdict(list)
    for column in columns:
        tables[column["table"]].append(column)
    shown = {e.label: e for e in at.expander}
    for table, rows in tables.items():
        expander = shown[f"{table} · {len(rows)} columns"]
        (listing,) = expander.markdown
        items = re.sub(r"\\(.)", r"\1", listing.value).split("\n- ")
        assert len(items) == len(rows)
        for item, row in zip(items, rows, strict=True):  # in order, each description whole
            head, description = item.removeprefix("- ").split("\n")
            assert head == f"**{row['column']}** · {row['type']}  "
            assert description.strip() == row["description"]
    assert _expanders_under_fixed_height(at.main) == []
    assert len(tables) >= 10

"""The Projects facets (foi/views/facets.py): counts, links that narrow the view, escaped values.

Every expectation is counted here with plain SQL over figure_keys, not through the facets
query or the declared filters: a facet's numbers must be the rows a reader would get by
clicking it, and its link must open exactly the current view plus that value.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from helpers import DATASET, ROOT, open_page

from foi import filters, state
from foi.importing import ImportOptions, import_files
from foi.money import format_gbp
from foi.queries import run
from foi.ui import md_text
from foi.views import facets

#: figure_keys column of each faceted field.
COLUMN = {
    "status": "status",
    "org": "org_id",
    "basis": "basis",
    "disclosure": "disclosure",
    "category": "category",
    "area": "area",
}

#: Views to count: (dataset, the link's multi filters).
CASES = [
    (DATASET, {}),
    (DATASET, {"status": ("stopped",)}),
    (DATASET, {"disclosure": ("withheld", "disclosed")}),
    ("gmpp-2023", {}),
    ("gmpp-2023", {"org": ("mod",), "basis": ("whole_life_cost",)}),
    ("gmpp-2023", {"exemption": ("43",)}),
]


def _where(dataset: str, picked: Mapping[str, tuple[str, ...]]) -> tuple[str, list[Any]]:
    """The rows a view's multi filters keep, written out by hand (not foi.filters)."""
    clauses, params = ["dataset = ?"], [dataset]
    for field, chosen in picked.items():
        if field == "exemption":
            clauses.append("list_has_any(string_split(exemption_sections, ';'), ?)")
        else:
            clauses.append(f"list_contains(?, {COLUMN[field]})")
        params.append(list(chosen))
    return " AND ".join(clauses), params


def _expected(
    con: duckdb.DuckDBPyConnection, dataset: str, picked: Mapping[str, tuple[str, ...]]
) -> tuple[int, dict[str, dict[str | None, int]]]:
    """The matching rows, and per field the rows of each value (None: rows with no value)."""
    where, params = _where(dataset, picked)
    (total,) = con.execute(f"SELECT count(*) FROM figure_keys WHERE {where}", params).fetchone()
    counts: dict[str, dict[str | None, int]] = {}
    for field, column in COLUMN.items():
        found = con.execute(
            f"SELECT {column}, count(*) FROM figure_keys WHERE {where} GROUP BY 1", params
        ).fetchall()
        counts[field] = dict(found)
    sections = con.execute(
        "SELECT s, count(*) FROM (SELECT unnest(string_split(exemption_sections, ';')) AS s "
        f"FROM figure_keys WHERE {where}) GROUP BY 1",
        params,
    ).fetchall()
    counts["exemption"] = dict(sections)
    return total, counts


def _vocab(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, list[str]]:
    """What the Projects link may hold for this dataset, read from the tables directly."""

    def values(sql: str) -> list[str]:
        return [str(v) for (v,) in con.execute(sql, [dataset]).fetchall()]

    return {
        "dataset": [d for (d,) in con.execute("SELECT dataset FROM datasets").fetchall()],
        "status": values("SELECT status FROM statuses WHERE dataset = ?"),
        "org": values("SELECT DISTINCT org_id FROM figure_keys WHERE dataset = ? AND org_id <> ''"),
        "exemption": values(
            "SELECT DISTINCT unnest(string_split(exemption_sections, ';')) FROM figure_keys "
            "WHERE dataset = ?"
        ),
        "category": values("SELECT DISTINCT category FROM figure_keys WHERE dataset = ?"),
        "area": values("SELECT DISTINCT area FROM figure_keys WHERE dataset = ?"),
    }


def _view(
    con: duckdb.DuckDBPyConnection, dataset: str, picked: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The page's values for a link with these filters, read as the page reads it."""
    vocab = _vocab(con, dataset)
    raw = {"dataset": [dataset], **{k: list(v) for k, v in picked.items()}}
    values, notices = state.parse("projects", raw, vocab)
    assert not notices, notices
    return values, vocab


def _facets(con: duckdb.DuckDBPyConnection, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    params = {**filters.query_params(values["dataset"], values), "top": facets.TOP}
    return run(con, "figure_rows_facets", {**params, "subjects": False}).to_pylist()


@pytest.mark.parametrize(("dataset", "picked"), CASES)
def test_each_facet_counts_the_rows_its_values_hold(con, dataset, picked):
    values, vocab = _view(con, dataset, picked)
    records = _facets(con, values)
    shown = facets.build(records, values, vocab)
    total, expected = _expected(con, dataset, picked)
    assert total > 0 and shown
    for facet in shown:
        counts = expected[facet.field]
        assert facet.values, facet.field
        for item in facet.values:
            assert item.rows == counts.get(item.value, 0), (facet.field, item.value)
        listed = {i.value for i in facet.values}
        left_out = {v: n for v, n in counts.items() if v is not None and v not in listed}
        assert facet.more_values == len(left_out), facet.field
        assert facet.more_rows == sum(left_out.values()), facet.field
        if facet.field == "exemption":  # a figure counts under each section it cites
            continue
        assert (facet.without or 0) == counts.get(None, 0), facet.field
        # Every matching row is under one value, in the "more" note, or has no value.
        assert sum(i.rows for i in facet.values) + facet.more_rows + (facet.without or 0) == total


@pytest.mark.parametrize(("dataset", "picked"), CASES)
def test_a_field_is_listed_when_it_can_narrow_or_is_filtered(con, dataset, picked):
    values, vocab = _view(con, dataset, picked)
    records = _facets(con, values)
    shown = {f.field: f for f in facets.build(records, values, vocab)}
    _total, expected = _expected(con, dataset, picked)
    for field, counts in expected.items():
        distinct = len([v for v in counts if v is not None])
        assert (field in shown) == (distinct > 1 or field in picked), (field, counts)
    for field, chosen in picked.items():  # a filtered field shows its picked values, ticked
        assert {i.value for i in shown[field].values if i.selected} == set(chosen)
    one_value = [f for f, c in expected.items() if f not in shown and len(c.keys() - {None}) == 1]
    sentence = facets.shared_values(records, values, list(shown.values()))
    for field in one_value:
        assert facets.TITLES[field].lower() in sentence, (field, sentence)


@pytest.mark.parametrize(("dataset", "picked"), CASES)
def test_a_values_link_opens_the_view_with_that_value_added_or_taken_off(con, dataset, picked):
    values, vocab = _view(con, dataset, picked)
    values = {**values, "page": 3, "sort": "name"}  # kept, except the page: back to 1
    shown = facets.build(_facets(con, values), values, vocab, "http://host:8501")
    links = [i for f in shown for i in f.values]
    assert links
    for item in links:
        address = urlsplit(item.href)
        assert (address.scheme, address.netloc, address.path) == ("http", "host:8501", "/projects")
        raw = parse_qs(address.query, keep_blank_values=True)
        assert raw == {k: v if isinstance(v, list) else [v] for k, v in item.query.items()}
        opened, notices = state.parse("projects", raw, vocab)
        assert not notices, notices
        current = tuple(values[item.field])
        if item.selected:
            want = tuple(v for v in current if v != item.value)
        else:
            want = (*current, item.value)
        assert opened == {**values, item.field: want, "page": 1}, item


def test_taking_off_the_last_filter_still_names_the_dataset(con):
    """A link with no parameters would bring back the filters carried from another page."""
    values, vocab = _view(con, DATASET, {"status": ("stopped",)})
    (status,) = [
        f for f in facets.build(_facets(con, values), values, vocab) if f.field == "status"
    ]
    (picked,) = [i for i in status.values if i.selected]
    assert picked.query == {"dataset": DATASET}


def test_money_is_shown_only_on_one_basis(con):
    values, vocab = _view(con, "gmpp-2023", {})
    shown = {f.field: f for f in facets.build(_facets(con, values), values, vocab)}
    where, params = _where("gmpp-2023", {})
    for facet in shown.values():
        column = COLUMN.get(facet.field)
        for item in facet.values:
            if column is None:
                continue
            bases, money = con.execute(
                f"SELECT count(DISTINCT basis), sum(amount_gbp) FROM figure_keys "
                f"WHERE {where} AND {column} = ? AND disclosure = 'disclosed'",
                [*params, item.value],
            ).fetchone()
            if bases == 1:
                assert item.disclosed_gbp == money, (facet.field, item.value)
                assert md_text(format_gbp(money)) in facets.link_text(item, md_text)
            else:  # a sum over bases means nothing: the count alone
                assert item.disclosed_gbp is None and "£" not in facets.link_text(item, md_text)
    assert any(i.disclosed_gbp for i in shown["basis"].values)


def test_an_inferred_section_says_so(con):
    values, vocab = _view(con, DATASET, {"disclosure": ("withheld",), "status": ("stopped",)})
    records = _facets(con, values)
    (basis,) = con.execute(
        "SELECT DISTINCT exemption_basis FROM figure_facts "
        "WHERE dataset = ? AND exemption_sections = '43'",
        [DATASET],
    ).fetchall()
    (section,) = [r for r in records if r["field"] == "exemption"]
    label = facets.value_label("exemption", section)
    assert label == ("s.43 (inferred)" if basis == ("inferred",) else "s.43")
    assert facets.says_inferred([], records) == (basis == ("inferred",))


# --- values that are data: a published file can hold anything ---------------------------------

HOSTILE = [
    "Parks](javascript:alert(1)) *loud* <img src=x onerror=alert(1)>",
    "[Sign in](https://evil.example) _x_ `code` # not a heading",
]


@pytest.fixture
def hostile_db(built_db: Path, tmp_path: Path) -> Iterator[Path]:
    """The shipped data plus a payment file whose expense areas are markup."""
    db = tmp_path / "foi.duckdb"
    shutil.copy2(built_db, db)
    pay = tmp_path / "pay.csv"
    lines = ["Service,Expense Category,Date,Transaction Number,Amount,Supplier Name"]
    for n, area in enumerate(HOSTILE * 3):
        quoted = '"' + area.replace('"', '""') + '"'
        lines.append(f"{quoted},Grants,2017-01-0{n % 9 + 1},T{n},{100 + n},Oak Ltd")
    lines.append("Housing,Repairs,2017-01-09,T99,50,Crown Trust")
    pay.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_files([pay], db, ImportOptions(dataset="council"))
    yield db


_MARKUP = re.compile(r"(?<!\\)[\[\]()<>*_`#]")


@pytest.mark.parametrize("picked", [{}, {"area": (HOSTILE[0],)}])
def test_a_hostile_value_is_shown_as_text_and_its_link_still_works(hostile_db, picked):
    con = duckdb.connect(str(hostile_db), read_only=True)
    try:
        values, vocab = _view(con, "council", picked)
        shown = {f.field: f for f in facets.build(_facets(con, values), values, vocab)}
    finally:
        con.close()
    items = {i.value: i for i in shown["area"].values}
    listed = [v for v in HOSTILE if v in items]
    assert listed == (list(picked["area"]) if picked else HOSTILE)
    for value in listed:
        item = items[value]
        assert item.selected == bool(picked)
        text = facets.link_text(item, md_text)
        # A picked value is bold: the only markup is the pair of ** the page puts round it.
        body = text.removeprefix("**").replace("** ·", " ·", 1) if item.selected else text
        assert not _MARKUP.search(body), text  # no link, emphasis, code or tag can start
        assert body.replace("\\", "").startswith(value)  # and it reads as written
        opened, notices = state.parse("projects", parse_qs(urlsplit(item.href).query), vocab)
        assert not notices
        assert (value in opened["area"]) != item.selected  # a click adds it, or takes it off


def test_the_page_shows_hostile_values_escaped(hostile_db, monkeypatch):
    monkeypatch.setenv("FOI_DB", str(hostile_db))
    monkeypatch.chdir(ROOT)
    at = open_page("projects", dataset="council")
    labels = [p.proto.label for p in at.get("page_link")]
    for value in HOSTILE:
        (label,) = [x for x in labels if x.replace("\\", "").startswith(value)]
        assert not _MARKUP.search(label), label


# --- the page --------------------------------------------------------------------------------


def test_the_projects_page_shows_facets_side_by_side_with_counts(built_db, monkeypatch, con):
    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)
    current = {"status": ("stopped",)}
    at = open_page("projects", status="stopped")
    _total, expected = _expected(con, DATASET, current)
    titles = {facets.TITLES[f]: f for f in facets.FIELDS}
    columns = []
    for column in at.columns:
        heads = [m.value.strip("*") for m in column.markdown if m.value.strip("*") in titles]
        if heads:
            columns.append((titles[heads[0]], [p.proto for p in column.get("page_link")]))
    assert len(columns) >= 2, "several facets, each in a column of its own"
    assert {f for f, _ in columns} >= {"status", "disclosure"}
    for field, links in columns:
        assert links, field
        for link in links:
            query = parse_qs(link.query_string)
            rows = int(link.label.split(" · ")[1].replace(",", ""))
            picked = set(query.get(field, []))
            # the one value a link adds (or, ticked, takes off)
            (value,) = picked ^ set(current.get(field, ()))
            assert rows == expected[field][value], (field, value, link.label)
            # ✕ (remove) on a value in the filters, + on one a click adds
            assert link.icon == (":material/add:" if value in picked else ":material/close:")

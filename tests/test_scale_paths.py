"""The storage and query paths that keep millions of payments quick, checked for what they return.

figure_facts stores row-located payments compactly (no per-row id, locator or
claim text); the view `figures` must still give every payment its id and its
file/row/column. figure_keys is a pre-join refreshed by every writer; it must
match the projects and figures it was built from, after imports, appends,
--replace and rebuilds. The facets query gives the counts over the Projects
table, so its numbers must add up to what the filters match.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from helpers import read_csv

from foi import filters
from foi.build import build
from foi.cli import main as cli_main
from foi.importing import ImportOptions, import_files
from foi.queries import run

HEADER = "Service,Expense Category,Date,Transaction Number,Amount,Supplier Number,Supplier Name"
ROWS = [
    "Housing,Grants,2017-01-05,T1,100.00,S1,Oak Ltd",
    'Housing,Grants,2017-01-06,T2,"£2,500.50",S2,Crown Trust',
    "Libraries,Equipment,05/01/2017,T3,Exempt under section 43,S1,Oak Ltd",
    "Libraries,Agency Staff,2017-02-01,T4,300,,REDACTED PERSONAL DATA",
    "Schools,Grants,2017-02-02,T5,£1.2m,S3,Summit plc",
]


def _file(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _all(council_db: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    con = duckdb.connect(str(council_db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _keys_match_a_fresh_join(council_db: Path) -> None:
    """figure_keys holds exactly one row per figure plus one per project without figures."""
    expected = _all(
        council_db,
        "SELECT dataset, count(*) FROM ("
        "  SELECT p.dataset FROM projects p LEFT JOIN figure_facts f ON f.dataset = p.dataset"
        "   AND f.subject_type = 'project' AND f.subject_id = p.project_id"
        "  UNION ALL SELECT f.dataset FROM figure_facts f JOIN groups g"
        "   ON g.dataset = f.dataset AND g.group_id = f.subject_id AND f.subject_type = 'group'"
        ") GROUP BY 1 ORDER BY 1",
    )
    got = _all(council_db, "SELECT dataset, count(*) FROM figure_keys GROUP BY 1 ORDER BY 1")
    assert got == expected
    orphans = _all(
        council_db,
        "SELECT count(*) FROM figure_keys k LEFT JOIN figure_facts f USING (fact_id) "
        "WHERE k.fact_id IS NOT NULL AND f.fact_id IS NULL",
    )
    assert orphans == [(0,)]
    (dupes,) = _all(council_db, "SELECT count(*) - count(DISTINCT fact_id) FROM figure_facts")
    assert dupes == (0,)


@pytest.fixture
def council_db(built_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "foi.duckdb"
    shutil.copy2(built_db, target)
    import_files([_file(tmp_path, "pay.csv", ROWS)], target, ImportOptions(dataset="council"))
    return target


def test_payments_read_through_the_view_with_ids_locators_and_claims(council_db: Path) -> None:
    rows = _all(
        council_db,
        "SELECT figure_id, locator, claim, line, amount_gbp, disclosure, exemption_sections "
        "FROM figures WHERE dataset = 'council' ORDER BY line",
    )
    assert [r[3] for r in rows] == [2, 3, 4, 5, 6]
    source = rows[0][0].rsplit("-r", 1)[0]
    assert [r[0] for r in rows] == [f"{source}-r{n}" for n in range(2, 7)]
    assert rows[1][1] == "pay.csv, row 3, column 'Amount'"
    assert rows[4][2] == "Payment on row 6 of pay.csv."
    assert [r[4] for r in rows] == [
        Decimal("100.00"),
        Decimal("2500.50"),
        None,
        Decimal("300.00"),
        Decimal("1200000.00"),
    ]
    assert rows[2][5:] == ("withheld", "43")
    stored = _all(
        council_db,
        "SELECT count(*) FROM figure_facts WHERE dataset = 'council' AND figure_id IS NULL",
    )
    assert stored == [(5,)]  # ids, locators and claims are not stored per row


def test_figure_keys_follow_every_writer(council_db: Path, tmp_path: Path, built_db: Path) -> None:
    _keys_match_a_fresh_join(council_db)
    more = _file(tmp_path, "pay2.csv", ["Housing,Grants,2017-03-01,T9,50,S9,New Supplier Ltd"])
    import_files([more], council_db, ImportOptions(dataset="council"))  # an append
    _keys_match_a_fresh_join(council_db)
    assert _all(council_db, "SELECT count(*) FROM figure_keys WHERE dataset = 'council'") == [(6,)]
    import_files([more], council_db, ImportOptions(dataset="council", replace=True))
    _keys_match_a_fresh_join(council_db)
    assert _all(council_db, "SELECT count(*) FROM figure_keys WHERE dataset = 'council'") == [(1,)]
    # a rebuild of the shipped data carries the import over, renumbered without clashes
    build(Path(__file__).resolve().parent.parent / "data", council_db)
    _keys_match_a_fresh_join(council_db)
    assert _all(council_db, "SELECT count(*) FROM figure_keys WHERE dataset = 'council'") == [(1,)]


def _params(**values: Any) -> dict[str, Any]:
    return filters.query_params("council", values)


def test_facets_count_what_the_filters_match(council_db: Path) -> None:
    con = duckdb.connect(str(council_db), read_only=True)
    try:
        for values in ({}, {"area": ("Housing",)}, {"q": "oak"}, {"category": ("Grants",)}):
            facets = run(
                con, "figure_rows_facets", {**_params(**values), "top": 2, "subjects": True}
            )
            facets = facets.to_pylist()
            count = run(con, "figure_rows_count", _params(**values)).to_pylist()[0]["rows"]
            for field in ("disclosure", "area", "subject"):
                assert sum(r["rows"] for r in facets if r["field"] == field) == count, (
                    values,
                    field,
                )
            kept = [r for r in facets if r["field"] == "area" and not r["other"]]
            assert len(kept) <= 2
        no_subjects = run(con, "figure_rows_facets", {**_params(), "top": 10, "subjects": False})
        assert "subject" not in no_subjects.column("field").to_pylist()
        by_area = {
            r["value"]: r["rows"]
            for r in run(
                con, "figure_rows_facets", {**_params(), "top": 10, "subjects": False}
            ).to_pylist()
            if r["field"] == "area"
        }
        assert by_area == {"Housing": 2, "Libraries": 2, "Schools": 1}
    finally:
        con.close()


@pytest.mark.parametrize(
    ("values", "references"),
    [
        ({"area": ("Housing",)}, ["T1", "T2"]),
        ({"category": ("Grants",), "area": ("Schools",)}, ["T5"]),
        ({"q": "crown"}, ["T2"]),  # supplier name
        ({"q": "t4"}, ["T4"]),  # transaction number
        ({"q": "equipment"}, ["T3"]),  # expense type
    ],
)
def test_area_category_and_search_filters(
    council_db: Path, values: dict, references: list[str]
) -> None:
    con = duckdb.connect(str(council_db), read_only=True)
    try:
        page = filters.page_params("council", {**values, "size": 50, "page": 1})
        rows = run(con, "figure_rows", page, order_by=filters.order_by({})).to_pylist()
    finally:
        con.close()
    assert sorted(r["reference"] for r in rows) == references


def test_serve_hands_everything_after_serve_to_streamlit(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    import foi.serve

    monkeypatch.setattr(foi.serve, "serve", lambda options: seen.append(options) or 0)
    assert cli_main(["serve", "--server.port", "8599", "--server.headless", "true"]) == 0
    assert seen == [["--server.port", "8599", "--server.headless", "true"]]


def test_export_cli_writes_the_rows_the_page_would_download(
    council_db: Path, tmp_path: Path
) -> None:
    import csv
    import shlex

    from foi import exports

    values = {"area": ("Housing", "Schools"), "sort": "name", "q": ""}
    command = exports.cli_command("council", values)
    assert command.startswith("python -m foi export --dataset council --area Housing")
    out = tmp_path / "rows.csv"
    args = shlex.split(command)[3:]  # after "python -m foi"
    args[args.index("--out") + 1] = str(out)
    assert cli_main([*args, "--db", str(council_db)]) == 0
    con = duckdb.connect(str(council_db), read_only=True)
    try:
        page = exports.export_rows(
            con,
            "csv",
            filters.query_params("council", values),
            filters.order_by(values),
            filters_for_metadata={},
            dataset_meta={},
        )
    finally:
        con.close()
    assert out.read_bytes() == page
    with out.open(newline="", encoding="utf-8") as fh:
        assert sorted(r["reference"] for r in csv.DictReader(fh)) == ["T1", "T2", "T5"]


def test_export_cli_refuses_what_it_cannot_do(council_db: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "x.csv")
    assert cli_main(["export", "--db", str(council_db), "--dataset", "nope", "--out", out]) == 2
    assert (
        cli_main(
            [
                "export",
                "--db",
                str(council_db),
                "--dataset",
                "council",
                "--min",
                "lots",
                "--out",
                out,
            ]
        )
        == 2
    )
    assert cli_main(["export", "--db", str(tmp_path / "none.duckdb"), "--out", out]) == 1
    assert not Path(out).exists()


def _facet(field: str, value: str | None, rows: int) -> dict[str, Any]:
    return {"field": field, "value": value, "rows": rows, "other": value is None}


def test_counts_come_from_the_disclosure_facet() -> None:
    facets = [
        _facet("disclosure", "disclosed", 7),
        _facet("disclosure", "withheld", 2),
        _facet("disclosure", "redacted", 1),
        _facet("disclosure", "no_figure", 4),
        _facet("area", "Housing", 14),
    ]
    assert filters.counts_from_facets(facets) == {
        "rows": 14,
        "disclosed_rows": 7,
        "withheld_rows": 3,
    }
    assert filters.counts_from_facets([]) == {"rows": 0, "disclosed_rows": 0, "withheld_rows": 0}


def test_facet_choices_offer_fields_with_more_than_one_value() -> None:
    one_area = [_facet("area", "Housing", 3), _facet("status", "a", 1), _facet("status", "b", 2)]
    assert filters.facet_choices(one_area, "auto") == (["subject", "status"], "status")
    assert filters.facet_choices(one_area, "area") == (["subject", "status"], "status")
    assert filters.facet_choices(one_area, "subject") == (["subject", "status"], "subject")
    two_areas = [_facet("area", "Housing", 3), _facet("area", "Schools", 1)]
    assert filters.facet_choices(two_areas, "auto") == (["area", "subject"], "area")
    assert filters.facet_choices([], "auto") == (["subject"], None)


def test_facets_label_statuses_from_the_dataset_vocabulary(built_db: Path) -> None:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        params = {**filters.query_params("met-project-cull", {}), "top": 10, "subjects": False}
        facets = run(con, "figure_rows_facets", params).to_pylist()
    finally:
        con.close()
    labels = {r["value"]: r["label"] for r in facets if r["field"] == "status"}
    vocabulary = {
        r["status"]: r["label"]
        for r in read_csv(Path(__file__).parent.parent / "data/statuses.csv")
    }
    assert labels["corrective_action"] == "Corrective action"
    assert labels == {status: vocabulary[status] for status in labels}

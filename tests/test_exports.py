"""Tests for foi.exports: each download holds exactly the rows the page shows, losslessly.

The reference for "the rows the page shows" is queries/figure_rows.sql itself, run
with the same parameters and a limit larger than the dataset.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest

from foi import exports, filters
from foi.build import build
from foi.config import DATA_DIR, DEFAULT_DATASET, QUERIES_DIR
from foi.exports import FORMATS, export_filename, export_rows
from foi.queries import render_sql, run

TODAY = dt.date(2026, 11, 26)
ORDER = "amount_gbp DESC NULLS LAST, name, subject_id"
FORMULA = '=HYPERLINK("http://example.invalid","click")'
NO_FILTER = {
    "dataset": DEFAULT_DATASET,
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
CASES = {
    "stopped": {"status": ["stopped"]},
    "lockheed": {"q": "lockheed"},
    "stopped-withheld": {"status": ["stopped"], "disclosure": ["withheld"]},
    "min-1m": {"min": Decimal("1000000")},
    "all": {},
}


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("exports") / "t.duckdb"
    build(DATA_DIR, db)
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A copy of the shipped data with spreadsheet-formula text and an amount with pennies."""
    root = tmp_path_factory.mktemp("tricky")
    data = root / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    path = data / "figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    edits = {
        "CC-CONTRACT-CW": {"claim": FORMULA},
        "CC-PAID-PP": {"claim": "+SUM(A1)", "amount_gbp": "65000000.01"},
        "DIP-VALUE": {"claim": "-1+2"},
        "G-STOPPED": {"claim": "@cmd"},
    }
    for row in rows:
        row.update(edits.pop(row["figure_id"], {}))
    assert not edits, f"figures not found in data/figures.csv: {sorted(edits)}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    db = root / "t.duckdb"
    build(data, db)
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def params(**filters: Any) -> dict[str, Any]:
    return {**NO_FILTER, **filters}


def reference(con: duckdb.DuckDBPyConnection, p: dict[str, Any], order: str = ORDER) -> list:
    """The page's own query with a limit bigger than any dataset here: every matching row."""
    rows = run(con, "figure_rows", {**p, "limit": 10**9, "offset": 0}, order_by=order)
    return rows.to_pylist()


def export(con, fmt: str, p: dict[str, Any], order: str = ORDER, **kw: Any) -> bytes:
    filters = {k: v for k, v in p.items() if k != "dataset" and v is not None}
    return export_rows(con, fmt, p, order, filters_for_metadata=filters, today=TODAY, **kw)


# --- reading each format back as Python values ------------------------------------------


def _csv_text(value: Any) -> str:
    """How DuckDB's CSV writer spells a value: empty for NULL, true/false, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def read_json(data: bytes) -> list[dict[str, Any]]:
    return json.loads(data, parse_float=Decimal)


def read_xlsx(data: bytes) -> tuple[list[str], list[dict[str, Any]]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Figures"]
    values = list(ws.iter_rows(values_only=True))
    header = list(values[0])
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


def _xlsx_value(value: Any) -> Any:
    """What a reference value looks like in a workbook: pennies as float, dates as datetime."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# --- the SQL file -----------------------------------------------------------------------


def test_export_runs_the_page_queryunpaged() -> None:
    page = (QUERIES_DIR / "figure_rows.sql").read_text(encoding="utf-8")
    count_sql = (QUERIES_DIR / "figure_rows_count.sql").read_text(encoding="utf-8")
    facets_sql = (QUERIES_DIR / "figure_rows_facets.sql").read_text(encoding="utf-8")
    # The page, its count and its facets filter through the one declared clause.
    filtered = "FROM figure_keys\n    WHERE {filters}"
    assert filtered in page and filtered in count_sql and filtered in facets_sql
    # The download runs the very text the page runs (foi.queries.run renders it so).
    expected = render_sql("figure_rows", order_by="name").strip().rstrip(";")
    assert exports.export_query("name") == expected
    assert filters.where_sql() in expected and "{" not in expected
    assert exports.unpaged({"dataset": "x", "limit": 50, "offset": 100}) == {
        "dataset": "x",
        "limit": None,
        "offset": 0,
    }


def test_every_exported_column_has_a_description(con) -> None:
    header, _ = read_csv(export(con, "csv", params()))
    assert header == list(exports.COLUMN_DESCRIPTIONS)
    assert all(d.strip() for d in exports.COLUMN_DESCRIPTIONS.values())


# --- the rows: same count, order and values as the page ---------------------------------


@pytest.mark.parametrize("case", CASES)
def test_csv_rows_equal_the_page_query(con, case: str) -> None:
    p = params(**CASES[case])
    ref = reference(con, p)
    assert ref, "the case must select some rows, or the comparison proves nothing"
    header, rows = read_csv(export(con, "csv", p))
    assert header == list(ref[0])
    assert rows == [{k: _csv_text(v) for k, v in r.items()} for r in ref]


@pytest.mark.parametrize("case", CASES)
def test_parquet_rows_equal_the_page_query(con, case: str) -> None:
    p = params(**CASES[case])
    ref = reference(con, p)
    assert ref
    table = pq.read_table(io.BytesIO(export(con, "parquet", p)))
    assert str(table.schema.field("amount_gbp").type) == "decimal128(18, 2)"
    assert str(table.schema.field("as_of").type) == "date32[day]"
    assert table.to_pylist() == ref


@pytest.mark.parametrize("case", CASES)
def test_json_rows_equal_the_page_query(con, case: str) -> None:
    p = params(**CASES[case])
    ref = reference(con, p)
    assert ref
    data = export(con, "json", p)
    assert data.lstrip().startswith(b"[")
    assert read_json(data) == [{k: _json_value(v) for k, v in r.items()} for r in ref]


@pytest.mark.parametrize("case", CASES)
def test_xlsx_rows_equal_the_page_query(con, case: str) -> None:
    p = params(**CASES[case])
    ref = reference(con, p)
    assert ref
    header, rows = read_xlsx(export(con, "xlsx", p))
    assert header == list(ref[0])
    assert rows == [{k: _xlsx_value(v) for k, v in r.items()} for r in ref]


@pytest.mark.parametrize("case", CASES)
def test_zip_data_csv_is_the_csv_export(con, case: str) -> None:
    p = params(**CASES[case])
    with zipfile.ZipFile(io.BytesIO(export(con, "zip", p))) as zf:
        assert sorted(zf.namelist()) == ["README.txt", "data.csv", "datapackage.json"]
        assert zf.read("data.csv") == export(con, "csv", p)


def test_the_sort_is_the_one_asked_for(con) -> None:
    p = params(min=Decimal("1"))
    ids = {}
    for order in (ORDER, "amount_gbp ASC NULLS LAST, name, subject_id"):
        _, rows = read_csv(export(con, "csv", p, order))
        ids[order] = [r["figure_id"] for r in rows]
        assert ids[order] == [r["figure_id"] for r in reference(con, p, order)]
    assert ids[ORDER] != list(ids.values())[1]


def test_paging_parameters_are_ignored(con) -> None:
    """The page's dict may still carry limit/offset; a download holds every page."""
    p = params()
    _, rows = read_csv(export(con, "csv", {**p, "limit": 5, "offset": 10}))
    assert len(rows) == len(reference(con, p)) > 15


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_matching_rows_gives_an_empty_file_not_an_error(con, fmt: str) -> None:
    p = params(q="'; DROP TABLE figures; --")
    assert reference(con, p) == []
    data = export(con, fmt, p)
    if fmt == "csv":
        assert read_csv(data) == (list(exports.COLUMN_DESCRIPTIONS), [])
    elif fmt == "json":
        assert read_json(data) == []
    elif fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == 0
    elif fmt == "xlsx":
        assert read_xlsx(data) == (list(exports.COLUMN_DESCRIPTIONS), [])
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            package = json.loads(zf.read("datapackage.json"))
        assert package["resources"][0]["rowCount"] == 0
        assert package["sources"] == []


def test_unknown_format_is_refused(con) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(con, "xls", params())


def test_temporary_files_are_removed(con, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Path] = []
    real = tempfile.TemporaryDirectory

    def recording(*args: Any, **kw: Any) -> tempfile.TemporaryDirectory:
        tmp = real(*args, **kw)
        made.append(Path(tmp.name))
        return tmp

    monkeypatch.setattr(exports.copy.tempfile, "TemporaryDirectory", recording)
    for fmt in ("csv", "parquet", "json", "zip"):
        export(con, fmt, params(status=["stopped"]))
    assert len(made) == 4
    assert not any(p.exists() for p in made)


# --- exactness on edited data: pennies and formula-looking text -------------------------


def test_pennies_survive_every_format(tricky) -> None:
    p = params(q="command")
    penny = Decimal("65000000.01")
    assert penny in [r["amount_gbp"] for r in reference(tricky, p)]
    _, rows = read_csv(export(tricky, "csv", p))
    assert Decimal(next(r for r in rows if r["figure_id"] == "CC-PAID-PP")["amount_gbp"]) == penny
    by_id = {r["figure_id"]: r for r in read_json(export(tricky, "json", p))}
    assert by_id["CC-PAID-PP"]["amount_gbp"] == penny
    table = pq.read_table(io.BytesIO(export(tricky, "parquet", p))).to_pylist()
    assert next(r for r in table if r["figure_id"] == "CC-PAID-PP")["amount_gbp"] == penny
    _, sheet = read_xlsx(export(tricky, "xlsx", p))
    cell = next(r for r in sheet if r["figure_id"] == "CC-PAID-PP")["amount_gbp"]
    assert Decimal(repr(cell)).quantize(Decimal("0.01")) == penny


def test_xlsx_writes_formula_text_as_text(tricky) -> None:
    p = params()
    wb = openpyxl.load_workbook(io.BytesIO(export(tricky, "xlsx", p)))
    formulas = [
        (ws.title, c.coordinate)
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []
    ws = wb["Figures"]
    header = [c.value for c in ws[1]]
    claims = {
        ws.cell(r, header.index("figure_id") + 1).value: ws.cell(r, header.index("claim") + 1)
        for r in range(2, ws.max_row + 1)
    }
    expected = {
        "CC-CONTRACT-CW": FORMULA,
        "CC-PAID-PP": "+SUM(A1)",
        "DIP-VALUE": "-1+2",
        "G-STOPPED": "@cmd",
    }
    for figure_id, text in expected.items():
        assert claims[figure_id].value == text
        assert claims[figure_id].data_type == "s"


def test_xlsx_types_header_and_about_sheet(tricky) -> None:
    p = params(q="command")
    filters = {"q": "command", "status": []}
    data = export_rows(tricky, "xlsx", p, ORDER, filters_for_metadata=filters, today=TODAY)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Figures", "About"]
    ws = wb["Figures"]
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])
    header = [c.value for c in ws[1]]
    cells = {name: ws.cell(2, i + 1) for i, name in enumerate(header)}
    assert cells["amount_gbp"].data_type == "n"
    assert isinstance(cells["amount_gbp"].value, int | float)
    assert cells["amount_gbp"].number_format == "#,##0.00"
    assert cells["named"].data_type == "b"
    dated = [
        ws.cell(r, header.index("as_of") + 1)
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, header.index("as_of") + 1).value is not None
    ]
    assert dated and all(c.is_date for c in dated)

    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    title = run(tricky, "datasets").to_pylist()[0]
    assert about["Title"] == title["title"]
    assert about["Licence"] == title["licence"]
    assert about["Licence URL"] == title["licence_url"]
    assert about["Filters applied"] == "text contains “command”"
    assert about["Rows"] == len(reference(tricky, p))
    assert about["Generated"] == dt.datetime(2026, 11, 26)
    ids = {r["source_id"] for r in reference(tricky, p) if r["source_id"]}
    assert ids and ids <= set(about)


# --- the zip's Data Package -------------------------------------------------------------


def test_zip_datapackage_describes_the_csv(con) -> None:
    p = params(status=["stopped"], q="stopped")
    filters = {"status": ["stopped"], "q": "stopped", "min": None}
    data = export_rows(con, "zip", p, ORDER, filters_for_metadata=filters, today=TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        package = json.loads(zf.read("datapackage.json"))
        csv_bytes = zf.read("data.csv")
        readme = zf.read("README.txt").decode("utf-8")
    header, rows = read_csv(csv_bytes)
    meta = next(d for d in run(con, "datasets").to_pylist() if d["dataset"] == DEFAULT_DATASET)

    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["created"] == "2026-11-26"
    assert package["title"].startswith(meta["title"])
    assert package["licenses"] == [{"title": meta["licence"], "path": meta["licence_url"]}]

    (resource,) = package["resources"]
    assert (resource["name"], resource["path"]) == ("figures", "data.csv")
    assert resource["filters"] == {"status": ["stopped"], "q": "stopped"}
    assert resource["rowCount"] == len(rows) == len(reference(con, p)) > 0
    assert resource["hash"] == "sha256:" + hashlib.sha256(csv_bytes).hexdigest()
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == header
    assert all(f["description"] for f in fields)
    types = {f["name"]: f["type"] for f in fields}
    assert types["amount_gbp"] == "number"
    assert types["named"] == "boolean"
    assert types["as_of"] == "date"
    assert types["claim"] == "string"

    present = {r["source_id"] for r in rows if r["source_id"]}
    table = {
        s["source_id"]: s for s in run(con, "sources", {"dataset": DEFAULT_DATASET}).to_pylist()
    }
    assert {s["id"] for s in package["sources"]} == present
    for s in package["sources"]:
        assert s["publisher"] == table[s["id"]]["publisher"]
        assert s["title"] == table[s["id"]]["title"]
        assert s["path"] == table[s["id"]]["url"]

    assert meta["title"] in readme
    assert "status: stopped; text contains “stopped”" in readme
    assert "2026-11-26" in readme
    assert "Cite as" in readme


def test_zip_uses_the_dataset_meta_given(con) -> None:
    meta = {"title": "My title", "licence": "OGL v3", "licence_url": "https://example.invalid/l"}
    data = export(con, "zip", params(status=["stopped"]), dataset_meta=meta)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        package = json.loads(zf.read("datapackage.json"))
    assert package["title"] == "My title: figures"
    assert package["licenses"] == [{"title": "OGL v3", "path": "https://example.invalid/l"}]
    assert package["name"] == f"{DEFAULT_DATASET}-figures"


# --- file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": ["stopped"], "q": "lockheed"}, "status-stopped_q-lockheed"),
        ({"q": "lockheed", "status": ["stopped"]}, "status-stopped_q-lockheed"),
        ({}, "all"),
        ({"status": (), "q": "", "min": None, "named": False}, "all"),
        ({"status": ["stopped", "corrective_action"]}, "status-stopped-corrective-action"),
        ({"q": "Northrop Grumman £90m"}, "q-northrop-grumman-90m"),
        ({"min": Decimal("24E+6"), "named": True}, "min-24000000_named"),
        ({"dataset": "x", "sort": "name", "page": 3, "q": "c&c"}, "q-c-c"),
    ],
)
def test_export_filename(filters: dict, expected: str) -> None:
    name = export_filename(DEFAULT_DATASET, "csv", filters, TODAY)
    assert name == f"{DEFAULT_DATASET}_figures_{expected}_2026-11-26.csv"


def test_long_filenames_are_cut_and_stay_distinct() -> None:
    a = export_filename(DEFAULT_DATASET, "xlsx", {"q": "project " * 40 + "one"}, TODAY)
    b = export_filename(DEFAULT_DATASET, "xlsx", {"q": "project " * 40 + "two"}, TODAY)
    assert a != b
    assert max(len(a), len(b)) <= 150
    assert a.endswith("_2026-11-26.xlsx")
    for name in (a, b):
        stem = name.removesuffix(".xlsx")
        assert all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in stem)
        assert stem == stem.lower()


@pytest.mark.parametrize("fmt", FORMATS)
def test_filename_extension_is_the_format(fmt: str) -> None:
    assert export_filename("met-project-cull", fmt, {}, TODAY).endswith(f"_all_2026-11-26.{fmt}")


def test_filename_refuses_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_filename(DEFAULT_DATASET, "exe", {}, TODAY)


def test_csv_cells_that_would_run_as_formulas_are_made_inert(tmp_path) -> None:
    """OWASP CSV injection: =, +, -, @, tab, CR lead an apostrophe; numbers stay numbers."""
    import csv as csv_module

    import duckdb

    from foi.exports.copy import _copy
    from foi.exports.formats import BY_NAME

    expect = {
        '=HYPERLINK("https://evil.example","x")': '\'=HYPERLINK("https://evil.example","x")',
        "+1": "+1",
        "-5": "-5",
        "-1,200.50": "-1,200.50",
        "@SUM(A1)": "'@SUM(A1)",
        "\tx": "'\tx",
        "\ry": "'\ry",
        "-£5 refund": "'-£5 refund",
        "+44 20 7946 0000": "'+44 20 7946 0000",
        "plain": "plain",
    }
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT unnest($c) AS text, generate_subscripts($c, 1) AS n",
        {"c": list(expect)},
    )
    out = tmp_path / "x.csv"
    _copy(con, "SELECT n, text, -n - 0.25 AS amount FROM t ORDER BY n", {}, BY_NAME["csv"], out)
    rows = list(csv_module.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["text"] for r in rows] == list(expect.values())
    assert [r["n"] for r in rows] == [str(i) for i in range(1, len(expect) + 1)]  # order kept
    assert all(r["amount"].startswith("-") and "'" not in r["amount"] for r in rows)
    parquet = tmp_path / "x.parquet"
    _copy(con, "SELECT text FROM t ORDER BY n", {}, BY_NAME["parquet"], parquet)
    assert con.execute("SELECT list(text) FROM read_parquet(?)", [str(parquet)]).fetchone()[
        0
    ] == list(expect)  # Parquet is data, not a spreadsheet: written as given

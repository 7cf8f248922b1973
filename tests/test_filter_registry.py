"""Each Projects filter is declared once (foi.filters.FILTERS) and that one entry drives all.

The proof is a throwaway filter added in the test: one `Filter` entry and its SQL, and
nothing else, must appear in the link, the SQL and its rows, the caption, the export
flags and the command shown for large downloads, the file name, and the filters a
download records.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from foi import exports, filters, state
from foi.cli import main, parser
from foi.filters import Filter
from foi.queries import load_sql, run

DATASET = "met-project-cull"
SOURCE = "REG-2016-03-24"


def throwaway() -> Filter:
    """A filter the code has never heard of: rows citing one of the listed sources."""
    return Filter(
        "source_in",
        "multi",
        "cited source",
        "keep rows citing this source (repeat)",
        vocab="source",
        sql="list_contains($source_in, source_id)",
    )


def direct_count(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Rows citing `source`, counted straight from figure_keys, not through the registry."""
    sql = "SELECT count(*) FROM figure_keys WHERE dataset = $d AND source_id = $s"
    return con.execute(sql, {"d": DATASET, "s": source}).fetchall()[0][0]


def test_every_shipped_filter_has_its_sql_and_a_distinct_link_name() -> None:
    names = [f.name for f in filters.FILTERS]
    assert len(names) == len(set(names)) >= 10
    for f in filters.FILTERS:
        assert f.sql is None, f"{f.name}: shipped predicates live in queries/"
        assert load_sql(f"filter_{f.name}").strip(), f.name
        if f.kind != "flag":  # a flag's predicate holds while it is set; it has no value
            assert f"${f.name}" in f.predicate(), f"{f.name}: predicate never reads ${f.name}"


def test_a_new_filter_reaches_the_link(con: duckdb.DuckDBPyConnection) -> None:
    vocab = {"dataset": [DATASET], "source": ["", SOURCE, "OTHER-1"]}
    with filters.registered(throwaway()):
        values, notices = state.parse("projects", {"source_in": [SOURCE]}, vocab)
        assert notices == []
        assert values["source_in"] == (SOURCE,)
        assert state.to_query("projects", values, vocab)["source_in"] == [SOURCE]
        assert "source_in" in state.carried(values)
        _, refused = state.parse("projects", {"source_in": ["NOPE"]}, vocab)
        assert len(refused) == 1 and "cited source" in refused[0] and "NOPE" in refused[0]
    values, notices = state.parse("projects", {"source_in": [SOURCE]}, vocab)
    assert "source_in" not in values
    assert notices, "once unregistered, the parameter is unknown again"


def test_a_new_filter_narrows_the_rows_in_sql(con: duckdb.DuckDBPyConnection) -> None:
    expected = direct_count(con, SOURCE)
    everything = run(con, "figure_rows_count", filters.query_params(DATASET, {}))
    total = everything.to_pylist()[0]["rows"]
    assert 0 < expected < total, "the source must narrow the rows for this test to mean anything"
    with filters.registered(throwaway()):
        assert "$source_in IS NULL" in filters.where_sql()
        params = filters.query_params(DATASET, {"source_in": (SOURCE,)})
        counted = run(con, "figure_rows_count", params).to_pylist()[0]["rows"]
        page = run(con, "figure_rows", {**params, "limit": 1000, "offset": 0}, order_by="name")
        unfiltered = run(con, "figure_rows_count", filters.query_params(DATASET, {}))
    assert counted == expected
    assert page.num_rows == expected
    assert set(page.column("source_id").to_pylist()) == {SOURCE}
    assert unfiltered.to_pylist()[0]["rows"] == total


def test_a_new_filter_is_described_named_and_recorded() -> None:
    values = {"source_in": (SOURCE,), "status": ("stopped",), "page": 2, "sort": "name"}
    with filters.registered(throwaway()):
        caption = filters.describe(values)
        applied = filters.active(values)
        name = exports.export_filename(DATASET, "csv", applied, dt.date(2026, 12, 2))
        command = exports.cli_command(DATASET, values)
    assert caption == f"status: stopped; cited source: {SOURCE}"
    assert applied == {"status": ["stopped"], "source_in": [SOURCE]}
    assert "_status-stopped_source-in-reg-2016-03-24_" in name
    assert f"--source_in {SOURCE}" in command
    assert "source" not in filters.describe(values)


def test_a_new_filter_is_an_export_flag(tmp_path: Path, built_db: Path, capsys) -> None:
    out = tmp_path / "rows.csv"
    with filters.registered(throwaway()):
        args = parser().parse_args(["export", "--out", str(out), "--source_in", SOURCE])
        assert args.source_in == [SOURCE]
        code = main(["export", "--db", str(built_db), "--out", str(out), "--source_in", SOURCE])
    assert code == 0, capsys.readouterr().err
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        expected = direct_count(con, SOURCE)
    finally:
        con.close()
    assert len(rows) == expected > 0
    assert {r["source_id"] for r in rows} == {SOURCE}
    assert f"cited source: {SOURCE}" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parser().parse_args(["export", "--out", str(out), "--source_in", SOURCE])


@pytest.mark.parametrize(
    ("values", "caption"),
    [
        ({}, "no filters"),
        ({"min": 0}, "amount at least £0"),
        ({"q": "lockheed", "named": True}, "text contains “lockheed”; named projects only"),
        ({"category": ("IT",), "area": ("Met",)}, "expense type: IT; expense area: Met"),
        ({"status": (), "q": "", "named": False, "min": None}, "no filters"),
    ],
)
def test_captions_come_from_the_declarations(values: dict, caption: str) -> None:
    assert filters.describe(values) == caption


def test_unset_filters_bind_null_and_set_ones_bind_values() -> None:
    params = filters.query_params(DATASET, {"status": ("stopped",), "min": 0, "named": False})
    assert params["dataset"] == DATASET
    assert params["status"] == ["stopped"]
    assert params["min"] == 0 and params["min"] is not None
    assert params["named"] is None
    assert set(params) == {"dataset", *(f.name for f in filters.FILTERS)}

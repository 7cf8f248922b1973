"""The SQL console's sandbox: right answers for good queries, nothing for escape attempts.

The database is the shipped data built into a temporary file, with a second dataset
imported beside it, so "only the current dataset" is something a test can get wrong.
Every escape attempt must be refused by the checker (QueryRefused) or fail inside DuckDB
(QueryFailed); a second set runs the same kind of statements straight on a locked sandbox
connection, skipping the checker, to show the lock-down holds on its own. Afterwards the
database file is byte-for-byte the same and the headline still reads 147 live projects.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from helpers import SHIPPED

from foi import console as sandbox
from foi.build import build
from foi.console import (
    ExportTooLarge,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    check_sql,
    export_query,
    open_sandbox,
    run_query,
)
from foi.importing import ImportOptions, import_files
from foi.summary import summarise

ROOT = Path(__file__).resolve().parent.parent
MET = "met-project-cull"
OTHER = "other"
SLOW = "SELECT count(*) FROM range(100000000) a, range(100000) b"  # minutes, little memory


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def two_dataset_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data plus a tiny second dataset, `other`, in one database file."""
    folder = tmp_path_factory.mktemp("sandbox")
    path = folder / "foi.duckdb"
    build(ROOT / "data", path)
    table = folder / "other.csv"
    table.write_text(
        "Project,Status,Amount (£)\nAlpha,Live,1000\nBeta,Stopped,2000\n", encoding="utf-8"
    )
    import_files([table], path, ImportOptions(dataset=OTHER))
    return path


@pytest.fixture(scope="module")
def original_hash(two_dataset_db: Path) -> str:
    return sha256(two_dataset_db)


@pytest.fixture(autouse=True)
def _unchanged(two_dataset_db: Path, original_hash: str, monkeypatch: pytest.MonkeyPatch):
    """Every test runs from the repository (relative paths point at real files) and must
    leave the database file exactly as it was."""
    monkeypatch.chdir(ROOT)
    yield
    assert sha256(two_dataset_db) == original_hash


def one(two_dataset_db: Path, sql: str, dataset: str = MET):
    result = run_query(two_dataset_db, dataset, sql)
    return result.table.to_pylist()[0][result.table.column_names[0]]


# --- good queries -----------------------------------------------------------------------------


def test_counts_and_sums_are_the_datasets_own(two_dataset_db):
    assert one(two_dataset_db, "SELECT count(*) FROM projects") == 150
    assert one(
        two_dataset_db, "SELECT sum(amount_gbp) FROM figures WHERE subject_id = 'stopped'"
    ) == Decimal(24_000_000)
    assert (
        one(two_dataset_db, "SELECT count(*) FROM group_members WHERE group_id = 'stopped'") == 20
    )
    assert one(two_dataset_db, "SELECT count(*) FROM projects", OTHER) == 2


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("WITH s AS (SELECT status FROM projects) SELECT count(*) FROM s", 150),
        ("VALUES (42)", 42),
        ("FROM (SELECT 7 AS n)", 7),
        ("SELECT count(*) FROM projects;", 150),
        ("SELECT count(*) FROM projects; -- a note after the end", 150),
        ("-- a note first\nSELECT count(*) FROM projects -- and at the end", 150),
        ("SELECT count(*) FROM projects WHERE name <> 'a;b' /* ; DROP TABLE x */", 150),
        ("SELECT count(*) FROM range(10) t(x), unnest([1, 2])", 20),
        ("SELECT library_version FROM pragma_version()", "v" + duckdb.__version__),
    ],
)
def test_select_forms_run(two_dataset_db, sql, expected):
    assert one(two_dataset_db, sql) == expected


def test_describe_show_and_summarize_run(two_dataset_db):
    described = run_query(two_dataset_db, MET, "DESCRIBE projects").table.to_pylist()
    types = {r["column_name"]: r["column_type"] for r in described}
    assert types["named"] == "BOOLEAN" and types["project_id"] == "VARCHAR"
    tables = {r["name"] for r in run_query(two_dataset_db, MET, "SHOW TABLES").table.to_pylist()}
    assert {"figures", "projects", "figure_rows", "group_members", "datasets"} <= tables
    summary = run_query(two_dataset_db, MET, "SUMMARIZE projects").table.to_pylist()
    assert len(summary) == len(described)
    (named,) = [r for r in summary if r["column_name"] == "project_id"]
    assert named["count"] == 150


def test_types_the_grid_cannot_show_come_back_as_duckdbs_text(two_dataset_db):
    sql = "SELECT INTERVAL 3 DAY AS i, [1, 2] AS l, 7::HUGEINT AS h, 1.50::DECIMAL(9,2) AS d"
    (row,) = run_query(two_dataset_db, MET, sql).table.to_pylist()
    assert row == {"i": "3 days", "l": "[1, 2]", "h": "7", "d": Decimal("1.50")}
    table = pq.read_table(io.BytesIO(export_query(two_dataset_db, MET, sql, "parquet")))
    assert table.column("l").to_pylist() == [[1, 2]]  # downloads keep the real types


def test_views_show_only_the_current_dataset(two_dataset_db):
    for dataset in (MET, OTHER):
        for table in {row["table"] for row in sandbox.schema(two_dataset_db, dataset)}:
            result = run_query(two_dataset_db, dataset, f"SELECT DISTINCT dataset FROM {table}")
            seen = {r["dataset"] for r in result.table.to_pylist()}
            assert seen <= {dataset}, table  # empty for a table the import did not fill
        for table in ("figures", "projects", "sources", "datasets", "figure_rows"):
            result = run_query(two_dataset_db, dataset, f"SELECT DISTINCT dataset FROM {table}")
            assert result.table.column("dataset").to_pylist() == [dataset], table
    # The attached file itself is readable as db.*, as documented: both datasets are there.
    result = run_query(two_dataset_db, MET, "SELECT DISTINCT dataset FROM db.figures ORDER BY 1")
    assert [r["dataset"] for r in result.table.to_pylist()] == sorted([*SHIPPED, OTHER])


def test_paging_and_total_rows(two_dataset_db):
    sql = "SELECT project_id FROM projects ORDER BY project_id"
    con = duckdb.connect(str(two_dataset_db), read_only=True)
    try:
        expected = [
            r[0]
            for r in con.execute(
                "SELECT project_id FROM projects WHERE dataset = ? ORDER BY project_id", [MET]
            ).fetchall()
        ]
    finally:
        con.close()
    first = run_query(two_dataset_db, MET, sql)
    second = run_query(two_dataset_db, MET, sql, limit=100, offset=100)
    assert first.total_rows == second.total_rows == 150
    assert first.table.num_rows == 100 and second.table.num_rows == 50
    assert first.table.column("project_id").to_pylist() == expected[:100]
    assert second.table.column("project_id").to_pylist() == expected[100:]
    assert run_query(two_dataset_db, MET, sql, limit=10, offset=500).table.num_rows == 0
    assert first.elapsed > 0


def test_check_sql_returns_the_one_statement_without_its_terminator():
    assert check_sql("SELECT 1;") == "SELECT 1"
    assert check_sql("  SELECT 'a;b' ;; -- done\n") == "SELECT 'a;b'"
    assert check_sql("-- why\nSELECT 1 -- note") == "-- why\nSELECT 1 -- note"


@pytest.mark.parametrize(
    "sql",
    ["", "   ", "-- only a comment", "SELECT 1; SELECT 2", "x" * 5_001, "SELECT '\x00'"],
)
def test_check_sql_refuses_empty_multiple_long_and_nul(sql):
    with pytest.raises(QueryRefused):
        check_sql(sql)


# --- escape attempts --------------------------------------------------------------------------

R, F = QueryRefused, QueryFailed

#: (query, what must happen). {tmp} is a fresh folder, {db} the database file's path.
CORPUS = [
    ("SELECT * FROM read_csv('/etc/passwd')", R),
    ("SELECT * FROM read_csv_auto('/etc/passwd')", R),
    ("SELECT * FROM read_text('/etc/passwd')", R),
    ("SELECT * FROM read_blob('/etc/passwd')", R),
    ("SELECT * FROM glob('/*')", R),
    ("FROM glob('/*')", R),
    ("SELECT * FROM sniff_csv('/etc/passwd')", R),
    ("SELECT * FROM read_parquet('/work/main/data/anything.parquet')", R),
    ("SELECT * FROM read_json('/etc/passwd')", R),
    ("SELECT * FROM read_duckdb('{db}', table_name := 'figures')", R),
    ("SELECT (SELECT content FROM read_text('/etc/passwd'))", R),
    ("SELECT * FROM figures WHERE EXISTS (FROM glob('/*'))", R),
    ("SELECT * FROM 'data/sources.csv'", F),  # a replacement scan of a real file
    ("SELECT * FROM '/etc/passwd'", F),
    ("SELECT * FROM 'https://example.com/x.csv'", F),
    ("COPY (SELECT 1) TO '{tmp}/x.csv'", R),
    ("EXPORT DATABASE '{tmp}/export'", R),
    ("ATTACH ':memory:' AS x", R),
    ("ATTACH '{tmp}/evil.duckdb' AS evil", R),
    ("DETACH db", R),
    ("INSTALL httpfs", R),
    ("LOAD httpfs", R),
    ("UPDATE EXTENSIONS", R),
    ("SET enable_external_access = true", R),
    ("RESET enable_external_access", R),
    ("SET memory_limit = '10GB'", R),
    ("SET VARIABLE x = 1", R),
    ("PRAGMA enable_profiling", R),
    ("CALL pragma_version()", R),  # CALL is refused; SELECT * FROM pragma_version() is fine
    ("CREATE TABLE x AS SELECT 1", R),
    ("CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')", R),
    ("INSERT INTO db.figures (dataset) VALUES ('x')", R),
    ("DELETE FROM db.figures", R),
    ("WITH x AS (SELECT 1) DELETE FROM db.figures", R),
    ("UPDATE db.sources SET title = 'changed'", R),
    ("DROP TABLE db.figures", R),
    ("SELECT 1; DROP TABLE db.figures", R),
    ("SELECT 1 /* a comment */; -- hidden\n DROP TABLE db.figures", R),
    ("SELECT 1 --\n; DROP TABLE db.figures", R),
    ("CHECKPOINT", R),
    ("VACUUM", R),
    ("USE db", R),
    ("BEGIN TRANSACTION", R),
    ("PREPARE p AS SELECT 1", R),
    ("EXPLAIN ANALYZE SELECT 1", R),
    ("PIVOT figures ON basis USING count(*)", R),
    ("SELECT * FROM duckdb_secrets()", R),  # harmless, but outside the allow-list
    ("SELECT getenv('HOME')", R),
    ("SELECT current_setting('secret_directory')", R),
    ("SELECT * FROM duckdb_settings()", R),
    ("SELECT * FROM duckdb_databases()", R),  # would show the file's path on the server
    ("SELECT * FROM duckdb_databases", R),
    ("SELECT * FROM system.main.duckdb_databases", R),
    ("SELECT * FROM pragma_database_list", R),
    ("SELECT * FROM pg_settings", R),
    ("SELECT * FROM query('SELECT 42')", R),  # SQL from a string would skip the checker
    ("SELECT * FROM query_table('figures')", R),
    ("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", R),
    ("SELECT * FROM checkpoint('db')", R),
    ("SELECT * FROM enable_logging()", R),
    ("SELECT * FROM pandas_scan(1)", R),
    ("SELECT $1", R),
    ("SELECT * FROM nonexistent_table", F),
]


@pytest.mark.parametrize(("sql", "outcome"), CORPUS, ids=[c[0][:60] for c in CORPUS])
def test_escape_attempt_is_refused_or_fails(two_dataset_db, tmp_path, sql, outcome):
    text = sql.format(tmp=tmp_path, db=two_dataset_db)
    with pytest.raises(outcome) as caught:
        run_query(two_dataset_db, MET, text)
    assert str(two_dataset_db) not in str(caught.value)
    assert list(tmp_path.iterdir()) == [], "nothing may be written"
    with pytest.raises((QueryRefused, QueryFailed)):
        export_query(two_dataset_db, MET, text, "csv")
    assert list(tmp_path.iterdir()) == []


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30


#: Run straight on a locked sandbox connection, skipping check_sql: DuckDB must refuse each.
BYPASS = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM 'data/sources.csv'",
    "SELECT * FROM read_parquet('{tmp}/x.parquet')",
    "SELECT * FROM read_csv('https://example.com/x.csv')",
    "SELECT * FROM read_duckdb('{copy}', table_name := 'figures')",
    "COPY (SELECT 1) TO '{tmp}/x.csv'",
    "COPY db.figures TO '{tmp}/figures.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{tmp}/export'",
    "ATTACH '{tmp}/evil.duckdb' AS evil",
    "ATTACH '{copy}' AS copy",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET allowed_directories = ['/']",
    "SET memory_limit = '10GB'",
    "SET threads = 8",
    "PRAGMA enable_profiling",
    "SELECT * FROM enable_logging()",
    "INSERT INTO db.figures (dataset) VALUES ('x')",
    "DELETE FROM db.figures",
    "UPDATE db.sources SET title = 'changed'",
    "DROP TABLE db.figures",
    "CREATE TABLE db.main.x AS SELECT 1",
    "SELECT getenv('HOME')",
    "SELECT * FROM duckdb_secrets()",
]


@pytest.mark.parametrize("statement", BYPASS)
def test_locked_connection_stops_escapes_even_without_the_checker(
    two_dataset_db, tmp_path, statement
):
    copy = tmp_path / "copy" / "other.duckdb"
    copy.parent.mkdir()
    shutil.copy2(two_dataset_db, copy)
    con = open_sandbox(two_dataset_db, MET)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(statement.format(tmp=tmp_path, copy=copy)).fetchall()
    finally:
        con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


def test_sandbox_settings_are_locked(two_dataset_db):
    con = open_sandbox(two_dataset_db, MET)
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings()").fetchall())
        ((path,),) = con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = 'db'"
        ).fetchall()
    finally:
        con.close()
    assert settings["enable_external_access"] == "false"
    assert settings["lock_configuration"] == "true"
    assert settings["allow_community_extensions"] == "false"
    assert settings["autoinstall_known_extensions"] == "false"
    assert settings["autoload_known_extensions"] == "false"
    assert settings["python_enable_replacements"] == "false"
    assert settings["threads"] == "1"
    assert settings["memory_limit"].endswith("MiB") and float(settings["memory_limit"][:-4]) < 600
    assert settings["allowed_directories"] == "[]"
    assert Path(path) == two_dataset_db  # attached READ_ONLY (the writes above all fail)


def test_a_file_that_is_not_an_explorer_database_is_an_error_not_a_crash(tmp_path):
    stranger = tmp_path / "stranger.duckdb"
    duckdb.connect(str(stranger)).close()
    with pytest.raises(QueryFailed) as caught:
        run_query(stranger, MET, "SELECT 1")
    assert str(tmp_path) not in str(caught.value)
    with pytest.raises(QueryFailed):
        run_query(tmp_path / "missing.duckdb", MET, "SELECT 1")


def test_unknown_dataset_is_refused(two_dataset_db):
    with pytest.raises(QueryRefused):
        run_query(two_dataset_db, "nope' OR 1=1 --", "SELECT 1")


# --- limits -----------------------------------------------------------------------------------


def test_runaway_query_is_stopped_by_the_time_limit(two_dataset_db):
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        run_query(two_dataset_db, MET, SLOW, timeout=1.0)
    assert time.monotonic() - started < 1.0 + 2.0


def test_default_time_limit_is_five_seconds(two_dataset_db):
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="5 seconds"):
        run_query(two_dataset_db, MET, SLOW)
    assert 4.5 < time.monotonic() - started < 5.0 + 2.0


def test_a_slow_query_does_not_hold_up_anyone_else(two_dataset_db):
    box: dict[str, BaseException] = {}

    def slow() -> None:
        try:
            run_query(two_dataset_db, MET, SLOW, timeout=4.0)
        except QueryTimeout as exc:
            box["slow"] = exc

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert one(two_dataset_db, "SELECT count(*) FROM projects") == 150
    assert time.monotonic() - started < 1.5
    worker.join()
    assert isinstance(box.get("slow"), QueryTimeout)


def test_export_has_a_time_and_size_limit(two_dataset_db):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        export_query(two_dataset_db, MET, SLOW, "csv", timeout=1.0)
    assert time.monotonic() - started < 3.0
    with pytest.raises(ExportTooLarge):
        export_query(
            two_dataset_db,
            MET,
            "SELECT repeat('x', 1000) FROM range(1000000)",
            "csv",
            max_bytes=10**6,
        )


def test_out_of_memory_is_an_error_not_a_crash(two_dataset_db):
    with pytest.raises(QueryFailed, match="memory"):
        run_query(
            two_dataset_db,
            MET,
            "SELECT count(*) FROM (SELECT * FROM range(100000000) ORDER BY random())",
        )


# --- downloads --------------------------------------------------------------------------------


def test_csv_export_holds_every_row_of_the_dataset_only(two_dataset_db):
    data = export_query(
        two_dataset_db, MET, "SELECT figure_id, dataset, amount_gbp FROM figures", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == 51
    assert {r["dataset"] for r in rows} == {MET}
    assert {r["amount_gbp"] for r in rows if r["figure_id"] == "G-STOPPED"} == {"24000000.00"}


def test_parquet_and_json_exports_hold_the_whole_result(two_dataset_db):
    sql = "SELECT project_id, named FROM projects ORDER BY project_id"
    table = pq.read_table(io.BytesIO(export_query(two_dataset_db, MET, sql, "parquet")))
    assert table.num_rows == 150 and table.column_names == ["project_id", "named"]
    rows = json.loads(export_query(two_dataset_db, MET, sql, "json"))
    assert len(rows) == 150 and rows[0].keys() == {"project_id", "named"}
    with pytest.raises(ValueError):
        export_query(two_dataset_db, MET, sql, "xlsx")


# --- schema browser and examples --------------------------------------------------------------


def test_schema_lists_every_view_with_types_and_descriptions(two_dataset_db):
    columns = sandbox.schema(two_dataset_db, MET)
    tables = [c["table"] for c in columns]
    for name in ("figures", "sources", "projects", "groups", "statuses", "organisations"):
        assert name in tables
    for name in ("events", "discrepancies", "datasets", "figure_rows", "group_members"):
        assert name in tables
    by_key = {(c["table"], c["column"]): c for c in columns}
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (figures,) = [r for r in package["resources"] if r["name"] == "figures"]
    (amount,) = [f for f in figures["schema"]["fields"] if f["name"] == "amount_gbp"]
    assert by_key[("figures", "amount_gbp")]["description"] == amount["description"]
    assert by_key[("figures", "amount_gbp")]["type"] == "DECIMAL(18,2)"
    assert by_key[("figure_rows", "claim")]["description"] == (sandbox.COLUMN_DESCRIPTIONS["claim"])
    assert [c for c in columns if not c["description"]] == []


def test_examples_are_questions_that_run_as_loaded(two_dataset_db):
    found = sandbox.examples()
    assert "what_changed" in found and "status_counts" not in found
    for name, sql in found.items():
        assert "$" not in sql, name
        for dataset in (MET, OTHER):
            run_query(two_dataset_db, dataset, sql)  # raises if an example does not run
    assert sandbox.example_title("unnamed_projects", found["unnamed_projects"]).startswith(
        "Where are projects"
    )


# --- afterwards -------------------------------------------------------------------------------


def test_database_is_unchanged_and_the_headline_still_reads_147(two_dataset_db, original_hash):
    assert sha256(two_dataset_db) == original_hash
    con = duckdb.connect(str(two_dataset_db), read_only=True)
    try:
        assert summarise(con, MET)["live_projects"] == 147
    finally:
        con.close()


def test_a_console_csv_never_carries_a_live_spreadsheet_formula(two_dataset_db):
    sql = "SELECT '=HYPERLINK(''https://evil.example'')' AS link, -5 AS amount, '-5' AS text"
    data = export_query(two_dataset_db, MET, sql, "csv").decode("utf-8")
    header, row = data.strip().splitlines()
    assert header == "link,amount,text"
    assert row.startswith("\"'=HYPERLINK(") or row.startswith("'=HYPERLINK(")
    assert row.endswith(",-5,-5")  # a number, and text that is a plain number, stay as given

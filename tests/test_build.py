"""The build: a clean build loads every row; a bad input is refused whole, precisely located,
and leaves the previous database byte-for-byte as it was.

Bad inputs are made on a copy of data/ (the `data_copy` fixture); the CLI is run
as a user runs it, `python -m foi build --data X --db Y`, from the repository root.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from helpers import DATA_DIR, DATASET, ROOT, read_csv

import foi.build
from foi.build import TABLES, build, needs_build, validate
from foi.datapackage import Problem, ValidationFailed

FIGURES_IN_SHIPPED_DATA = 51

GMPP_DIRS = sorted(DATA_DIR.glob("gmpp-*"))


# --- helpers ---------------------------------------------------------------------------------


def _csv_records(path: Path) -> int:
    """Data rows in a CSV (header excluded, blank lines ignored), counted with the csv module."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _set_cell(data: Path, file: str, key: str, column: str, value: str) -> int:
    """Set one cell of the row whose first column is `key`; return its spreadsheet row number."""
    header, rows = _read(data / file)
    col = header.index(column)
    for i, row in enumerate(rows):
        if row[0] == key:
            row[col] = value
            _write(data / file, header, rows)
            return i + 2
    raise AssertionError(f"{key} not in {file}")


def _row_of(data: Path, file: str, key: str) -> int:
    _, rows = _read(data / file)
    return next(i + 2 for i, r in enumerate(rows) if r[0] == key)


def _delete_row(data: Path, file: str, key: str) -> None:
    header, rows = _read(data / file)
    kept = [r for r in rows if r[0] != key]
    assert len(kept) == len(rows) - 1
    _write(data / file, header, kept)


def _fingerprint(db: Path) -> tuple[str, int]:
    return hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns


def _figure_count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM figures WHERE dataset = ?", [DATASET]).fetchone()[
            0
        ]
    finally:
        con.close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foi", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- a clean build ---------------------------------------------------------------------------


def test_clean_build_loads_every_row_of_every_csv(built_db: Path) -> None:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        for table in TABLES:
            expected = _csv_records(DATA_DIR / f"{table}.csv")
            got = con.execute(
                f"SELECT count(*) FROM {table} WHERE dataset = ?", [DATASET]
            ).fetchone()[0]
            assert got == expected, table
        datasets = con.execute("SELECT dataset, is_default FROM datasets").fetchall()
    finally:
        con.close()
    # The curated dataset is the default; the GMPP releases under data/gmpp-*/ are not.
    assert sorted(datasets) == sorted([(DATASET, True), *((p.name, False) for p in GMPP_DIRS)])


def test_clean_build_reports_the_counts_it_wrote(tmp_path: Path) -> None:
    result = build(DATA_DIR, tmp_path / "foi.duckdb")
    assert result.db_path == tmp_path / "foi.duckdb"
    assert result.warnings == ()
    assert result.datasets[DATASET] == {t: _csv_records(DATA_DIR / f"{t}.csv") for t in TABLES}
    for folder in GMPP_DIRS:  # a shipped release: every record of its published file
        (published,) = folder.glob("*.csv")
        assert result.datasets[folder.name] == {published.name: _csv_records(published)}
    assert result.datasets[DATASET]["figures"] == FIGURES_IN_SHIPPED_DATA
    assert result.datasets[DATASET]["projects"] == 150


def test_clean_build_keeps_withheld_amounts_null_not_zero(built_db: Path) -> None:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        rows = con.execute(
            "SELECT dataset, count(*), count(amount_gbp) FROM figures "
            "WHERE disclosure = 'withheld' GROUP BY dataset"
        ).fetchall()
    finally:
        con.close()
    by_dataset = {r[0]: (r[1], r[2]) for r in rows}
    assert by_dataset[DATASET] == (37, 0)
    # The GMPP releases' "Exempt under Section ..." cells: withheld, never an amount.
    for folder in GMPP_DIRS:
        withheld, with_amount = by_dataset[folder.name]
        assert withheld > 0 and with_amount == 0, folder.name


def test_cli_build_succeeds_and_names_the_database(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    proc = _cli("build", "--data", str(DATA_DIR), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert f"database: {db}" in proc.stdout
    assert f"{FIGURES_IN_SHIPPED_DATA} figures" in proc.stdout
    assert _figure_count(db) == FIGURES_IN_SHIPPED_DATA


# --- bad inputs ------------------------------------------------------------------------------
# Each case corrupts the copy and returns (file, row, column, fragment of the problem).

Expected = tuple[str, int | None, str | None, str]


def _unknown_source(d: Path) -> Expected:
    row = _set_cell(d, "figures.csv", "CC-SPENT-ES", "source_id", "NO-SUCH-SOURCE")
    return "figures.csv", row, "source_id", "unknown sources id 'NO-SUCH-SOURCE'"


def _duplicate_figure_id(d: Path) -> Expected:
    first = _row_of(d, "figures.csv", "W-01")
    row = _set_cell(d, "figures.csv", "W-02", "figure_id", "W-01")
    return "figures.csv", row, "figure_id", f"duplicate id 'W-01' (first on row {first})"


def _amount_not_a_number(d: Path) -> Expected:
    row = _set_cell(d, "figures.csv", "G-STOPPED", "amount_gbp", "£24m")
    return "figures.csv", row, "amount_gbp", "'£24m' is not a number"


def _bad_enum(d: Path) -> Expected:
    row = _set_cell(d, "figures.csv", "CC-SPENT-ES", "disclosure", "secret")
    return "figures.csv", row, "disclosure", "'secret' is not one of"


def _bad_date(d: Path) -> Expected:
    row = _set_cell(d, "events.csv", "E06", "event_date", "2016-03-32")
    return "events.csv", row, "event_date", "'2016-03-32' is not a date"


def _missing_column(d: Path) -> Expected:
    header, rows = _read(d / "figures.csv")
    col = header.index("claim")
    _write(
        d / "figures.csv",
        header[:col] + header[col + 1 :],
        [r[:col] + r[col + 1 :] for r in rows],
    )
    return "figures.csv", 1, "claim", "column is missing"


def _extra_column(d: Path) -> Expected:
    header, rows = _read(d / "figures.csv")
    _write(d / "figures.csv", [*header, "colour"], [[*r, "red"] for r in rows])
    return "figures.csv", 1, "colour", "unknown column"


def _withheld_with_amount(d: Path) -> Expected:
    row = _set_cell(d, "figures.csv", "W-01", "amount_gbp", "1000000")
    return "figures.csv", row, "amount_gbp", "a withheld figure must not carry an amount"


def _disclosed_without_amount(d: Path) -> Expected:
    row = _set_cell(d, "figures.csv", "CC-SPENT-ES", "amount_gbp", "")
    return "figures.csv", row, "amount_gbp", "a disclosed figure needs an amount"


def _member_count_broken(d: Path) -> Expected:
    _delete_row(d, "projects.csv", "live-unnamed-110")
    row = _row_of(d, "groups.csv", "portfolio")
    return "groups.csv", row, "member_count", "says 147 projects but projects.csv has 146"


def _invalid_json(d: Path) -> Expected:
    path = d / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('"name": "met-project-cull",', '"name": "met-project-cull"', 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    try:
        json.loads(broken)
    except json.JSONDecodeError as exc:
        line = exc.lineno
    else:
        raise AssertionError("the corrupted descriptor still parses")
    return "datapackage.json", line, None, "is not valid JSON"


def _not_utf8(d: Path) -> Expected:
    path = d / "sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252"))
    first_pound = text.splitlines().index(next(ln for ln in text.splitlines() if "£" in ln))
    return "sources.csv", first_pound + 1, None, "is not UTF-8 text"


BAD_INPUTS: dict[str, Callable[[Path], Expected]] = {
    "unknown-source-id": _unknown_source,
    "duplicate-figure-id": _duplicate_figure_id,
    "amount-not-a-number": _amount_not_a_number,
    "bad-enum": _bad_enum,
    "bad-date": _bad_date,
    "missing-column": _missing_column,
    "extra-column": _extra_column,
    "withheld-with-amount": _withheld_with_amount,
    "disclosed-without-amount": _disclosed_without_amount,
    "member-count-broken": _member_count_broken,
    "invalid-json": _invalid_json,
    "not-utf8": _not_utf8,
}


def _location(file: str, row: int | None, column: str | None) -> str:
    where = file
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column!r}"
    return where


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_validation_locates_each_problem(case: str, data_copy: Path) -> None:
    file, row, column, fragment = BAD_INPUTS[case](data_copy)
    with pytest.raises(ValidationFailed) as info:
        validate(data_copy)
    problems: list[Problem] = info.value.problems
    matching = [
        p
        for p in problems
        if (p.file, p.row, p.column) == (file, row, column) and fragment in p.message
    ]
    assert matching, "\n".join(map(str, problems))


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_cli_refuses_bad_input_and_keeps_the_old_database(
    case: str, data_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db" / "foi.duckdb"
    build(DATA_DIR, db)
    before = _fingerprint(db)
    file, row, column, fragment = BAD_INPUTS[case](data_copy)

    proc = _cli("build", "--data", str(data_copy), "--db", str(db))

    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "the database was not changed" in proc.stderr
    assert f"{_location(file, row, column)}: " in proc.stderr, proc.stderr
    assert fragment in proc.stderr
    assert _fingerprint(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["foi.duckdb"]
    assert _figure_count(db) == FIGURES_IN_SHIPPED_DATA


def test_deleting_a_stopped_placeholder_breaks_every_enclosing_group(data_copy: Path) -> None:
    _delete_row(data_copy, "projects.csv", "stopped-unnamed-17")
    _delete_row(data_copy, "figures.csv", "W-20")  # its withheld figure, so only counts break
    with pytest.raises(ValidationFailed) as info:
        validate(data_copy)
    broken = {
        (p.row, p.column)
        for p in info.value.problems
        if p.file == "groups.csv" and "projects.csv has" in p.message
    }
    assert broken == {
        (_row_of(data_copy, "groups.csv", g), "member_count")
        for g in ("portfolio", "cull", "stopped")
    }
    assert len(info.value.problems) == 3


def test_validation_lists_every_problem_not_only_the_first(data_copy: Path) -> None:
    _amount_not_a_number(data_copy)
    _bad_enum(data_copy)
    _bad_date(data_copy)
    with pytest.raises(ValidationFailed) as info:
        validate(data_copy)
    columns = {p.column for p in info.value.problems}
    assert {"amount_gbp", "disclosure", "event_date"} <= columns


def test_bad_build_into_a_new_path_creates_no_database(data_copy: Path, tmp_path: Path) -> None:
    _bad_enum(data_copy)
    db = tmp_path / "new" / "foi.duckdb"
    proc = _cli("build", "--data", str(data_copy), "--db", str(db))
    assert proc.returncode != 0
    assert not db.exists()
    assert not db.parent.exists() or list(db.parent.iterdir()) == []


def test_failure_while_writing_leaves_no_temporary_file(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after validation, with the new file half written, must remove that file
    and leave the old database as it was."""
    db = tmp_path / "db" / "foi.duckdb"
    build(DATA_DIR, db)
    before = _fingerprint(db)
    written: list[Path] = []

    def fail_after_inserting(con: duckdb.DuckDBPyConnection, old_db: Path, rebuilt) -> None:
        written.extend(p for p in db.parent.iterdir() if p.name != "foi.duckdb")
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] > 0
        raise RuntimeError("disk full")

    monkeypatch.setattr(foi.build, "_carry_over", fail_after_inserting)
    with pytest.raises(RuntimeError, match="disk full"):
        build(data_copy, db)
    assert written, "the failure was meant to happen with a temporary file on disk"
    assert sorted(p.name for p in db.parent.iterdir()) == ["foi.duckdb"]
    assert _fingerprint(db) == before


def test_amount_too_large_for_the_database_is_refused_by_validation(
    data_copy: Path, tmp_path: Path
) -> None:
    """A number the figures table cannot hold must be a located validation problem,
    not a DuckDB traceback from half-way through the build."""
    row = _set_cell(data_copy, "figures.csv", "G-STOPPED", "amount_gbp", "1" + "0" * 20)
    db = tmp_path / "db" / "foi.duckdb"
    proc = _cli("build", "--data", str(data_copy), "--db", str(db))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert f"figures.csv, row {row}, column 'amount_gbp'" in proc.stderr


def test_integer_too_large_for_the_database_is_refused_by_validation(
    data_copy: Path, tmp_path: Path
) -> None:
    """statuses.sort_order is an INTEGER column: a value past its range must be a located
    validation problem, like an amount past DECIMAL(18, 2), not a DuckDB conversion error."""
    row = _set_cell(data_copy, "statuses.csv", "live", "sort_order", "99999999999")
    db = tmp_path / "db" / "foi.duckdb"
    proc = _cli("build", "--data", str(data_copy), "--db", str(db))
    assert proc.returncode != 0
    assert not db.exists()
    assert f"statuses.csv, row {row}, column 'sort_order'" in proc.stderr, proc.stderr


def test_amount_with_fractions_of_a_penny_is_not_silently_rounded(
    data_copy: Path, tmp_path: Path
) -> None:
    """DECIMAL(18, 2) would store 10000000.005 as 10000000.01: the build must refuse a
    figure it cannot hold exactly rather than change it."""
    row = _set_cell(data_copy, "figures.csv", "DIP-VALUE", "amount_gbp", "10000000.005")
    with pytest.raises(ValidationFailed) as info:
        build(data_copy, tmp_path / "foi.duckdb")
    located = [
        p
        for p in info.value.problems
        if (p.file, p.row, p.column) == ("figures.csv", row, "amount_gbp")
    ]
    assert located, "\n".join(map(str, info.value.problems))


def test_descriptor_resource_without_a_schema_is_a_located_problem(
    data_copy: Path, tmp_path: Path
) -> None:
    """Valid JSON that does not describe a resource properly must be refused like any
    other bad input (file, what is wrong), not crash the build with a KeyError."""
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    del events["schema"]
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    db = tmp_path / "db" / "foi.duckdb"
    build(DATA_DIR, db)
    before = _fingerprint(db)

    proc = _cli("build", "--data", str(data_copy), "--db", str(db))

    assert proc.returncode != 0
    assert _fingerprint(db) == before
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "datapackage.json" in proc.stderr
    assert "schema" in proc.stderr
    with pytest.raises(ValidationFailed):
        validate(data_copy)


# --- needs_build and carrying other datasets over ---------------------------------------------


def test_needs_build_when_the_database_is_missing(data_copy: Path, tmp_path: Path) -> None:
    assert needs_build(data_copy, tmp_path / "absent.duckdb") is True


def test_needs_build_is_false_right_after_a_build(data_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    build(data_copy, db)
    assert needs_build(data_copy, db) is False


def test_needs_build_after_touching_a_csv(data_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    build(data_copy, db)
    later = db.stat().st_mtime + 10
    os.utime(data_copy / "events.csv", (later, later))
    assert needs_build(data_copy, db) is True


def test_needs_build_after_touching_the_descriptor(data_copy: Path, tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    build(data_copy, db)
    later = db.stat().st_mtime + 10
    os.utime(data_copy / "datapackage.json", (later, later))
    assert needs_build(data_copy, db) is True


def test_rebuild_carries_over_a_dataset_only_in_the_old_database(
    data_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "foi.duckdb"
    build(data_copy, db)
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "INSERT INTO datasets (dataset, title, is_default) VALUES ('other', 'Imported', false)"
        )
        con.execute(
            "INSERT INTO sources (dataset, source_id, publisher, published, kind, title, url) "
            "VALUES ('other', 'SRC-1', 'A council', '2020-01', 'foi_response', 'A response', "
            "'https://example.org/foi/1')"
        )
    finally:
        con.close()

    result = build(data_copy, db)

    assert result.warnings == ()
    con = duckdb.connect(str(db), read_only=True)
    try:
        datasets = con.execute("SELECT dataset, title FROM datasets ORDER BY dataset").fetchall()
        sources = con.execute(
            "SELECT source_id, publisher, url FROM sources WHERE dataset = 'other'"
        ).fetchall()
        figures = con.execute(
            "SELECT count(*) FROM figures WHERE dataset = ?", [DATASET]
        ).fetchone()[0]
    finally:
        con.close()
    assert ("other", "Imported") in datasets
    assert len(datasets) == 2
    assert sources == [("SRC-1", "A council", "https://example.org/foi/1")]
    assert figures == FIGURES_IN_SHIPPED_DATA


def test_rebuild_replaces_rather_than_duplicates_the_shipped_dataset(
    data_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "foi.duckdb"
    build(data_copy, db)
    _set_cell(data_copy, "figures.csv", "DIP-VALUE", "amount_gbp", "11000000")
    build(data_copy, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT amount_gbp FROM figures WHERE figure_id = 'DIP-VALUE'"
        ).fetchall()
        total = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    finally:
        con.close()
    assert [int(r[0]) for r in rows] == [11_000_000]
    assert total == FIGURES_IN_SHIPPED_DATA


def test_shipped_csvs_are_read_by_the_test_helper_as_the_build_reads_them() -> None:
    """Guard for the counts above: the csv-module reading agrees with a plain line count."""
    assert list(TABLES), "nothing to check: the test would pass on empty data"
    for table in TABLES:
        path = DATA_DIR / f"{table}.csv"
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()]
        assert _csv_records(path) == len(lines) == len(read_csv(path)), table


def test_a_killed_rewrite_leaves_nothing_behind_after_the_next(tmp_path) -> None:
    """A `foi import` killed mid-write leaves .foi.duckdb.import-<pid>-…; the next one sweeps it."""
    import subprocess
    import sys

    from foi.db import rewrite

    db = tmp_path / "foi.duckdb"
    with rewrite(db, purpose="build", copy=False) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS v")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(gone.stdout)
    leftover = tmp_path / f".foi.duckdb.import-{dead}-0123abcd"
    leftover.write_bytes(b"half")
    (tmp_path / f"{leftover.name}.wal").write_bytes(b"wal")
    live = tmp_path / f".foi.duckdb.import-{os.getpid()}-89abcdef"  # a rewrite still running
    live.write_bytes(b"busy")
    with rewrite(db, purpose="import", copy=True) as con:
        assert con.execute("SELECT v FROM t").fetchone() == (1,)
    assert not leftover.exists() and not (tmp_path / f"{leftover.name}.wal").exists()
    assert live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["foi.duckdb", live.name])


def test_the_servers_connection_spills_into_its_own_private_folder_not_data(built_db) -> None:
    from foi.db import SERVER_MEMORY, connect, spill_dir

    with connect(built_db, memory=SERVER_MEMORY) as con:
        (where,) = con.execute("SELECT current_setting('temp_directory')").fetchone()
    assert Path(where) == spill_dir() and spill_dir().is_dir()
    assert built_db.parent not in Path(where).parents and Path(where) != built_db.parent
    assert (spill_dir().stat().st_mode & 0o777) == 0o700


def test_a_rebuilt_file_is_read_anew_while_the_old_connection_is_open(tmp_path) -> None:
    """duckdb.connect(path) returns the instance already open on a path, even once the file
    was replaced; foi.db.reader opens each build afresh, so the pages are never stale."""
    import duckdb

    from foi.db import reader, rewrite
    from foi.queries import cursor

    db = tmp_path / "foi.duckdb"
    with rewrite(db, purpose="build", copy=False) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS v")
    first = reader(db, db.stat().st_mtime, "200MB")
    assert first.execute("SELECT v FROM t").fetchone() == (1,)
    plain = duckdb.connect(str(db), read_only=True)  # what a naive reopen would hold
    with rewrite(db, purpose="import", copy=False) as con:
        con.execute("CREATE TABLE t AS SELECT 2 AS v")
    assert duckdb.connect(str(db), read_only=True).execute("SELECT v FROM t").fetchone() == (1,)
    second = reader(db, db.stat().st_mtime + 1, "200MB")  # a new build (its new mtime)
    assert second.execute("SELECT v FROM t").fetchone() == (2,)
    assert cursor(second).execute("SELECT v FROM t").fetchone() == (2,)  # a page's cursor
    with pytest.raises(duckdb.ConnectionException):
        first.execute("SELECT 1")  # the old build's connection is closed
    plain.close()

"""`python -m foi import`, run as a researcher runs it, on files generated here as exact bytes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import DATASET, ROOT

COLUMN_KEYS = {
    "disclosed",
    "disclosed_total_gbp",
    "withheld",
    "redacted",
    "not_held",
    "not_yet_available",
    "blank",
    "unparsed",
    "unparsed_examples",
}

WLC = "Whole life cost (£m)"
SPEND = "Spend to date (£)"
PROJECTS = [
    ["Major projects portfolio, September 2017"],
    [],
    ["Department", "Project Name", "DCA rating", WLC, SPEND],
    [
        "Home Office",
        "Emergency Services Network",
        "Red",
        "£1.2bn",
        "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)",
    ],
    ["Home Office", "Digital Services at the Border", "Amber", "24", "£32,614"],
    [
        "Ministry of Defence",
        "Core Production Capability",
        "Green",
        "Exempt under Section 24 and 26 of the Freedom of Information Act 2000",
        "(3,000)",
    ],
    ["Ministry of Defence", "Marshall", "Amber", "£500k", "REDACTED"],
    ["Home Office", "Technology Refresh", "Green", "1.5", "Withheld"],
]

PAYMENT_HEADER = [
    "Body Name",
    "Date",
    "Transaction Number",
    "Net Amount",
    "Supplier Name",
    "Expense Type",
    "Expense Area",
    "Supplier Number",
]
PAYMENTS = [
    PAYMENT_HEADER,
    ["Example Council", "2017-11-01", "T1", "1,234.56", "Acme Ltd", "IT", "ICT", "S1"],
    ["Example Council", "02/11/2017", "T2", "-£20.00", "Redacted", "Care", "Adults", ""],
    [
        "Example Council",
        "2017-11-03",
        "T3",
        "99.99",
        "REDACTED PERSONAL DATA",
        "Care",
        "Adults",
        "",
    ],
    ["Example Council", "2017-11-04", "T4", "£5,000.01", "Beta Builders", "Works", "Roads", "S2"],
    ["Example Council", "2017-11-05", "T5", "0.01", "Acme Ltd", "IT", "ICT", "S1"],
    ["Example Council", "2017-11-06", "T6", "300", "Gamma Care", "Care", "Adults", "S3"],
]


def csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def write(folder: Path, name: str, rows: list[list[str]]) -> Path:
    path = folder / name
    path.write_bytes(csv_bytes(rows))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foi", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def import_json(*args: str | Path) -> dict:
    proc = cli("import", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_import_json_for_a_project_table(tmp_path: Path) -> None:
    path = write(tmp_path, "projects.csv", PROJECTS)
    db = tmp_path / "foi.duckdb"
    data = import_json(path, "--dataset", "majors", "--db", db)

    assert {"dataset", "files", "rows_read", "rows_loaded", "columns"} <= data.keys()
    assert data["dataset"] == "majors"
    assert (data["rows_read"], data["rows_loaded"]) == (5, 5)
    [info] = data["files"]
    assert (info["file"], info["encoding"], info["header_row"], info["rows"]) == (
        "projects.csv",
        "utf-8",
        3,
        5,
    )
    assert "redacted_counterparty_rows" not in data  # only payment files have suppliers
    columns = {c["column"]: c for c in data["columns"]}
    assert list(columns) == [WLC, SPEND]
    for column in columns.values():
        assert column.keys() >= COLUMN_KEYS
    wlc = {k: columns[WLC][k] for k in COLUMN_KEYS}
    assert wlc == {
        "disclosed": 4,
        "disclosed_total_gbp": 1_226_000_000,
        "withheld": {"24": 1, "26": 1},
        "redacted": 0,
        "not_held": 0,
        "not_yet_available": 0,
        "blank": 0,
        "unparsed": 0,
        "unparsed_examples": [],
    }
    assert (columns[WLC]["basis"], columns[WLC]["unit"]) == ("whole_life_cost", 1_000_000)
    spend = {k: columns[SPEND][k] for k in COLUMN_KEYS}
    assert spend == {
        "disclosed": 2,
        "disclosed_total_gbp": 29_614,
        "withheld": {"43": 1, "unspecified": 1},
        "redacted": 1,
        "not_held": 0,
        "not_yet_available": 0,
        "blank": 0,
        "unparsed": 0,
        "unparsed_examples": [],
    }
    assert db.is_file()


def test_import_json_for_a_payment_file(tmp_path: Path) -> None:
    path = write(tmp_path, "payments.csv", PAYMENTS)
    data = import_json(path, "--dataset", "council", "--db", tmp_path / "foi.duckdb")
    assert data["shape"] == "payments"
    assert (data["rows_read"], data["rows_loaded"]) == (6, 6)
    assert data["redacted_counterparty_rows"] == 2
    assert Decimal(str(data["redacted_counterparty_gbp"])) == Decimal("79.99")
    assert Decimal(str(data["payments_total_gbp"])) == Decimal("6614.57")
    [column] = data["columns"]
    assert column.keys() >= COLUMN_KEYS
    assert (column["column"], column["basis"], column["disclosed"]) == ("Net Amount", "payment", 6)
    assert Decimal(str(column["disclosed_total_gbp"])) == Decimal("6614.57")
    assert column["withheld"] == {}


def test_plain_report_is_readable(tmp_path: Path) -> None:
    path = write(tmp_path, "projects.csv", PROJECTS)
    proc = cli("import", path, "--dataset", "majors", "--db", tmp_path / "foi.duckdb")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Imported into dataset 'majors' (projects)" in out
    assert "Rows read 5; loaded 5" in out
    assert f"{WLC} (basis whole_life_cost): 4 disclosed totalling £1,226,000,000" in out
    assert f"{SPEND} (basis spent_to_date): 2 disclosed totalling £29,614" in out
    assert not out.lstrip().startswith("{")


def test_plain_report_for_payments_gives_the_redacted_share(tmp_path: Path) -> None:
    path = write(tmp_path, "payments.csv", PAYMENTS)
    proc = cli("import", path, "--dataset", "council", "--db", tmp_path / "foi.duckdb")
    assert proc.returncode == 0, proc.stderr
    assert "Net Amount (basis payment): 6 disclosed totalling £6,614.57" in proc.stdout
    assert "Payments to redacted suppliers: 2 rows, £79.99 (1.2% of £6,614.57)" in proc.stdout


def test_refused_import_exits_1_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    good = write(tmp_path, "projects.csv", PROJECTS)
    import_json(good, "--dataset", "majors", "--db", db)
    before = sha256(db)
    rows = [list(r) for r in PROJECTS]
    rows[4][3] = "see note 4"
    unreadable = write(tmp_path, "unreadable.csv", rows)
    proc = cli("import", unreadable, "--dataset", "other", "--db", db)
    assert proc.returncode == 1
    assert "nothing was loaded" in proc.stderr.lower()
    assert "unreadable.csv row 5: 'see note 4'" in proc.stderr
    assert proc.stdout == ""
    assert sha256(db) == before

    allowed = import_json(unreadable, "--dataset", "other", "--db", db, "--allow-unparsed")
    assert allowed["columns"][0]["unparsed"] == 1
    assert allowed["columns"][0]["unparsed_examples"] == [
        {"file": "unreadable.csv", "row": 5, "text": "see note 4"}
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "foi.duckdb",
        "projects.csv",
        "unreadable.csv",
    ]


def test_malformed_file_exits_1_naming_the_file_and_row(tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    import_json(write(tmp_path, "projects.csv", PROJECTS), "--dataset", "majors", "--db", db)
    before = sha256(db)
    rows = [list(r) for r in PROJECTS]
    rows[5] = rows[5] + ["an extra cell"]
    ragged = write(tmp_path, "ragged.csv", rows)
    proc = cli("import", ragged, "--dataset", "other", "--db", db)
    assert proc.returncode == 1
    assert "ragged.csv, row 6: has 6 cells, header has 5" in proc.stderr
    assert "nothing was loaded" in proc.stderr
    assert sha256(db) == before


def test_importing_the_same_file_again_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    path = write(tmp_path, "payments.csv", PAYMENTS)
    import_json(path, "--dataset", "council", "--db", db)
    before = sha256(db)
    proc = cli("import", path, "--dataset", "council", "--db", db)
    assert proc.returncode == 1
    assert "already holds these files" in proc.stderr
    assert "nothing was loaded" in proc.stderr
    assert sha256(db) == before
    replaced = import_json(path, "--dataset", "council", "--db", db, "--replace")
    assert replaced["rows_loaded"] == 6


def test_summary_of_an_imported_dataset(tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    import_json(write(tmp_path, "projects.csv", PROJECTS), "--dataset", "majors", "--db", db)
    proc = cli("summary", "--dataset", "majors", "--db", db, "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["dataset"] == "majors"
    assert summary["groups"] == []
    assert summary["live_projects"] == 5
    assert summary["discrepancies"] == []
    text = cli("summary", "--dataset", "majors", "--db", db)
    assert text.returncode == 0, text.stderr
    assert "5 live projects" in text.stdout


def test_import_beside_the_shipped_dataset(built_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    shutil.copy2(built_db, db)
    import_json(write(tmp_path, "projects.csv", PROJECTS), "--dataset", "majors", "--db", db)
    shipped = cli("summary", "--dataset", DATASET, "--db", db, "--json")
    assert shipped.returncode == 0, shipped.stderr
    assert json.loads(shipped.stdout)["live_projects"] == 147
    mine = cli("summary", "--dataset", "majors", "--db", db, "--json")
    assert json.loads(mine.stdout)["live_projects"] == 5


def test_unit_and_basis_options(tmp_path: Path) -> None:
    path = write(tmp_path, "projects.csv", PROJECTS)
    data = import_json(
        path,
        "--dataset",
        "majors",
        "--db",
        tmp_path / "foi.duckdb",
        "--unit",
        "m",
        "--basis",
        "whole_life_cost",
    )
    columns = {c["column"]: c for c in data["columns"]}
    assert [(c["basis"], c["unit"]) for c in columns.values()] == [
        ("whole_life_cost", 1_000_000),
        ("whole_life_cost", 1_000_000),
    ]
    # "£1.2bn" and "£500k" keep their own units; "24" and "1.5" are millions
    assert columns[WLC]["disclosed_total_gbp"] == 1_226_000_000
    # "£32,614" and "(3,000)" are now read as millions too
    assert columns[SPEND]["disclosed_total_gbp"] == 29_614_000_000


def test_map_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "projects.csv", PROJECTS)
    data = import_json(
        path,
        "--dataset",
        "majors",
        "--db",
        tmp_path / "foi.duckdb",
        "--map",
        "project=Department",
        "--map",
        "amount:budget=#4",
        "--map",
        "status=-",
    )
    mapping = data["files"][0]["mapping"]
    assert mapping["project"] == "Department"
    assert "status" not in mapping
    assert "organisation" not in mapping
    assert mapping["amounts"] == [
        {"column": WLC, "basis": "budget", "unit": 1_000_000},
        {"column": SPEND, "basis": "spent_to_date", "unit": 1},
    ]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("nonsense=Department", "unknown field 'nonsense'"),
        ("amount:nobasis=#4", "unknown basis 'nobasis'"),
        ("project", "--map expects FIELD=COLUMN"),
        ("project=No Such Column", "'No Such Column' matches no column"),
        ("amount=#99", "there is no column #99"),
    ],
)
def test_bad_map_exits_2_with_a_clear_message(tmp_path: Path, option: str, message: str) -> None:
    path = write(tmp_path, "projects.csv", PROJECTS)
    db = tmp_path / "foi.duckdb"
    proc = cli("import", path, "--dataset", "majors", "--db", db, "--map", option)
    assert message in proc.stderr
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert not db.exists()

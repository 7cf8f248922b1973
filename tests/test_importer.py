"""Tests for foi.importing (the import): a researcher's own disclosure files, imported and accounted for.

Every input is generated here as exact bytes (CSV) or with openpyxl (XLSX), so every expected
count and total below is known before the importer runs. Amount cells cover every form the
domain brief lists; payment files come from a seeded generator whose sums are kept as Decimal.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from helpers import DATASET, SHIPPED

from foi.importing import ImportFailed, ImportOptions, ImportReport, import_files, render_report

D = Decimal
SHIPPED_TABLES = (
    "datasets",
    "sources",
    "organisations",
    "statuses",
    "groups",
    "projects",
    "figures",
    "events",
    "discrepancies",
)


# --- helpers --------------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    """Rows written by the csv module (quoting as Excel does), encoded exactly as asked."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def scalar(db: Path, sql: str, params: list[Any] | None = None) -> Any:
    return query(db, sql, params)[0][0]


def snapshot(db: Path, dataset: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table for one dataset, sorted, to compare before and after."""
    return {
        table: sorted(
            query(db, f"SELECT * FROM {table} WHERE dataset = $1", [dataset]),
            key=repr,
        )
        for table in SHIPPED_TABLES
    }


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def clean(header: str) -> str:
    """A header as the reader labels it: line breaks and runs of spaces folded."""
    return " ".join(header.split())


def locator(file: str, row: int, column: str) -> str:
    return f"{file}, row {row}, column {column!r}"


@pytest.fixture
def shipped_db(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the database built from data/ (met-project-cull), in its own folder."""
    folder = tmp_path / "db"
    folder.mkdir()
    target = folder / "foi.duckdb"
    shutil.copy2(built_db, target)
    return target


# --- a Government Major Projects style table ------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One amount cell: its text, what the report should call it, and what the database holds."""

    text: str
    bucket: str  # disclosed, withheld, redacted, not_held, not_yet_available, blank, unparsed
    amount: str | None = None
    sections: str | None = None
    low: str | None = None
    high: str | None = None
    qualifier: str = "exact"

    @property
    def disclosure(self) -> str:
        return {"blank": "unknown", "unparsed": "unknown"}.get(self.bucket, self.bucket)


S43_LONG = "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)"
S43_DASH = "Exempt - Under Section 43 of the Freedom of Information Act 2000"
S43_SHORT = "Section 43 - Commercial interests"
S24_26 = "Exempt under Section 24 and 26 of the Freedom of Information Act 2000"
EARLY = "Early planning project (not yet passed its business case)"
NOT_POSITION = "The project is not in a position to provide this information"

# Spend to date (£): every form in the domain brief, one per row (rows 5 to 28).
SPEND = [
    Cell("£32,614", "disclosed", "32614.00"),
    Cell("£33.73", "disclosed", "33.73"),
    Cell("32614", "disclosed", "32614.00"),
    Cell("1,329,075.00", "disclosed", "1329075.00"),
    Cell("£24m", "disclosed", "24000000.00"),
    Cell("£1.2bn", "disclosed", "1200000000.00"),
    Cell("£500k", "disclosed", "500000.00"),
    Cell("-£3,000", "disclosed", "-3000.00"),
    Cell("(3,000)", "disclosed", "-3000.00"),
    Cell(
        "Low: 2,750.00, Mid: 2,820.00, High: 3,100.00",
        "disclosed",
        "2820.00",
        low="2750.00",
        high="3100.00",
        qualifier="range",
    ),
    Cell(S43_LONG, "withheld", sections="43"),
    Cell(S43_DASH, "withheld", sections="43"),
    Cell(S43_SHORT, "withheld", sections="43"),
    Cell(S24_26, "withheld", sections="24;26"),
    Cell(EARLY, "not_yet_available"),
    Cell(NOT_POSITION, "not_yet_available"),
    Cell("REDACTED", "redacted"),
    Cell("Withheld", "withheld"),
    Cell("n/a", "blank"),
    Cell("NA", "blank"),
    Cell("#N/A", "blank"),
    Cell("-", "blank"),
    Cell("", "blank"),
    Cell("see note 4", "unparsed"),
]

# Baseline whole life cost (£m): plain numbers are millions, a unit in the cell wins.
WLC = [
    Cell("24.5", "disclosed", "24500000.00"),
    Cell("1,329.07", "disclosed", "1329070000.00"),
    Cell("£24m", "disclosed", "24000000.00"),
    Cell("£500k", "disclosed", "500000.00"),
    Cell("£1.2bn", "disclosed", "1200000000.00"),
    Cell("0.75", "disclosed", "750000.00"),
    Cell("(3)", "disclosed", "-3000000.00"),
    Cell("-£2.5", "disclosed", "-2500000.00"),
    Cell(S43_LONG, "withheld", sections="43"),
    Cell("n/a", "blank"),
] + [Cell(str(k), "disclosed", f"{k * 1_000_000}.00") for k in range(1, 15)]

STATUS_CYCLE = ("Red", "Amber", "Green", "Amber/Red")
REDACTED_NAME_INDEX = 3  # the project on row 8 is named "REDACTED"
FIRST_DATA_ROW = 5

H_ORG = "Department"
H_PROJECT = "Project Name"
H_DCA = "Delivery Confidence Assessment\n(DCA) rating"
H_SPEND = "Spend to date\n(£)"
H_WLC = (
    "Baseline Whole Life Cost (£m)\n(including non-Government costs)\n"
    "The baseline is the cost agreed when the business case was approved."
)
H_NOTES = "Narrative"
HEADER = [H_ORG, H_PROJECT, H_DCA, H_SPEND, H_WLC, H_NOTES]
TITLE_ROWS = [
    ["Government Major Projects Portfolio data, September 2017"],
    ["Department for Transport: figures as reported by the department"],
    [],
]

# XLSX cells written as numbers, and the text the reader gives them back as.
XLSX_NUMBERS: dict[str, tuple[int | float, str]] = {
    "32614": (32614, "32614"),
    "1,329,075.00": (1329075.0, "1329075"),
    "24.5": (24.5, "24.5"),
    "1,329.07": (1329.07, "1329.07"),
    "0.75": (0.75, "0.75"),
    **{str(k): (k, str(k)) for k in range(1, 15)},
}


def project_name(index: int) -> str:
    return "REDACTED" if index == REDACTED_NAME_INDEX else f"Project {index + 1}"


def gmpp_rows() -> list[list[str]]:
    rows = [list(r) for r in TITLE_ROWS] + [HEADER]
    for i, (spend, wlc) in enumerate(zip(SPEND, WLC, strict=True)):
        rows.append(
            [
                "Department for Transport",
                project_name(i),
                STATUS_CYCLE[i % 4],
                spend.text,
                wlc.text,
                f"Commentary for project {i + 1}",
            ]
        )
    return rows


def write_gmpp(folder: Path, kind: str) -> Path:
    """The table as a CSV (exact bytes) or as an XLSX workbook with some numeric cells."""
    if kind == "csv":
        return write(folder, "gmpp.csv", csv_bytes(gmpp_rows()))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "GMPP"
    for row in gmpp_rows():
        ws.append(
            [XLSX_NUMBERS[c][0] if c in XLSX_NUMBERS else (c if c != "" else None) for c in row]
        )
    path = folder / "gmpp.xlsx"
    wb.save(path)
    return path


def expected_text(cell: Cell, kind: str) -> str:
    if kind == "xlsx" and cell.text in XLSX_NUMBERS:
        return XLSX_NUMBERS[cell.text][1]
    return cell.text


SPEND_REPORT = {
    "disclosed": 10,
    "disclosed_total_gbp": D("1225891156.73"),
    "withheld": {"24": 1, "26": 1, "43": 3, "unspecified": 1},
    "redacted": 1,
    "not_held": 0,  # "not in a position to provide" is not yet available (corpus README)
    "not_yet_available": 2,
    "blank": 5,
    "unparsed": 1,
}
WLC_REPORT = {
    "disclosed": 22,
    "disclosed_total_gbp": D("2678320000"),
    "withheld": {"43": 1},
    "redacted": 0,
    "not_held": 0,
    "not_yet_available": 0,
    "blank": 1,
    "unparsed": 0,
}


def column_counts(report: ImportReport, column: str) -> dict[str, Any]:
    c = report.columns[column]
    return {
        "disclosed": c.disclosed,
        "disclosed_total_gbp": c.disclosed_total_gbp,
        "withheld": dict(c.withheld),
        "redacted": c.redacted,
        "not_held": c.not_held,
        "not_yet_available": c.not_yet_available,
        "blank": c.blank,
        "unparsed": c.unparsed,
    }


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_project_table_report_accounts_for_every_cell(tmp_path: Path, kind: str) -> None:
    path = write_gmpp(tmp_path, kind)
    db = tmp_path / "foi.duckdb"
    report = import_files([path], db, ImportOptions(dataset="gmpp", allow_unparsed=True))

    assert report.shape == "projects"
    assert (report.rows_read, report.rows_loaded) == (24, 24)
    [info] = report.files
    assert info["file"] == path.name
    assert info["header_row"] == 4
    assert info["rows"] == 24
    assert info["sheet"] == ("GMPP" if kind == "xlsx" else None)
    assert info["encoding"] == ("utf-8" if kind == "csv" else None)
    assert info["mapping"]["project"] == H_PROJECT
    assert info["mapping"]["organisation"] == H_ORG
    assert info["mapping"]["status"] == clean(H_DCA)
    assert info["mapping"]["amounts"] == [
        {"column": clean(H_SPEND), "basis": "spent_to_date", "unit": 1},
        {"column": clean(H_WLC), "basis": "whole_life_cost", "unit": 1_000_000},
    ]

    assert list(report.columns) == [clean(H_SPEND), clean(H_WLC)]
    assert column_counts(report, clean(H_SPEND)) == SPEND_REPORT
    assert column_counts(report, clean(H_WLC)) == WLC_REPORT
    spend = report.columns[clean(H_SPEND)]
    assert spend.withheld_cells == 5  # "24 and 26" is one cell counted under both sections
    assert spend.cells == 24
    assert spend.unparsed_examples == [{"file": path.name, "row": 28, "text": "see note 4"}]
    assert report.unparsed_share == pytest.approx(1 / 48)

    as_json = report.as_json()
    spend_json = as_json["columns"][0]
    assert spend_json["disclosed_total_gbp"] == pytest.approx(1225891156.73, abs=0.001)
    assert spend_json["withheld"] == {"24": 1, "26": 1, "43": 3, "unspecified": 1}
    assert as_json["columns"][1]["disclosed_total_gbp"] == 2678320000


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_project_table_database_holds_one_figure_per_cell(tmp_path: Path, kind: str) -> None:
    path = write_gmpp(tmp_path, kind)
    db = tmp_path / "foi.duckdb"
    import_files([path], db, ImportOptions(dataset="gmpp", allow_unparsed=True))

    assert scalar(db, "SELECT count(*) FROM figures WHERE dataset = 'gmpp'") == 48
    assert scalar(db, "SELECT count(*) FROM figures WHERE amount_gbp = 0") == 0
    assert (
        scalar(
            db,
            "SELECT count(*) FROM figures WHERE disclosure <> 'disclosed' AND "
            "(amount_gbp IS NOT NULL OR amount_low_gbp IS NOT NULL OR amount_high_gbp IS NOT NULL)",
        )
        == 0
    )
    rows = query(
        db,
        "SELECT locator, basis, disclosure, qualifier, amount_gbp, amount_low_gbp, "
        "amount_high_gbp, exemption_sections, exemption_statute, original_text, subject_id "
        "FROM figures WHERE dataset = 'gmpp'",
    )
    by_locator = {r[0]: r[1:] for r in rows}
    assert len(by_locator) == 48
    for column, basis, cells in (
        (clean(H_SPEND), "spent_to_date", SPEND),
        (clean(H_WLC), "whole_life_cost", WLC),
    ):
        for i, cell in enumerate(cells):
            got = by_locator[locator(path.name, FIRST_DATA_ROW + i, column)]
            amount = None if cell.amount is None else D(cell.amount)
            low = None if cell.low is None else D(cell.low)
            high = None if cell.high is None else D(cell.high)
            statute = "FOIA 2000" if cell.sections else None
            assert got[:8] == (
                basis,
                cell.disclosure,
                cell.qualifier,
                amount,
                low,
                high,
                cell.sections,
                statute,
            ), (column, cell.text)
            assert (got[8] or "") == expected_text(cell, kind), (column, cell.text)

    # "Section 43 - Commercial interests" is a withheld figure, never the number 43.
    assert query(
        db,
        "SELECT disclosure, amount_gbp, exemption_sections FROM figures WHERE original_text = $1",
        [S43_SHORT],
    ) == [("withheld", None, "43")]
    # The unparsed cell is kept as unknown with its text, not dropped and not zero.
    assert query(
        db,
        "SELECT disclosure, amount_gbp FROM figures WHERE original_text = 'see note 4'",
    ) == [("unknown", None)]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_project_table_statuses_projects_and_organisations(tmp_path: Path, kind: str) -> None:
    path = write_gmpp(tmp_path, kind)
    db = tmp_path / "foi.duckdb"
    import_files([path], db, ImportOptions(dataset="gmpp", allow_unparsed=True))

    assert query(
        db,
        "SELECT status, label, role, sort_order FROM statuses WHERE dataset = 'gmpp' "
        "ORDER BY sort_order",
    ) == [
        ("Red", "Red", "stopped", 1),
        ("Amber/Red", "Amber/Red", "stopped", 2),
        ("Amber", "Amber", "corrective", 3),
        ("Green", "Green", "completed", 4),
    ]
    projects = query(
        db,
        "SELECT locator, name, named, status, org_id, claim FROM projects WHERE dataset = 'gmpp'",
    )
    assert len(projects) == 24
    by_row = {int(r[0].rsplit("row ", 1)[1]): r[1:] for r in projects}
    for i in range(24):
        line = FIRST_DATA_ROW + i
        name = f"Unnamed project (row {line})" if i == REDACTED_NAME_INDEX else f"Project {i + 1}"
        assert by_row[line] == (
            name,
            i != REDACTED_NAME_INDEX,
            STATUS_CYCLE[i % 4],
            "department-for-transport",
            f"Commentary for project {i + 1}",
        )
    assert query(db, "SELECT org_id, name FROM organisations WHERE dataset = 'gmpp'") == [
        ("department-for-transport", "Department for Transport")
    ]
    # every figure points at a project of this import and at its source
    assert (
        scalar(
            db,
            "SELECT count(*) FROM figures f LEFT JOIN projects p ON p.dataset = f.dataset "
            "AND p.project_id = f.subject_id WHERE f.dataset = 'gmpp' AND p.project_id IS NULL",
        )
        == 0
    )
    [(source_id, kind_, title)] = query(
        db, "SELECT source_id, kind, title FROM sources WHERE dataset = 'gmpp'"
    )
    assert source_id == f"FILE-{sha256(path)[:12]}"
    assert (kind_, title) == ("other", path.name)


def test_project_table_plain_report_is_readable(tmp_path: Path) -> None:
    path = write_gmpp(tmp_path, "csv")
    report = import_files(
        [path], tmp_path / "foi.duckdb", ImportOptions(dataset="gmpp", allow_unparsed=True)
    )
    text = render_report(report)
    assert "Imported into dataset 'gmpp' (projects)" in text
    assert "gmpp.csv: utf-8, header on row 4, 24 rows" in text
    assert "Rows read 24; loaded 24" in text
    assert "Spend to date (£) (basis spent_to_date): 10 disclosed totalling £1,225,891,156.73" in (
        text
    )
    assert "s.24: 1, s.26: 1, s.43: 3" in text
    assert "redacted 1; not held 0; not yet available 2; blank 5; unparsed 1" in text
    assert "unparsed: gmpp.csv row 28: 'see note 4'" in text
    assert "22 disclosed totalling £2,678,320,000" in text


def test_project_table_over_one_percent_unparsed_is_refused(tmp_path: Path) -> None:
    path = write_gmpp(tmp_path, "csv")
    db = tmp_path / "db" / "foi.duckdb"
    with pytest.raises(ImportFailed) as info:
        import_files([path], db, ImportOptions(dataset="gmpp"))
    message = str(info.value)
    assert "2.1% of amount cells could not be read (limit 1%)" in message
    assert "gmpp.csv row 28: 'see note 4'" in message
    assert "Nothing was loaded" in message
    assert "--allow-unparsed" in message
    assert not db.exists()


def test_percentage_in_money_column_is_not_money(tmp_path: Path) -> None:
    """A percentage ("-52%") is not money: reported as unparsed (so the import needs
    allow_unparsed), stored as unknown with its text, and never added to the total."""
    path = write(
        tmp_path,
        "pct.csv",
        csv_bytes(
            [
                ["Project Name", "Spend to date (£)"],
                ["Alpha", "£1,000"],
                ["Beta", "-52%"],
                ["Gamma", "£2,000"],
            ]
        ),
    )
    db = tmp_path / "foi.duckdb"
    with pytest.raises(ImportFailed, match="could not be read"):
        import_files([path], db, ImportOptions(dataset="pct"))
    report = import_files([path], db, ImportOptions(dataset="pct", allow_unparsed=True))
    in_db = scalar(
        db,
        "SELECT sum(amount_gbp) FROM figures WHERE dataset = 'pct' AND disclosure = 'disclosed'",
    )
    assert in_db == D("3000.00")
    assert query(db, "SELECT disclosure, amount_gbp FROM figures WHERE original_text = '-52%'") == [
        ("unknown", None)
    ]
    column = report.columns["Spend to date (£)"]
    assert column.disclosed_total_gbp == D("3000")  # the report agrees with the database
    assert column.unparsed == 1 and column.unparsed_examples[0]["text"] == "-52%"
    assert column.disclosed == scalar(
        db, "SELECT count(*) FROM figures WHERE dataset = 'pct' AND disclosure = 'disclosed'"
    )


# --- encodings ------------------------------------------------------------------------------

SMALL_TABLE = [
    ["Project", "Organisation", "Cost (£)"],
    ["Alpha", "Home Office", "£1,234.56"],
    ["Beta", "Home Office", "£2m"],
    ["Gamma", "Ministry of Defence", "Exempt under Section 26"],
    ["Delta", "Ministry of Defence", "(£250)"],
]


def test_encodings_give_identical_figures(tmp_path: Path) -> None:
    db = tmp_path / "foi.duckdb"
    files = {
        "utf-8": write(tmp_path, "utf8.csv", csv_bytes(SMALL_TABLE, "utf-8")),
        "utf-8-sig": write(tmp_path, "bom.csv", csv_bytes(SMALL_TABLE, "utf-8-sig")),
        "cp1252": write(tmp_path, "win.csv", csv_bytes(SMALL_TABLE, "cp1252")),
    }
    assert files["utf-8-sig"].read_bytes().startswith(b"\xef\xbb\xbfProject,")
    assert b"\xa3" in files["cp1252"].read_bytes()
    assert b"\xc2\xa3" not in files["cp1252"].read_bytes()

    results = {}
    for encoding, path in files.items():
        dataset = f"enc-{path.stem}"
        report = import_files([path], db, ImportOptions(dataset=dataset))
        assert [f["encoding"] for f in report.files] == [encoding]
        assert report.files[0]["mapping"]["project"] == "Project"
        assert report.files[0]["mapping"]["organisation"] == "Organisation"
        column = report.columns["Cost (£)"]
        assert (column.disclosed, column.disclosed_total_gbp) == (3, D("2000984.56"))
        assert dict(column.withheld) == {"26": 1}
        results[encoding] = query(
            db,
            "SELECT p.name, o.name, f.basis, f.disclosure, f.amount_gbp, f.exemption_sections, "
            "f.original_text FROM figures f JOIN projects p ON p.dataset = f.dataset "
            "AND p.project_id = f.subject_id JOIN organisations o ON o.dataset = p.dataset "
            "AND o.org_id = p.org_id WHERE f.dataset = $1 ORDER BY p.name",
            [dataset],
        )
    assert results["utf-8"] == [
        ("Alpha", "Home Office", "unspecified", "disclosed", D("1234.56"), None, "£1,234.56"),
        ("Beta", "Home Office", "unspecified", "disclosed", D("2000000.00"), None, "£2m"),
        ("Delta", "Ministry of Defence", "unspecified", "disclosed", D("-250.00"), None, "(£250)"),
        (
            "Gamma",
            "Ministry of Defence",
            "unspecified",
            "withheld",
            None,
            "26",
            "Exempt under Section 26",
        ),
    ]
    assert results["utf-8-sig"] == results["utf-8"]
    assert results["cp1252"] == results["utf-8"]


# --- payment files --------------------------------------------------------------------------

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
SUPPLIERS = [
    "Acme Facilities Ltd",
    "Blue Sky Catering Ltd",
    "Capita Business Services Ltd",
    "Northgate Public Services",
    "Kier Construction Ltd",
    "Amey Highways Ltd",
    "Veolia Environmental Services",
    "Serco Ltd",
    "Mears Group Plc",
    "Balfour Beatty Civil Engineering",
    "Liberata UK Ltd",
    "Sodexo Ltd",
    "Brighter Futures Housing",
    "Riverside Care Homes",
    "Oakwood Fostering Agency",
    "Greenfield Transport Ltd",
    "Hillside Legal LLP",
    "Crown Commercial Service",
    "Eastern Electricity Supply",
    "Southern Water Services",
]
EXPENSE_TYPES = ["Consultancy", "Catering", "Building Repairs", "Residential Care", "Legal Fees"]
EXPENSE_AREAS = ["Adult Social Care", "Children's Services", "Highways", "Corporate"]
MONTHS = [(2017, m) for m in range(4, 13)] + [(2018, m) for m in range(1, 4)]
DATE_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d 00:00:00")


@dataclass
class PaymentFile:
    path: Path
    rows: int
    total: Decimal
    redacted_rows: int
    redacted_gbp: Decimal
    expected: dict[str, tuple[dt.date, Decimal, str]]  # reference -> (date, amount, cp status)
    suppliers: set[str]


def money_text(rng: random.Random, amount: Decimal) -> str:
    """Pounds and pence as councils write them: plain, grouped, or with a pound sign."""
    magnitude = abs(amount)
    form = rng.randrange(3)
    if form == 0:
        body = f"{magnitude:.2f}"
    elif form == 1:
        body = f"{magnitude:,.2f}"
    else:
        body = f"£{magnitude:,.2f}"
    return f"-{body}" if amount < 0 else body


def make_payment_file(
    folder: Path, rng: random.Random, year: int, month: int, date_form: str
) -> PaymentFile:
    rows = [PAYMENT_HEADER]
    expected: dict[str, tuple[dt.date, Decimal, str]] = {}
    total = redacted_gbp = D(0)
    redacted_rows = 0
    suppliers: set[str] = set()
    for n in range(rng.randint(200, 400)):
        day = dt.date(year, month, rng.randint(1, 28))
        pence = rng.randint(1, 2_500_000) * (-1 if rng.random() < 0.05 else 1)
        amount = D(pence) / 100
        roll = rng.random()
        if roll < 0.08:
            supplier, number, status = "REDACTED PERSONAL DATA", "", "redacted"
        elif roll < 0.12:
            supplier, number, status = "Redacted", "", "redacted"
        else:
            index = rng.randrange(len(SUPPLIERS))
            supplier, number, status = SUPPLIERS[index], f"S{index:04d}", "disclosed"
            suppliers.add(supplier)
        reference = f"{year}{month:02d}-{n:04d}"
        rows.append(
            [
                "Example Borough Council",
                day.strftime(date_form),
                reference,
                money_text(rng, amount),
                supplier,
                rng.choice(EXPENSE_TYPES),
                rng.choice(EXPENSE_AREAS),
                number,
            ]
        )
        expected[reference] = (day, amount, status)
        total += amount
        if status == "redacted":
            redacted_rows += 1
            redacted_gbp += amount
    path = write(folder, f"payments-{year}-{month:02d}.csv", csv_bytes(rows))
    return PaymentFile(path, len(rows) - 1, total, redacted_rows, redacted_gbp, expected, suppliers)


@dataclass
class PaymentImport:
    files: list[PaymentFile]
    db: Path
    report: ImportReport

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def total(self) -> Decimal:
        return sum((f.total for f in self.files), D(0))


@pytest.fixture(scope="module")
def payments(tmp_path_factory: pytest.TempPathFactory) -> PaymentImport:
    """Twelve monthly payment files, imported in one call into a fresh database."""
    folder = tmp_path_factory.mktemp("payments")
    rng = random.Random(20171101)
    files = [
        make_payment_file(folder, rng, year, month, DATE_FORMS[i % 3])
        for i, (year, month) in enumerate(MONTHS)
    ]
    db = folder / "db" / "foi.duckdb"
    report = import_files([f.path for f in files], db, ImportOptions(dataset="council-payments"))
    return PaymentImport(files, db, report)


def test_payments_report_totals_to_the_penny(payments: PaymentImport) -> None:
    report = payments.report
    assert 12 * 200 <= payments.rows <= 12 * 400
    assert report.shape == "payments"
    assert report.rows_read == payments.rows
    assert report.rows_loaded == payments.rows
    assert report.payments_rows == payments.rows
    assert report.payments_total_gbp == payments.total
    assert report.redacted_counterparty_rows == sum(f.redacted_rows for f in payments.files)
    assert report.redacted_counterparty_gbp == sum((f.redacted_gbp for f in payments.files), D(0))
    assert [f["file"] for f in report.files] == [f.path.name for f in payments.files]
    assert [f["rows"] for f in report.files] == [f.rows for f in payments.files]
    assert {f["encoding"] for f in report.files} == {"utf-8"}
    assert {f["shape"] for f in report.files} == {"payments"}
    [column] = report.columns.values()
    assert (column.column, column.basis, column.unit) == ("Net Amount", "payment", D(1))
    assert column.disclosed == payments.rows
    assert column.disclosed_total_gbp == payments.total
    assert column.cells == payments.rows
    as_json = report.as_json()
    assert as_json["payments_total_gbp"] == pytest.approx(float(payments.total), abs=0.001)
    assert as_json["redacted_counterparty_rows"] == report.redacted_counterparty_rows


def test_payments_database_matches_every_generated_row(payments: PaymentImport) -> None:
    db = payments.db
    assert (
        scalar(db, "SELECT sum(amount_gbp) FROM figures WHERE dataset = 'council-payments'")
        == payments.total
    )
    rows = query(
        db,
        "SELECT reference, as_of, amount_gbp, counterparty_status, counterparty, basis, "
        "disclosure FROM figures WHERE dataset = 'council-payments'",
    )
    assert len(rows) == payments.rows
    expected = {ref: v for f in payments.files for ref, v in f.expected.items()}
    got = {r[0]: (r[1], r[2], r[3]) for r in rows}
    assert got == expected
    assert {(r[5], r[6]) for r in rows} == {("payment", "disclosed")}
    redacted = [r for r in rows if r[3] == "redacted"]
    assert len(redacted) == sum(f.redacted_rows for f in payments.files)
    assert all(r[4] is None for r in redacted)  # the redaction marker is not a supplier name
    assert {r[4] for r in rows if r[3] == "disclosed"} == set().union(
        *(f.suppliers for f in payments.files)
    )
    # one project per named supplier, and one shared by every redacted payment
    named = set().union(*(f.suppliers for f in payments.files))
    assert (
        scalar(db, "SELECT count(*) FROM projects WHERE dataset = 'council-payments'")
        == len(named) + 1
    )
    assert query(
        db,
        "SELECT name, named FROM projects WHERE dataset = 'council-payments' AND NOT named",
    ) == [("Supplier redacted", False)]
    assert scalar(db, "SELECT count(*) FROM sources WHERE dataset = 'council-payments'") == 12
    assert query(
        db,
        "SELECT DISTINCT kind FROM sources WHERE dataset = 'council-payments'",
    ) == [("transparency_file",)]


def test_payments_dates_in_every_form_are_parsed(payments: PaymentImport) -> None:
    # month 1 is ISO, month 2 day-first, month 3 ISO with a time: check one known row each
    for f in payments.files[:3]:
        ref, (day, _, _) = next(iter(f.expected.items()))
        assert query(
            payments.db,
            "SELECT as_of FROM figures WHERE dataset = 'council-payments' AND reference = $1",
            [ref],
        ) == [(day,)]
    texts = [f.path.read_text().splitlines()[1].split(",")[1] for f in payments.files[:3]]
    assert texts[0][4] == "-" and texts[1][2] == "/" and texts[2].endswith(" 00:00:00")
    assert (
        scalar(
            payments.db,
            "SELECT count(*) FROM figures WHERE dataset = 'council-payments' AND as_of IS NULL",
        )
        == 0
    )


def test_payments_append_then_refuse_a_file_already_imported(
    payments: PaymentImport, tmp_path: Path
) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    db = folder / "foi.duckdb"
    shutil.copy2(payments.db, db)
    extra = make_payment_file(tmp_path, random.Random(2018), 2018, 4, "%d-%b-%Y")
    report = import_files([extra.path], db, ImportOptions(dataset="council-payments"))
    assert (report.rows_read, report.rows_loaded) == (extra.rows, extra.rows)
    assert report.payments_total_gbp == extra.total
    assert (
        scalar(db, "SELECT count(*) FROM figures WHERE dataset = 'council-payments'")
        == payments.rows + extra.rows
    )
    assert (
        scalar(db, "SELECT sum(amount_gbp) FROM figures WHERE dataset = 'council-payments'")
        == payments.total + extra.total
    )
    ref, (day, _, _) = next(iter(extra.expected.items()))
    assert query(db, "SELECT as_of FROM figures WHERE reference = $1", [ref]) == [(day,)]
    assert scalar(db, "SELECT count(*) FROM sources WHERE dataset = 'council-payments'") == 13

    before = sha256(db)
    listing = folder_listing(folder)
    with pytest.raises(ImportFailed) as info:
        import_files([payments.files[0].path], db, ImportOptions(dataset="council-payments"))
    assert "already holds these files" in str(info.value)
    assert f"FILE-{sha256(payments.files[0].path)[:12]}" in str(info.value)
    assert sha256(db) == before
    assert folder_listing(folder) == listing  # no temporary copy left behind


def test_payments_same_file_twice_in_one_command_is_refused(
    payments: PaymentImport, tmp_path: Path
) -> None:
    db = tmp_path / "foi.duckdb"
    path = payments.files[0].path
    with pytest.raises(ImportFailed, match="the same file is given twice"):
        import_files([path, path], db, ImportOptions(dataset="twice"))
    assert not db.exists()


def test_named_supplier_with_a_telling_word_is_still_named(tmp_path: Path) -> None:
    """A supplier called "Confidential Shredding Services Ltd" is named, not withheld."""
    path = write(
        tmp_path,
        "pay.csv",
        csv_bytes(
            [
                PAYMENT_HEADER,
                ["Example Council", "2017-11-01", "T1", "100.00", "Acme Ltd", "IT", "ICT", "S1"],
                [
                    "Example Council",
                    "2017-11-02",
                    "T2",
                    "250.50",
                    "Confidential Shredding Services Ltd",
                    "Waste",
                    "Facilities",
                    "S2",
                ],
                [
                    "Example Council",
                    "2017-11-03",
                    "T3",
                    "75.25",
                    "REDACTED PERSONAL DATA",
                    "Care",
                    "Adults",
                    "",
                ],
            ]
        ),
    )
    db = tmp_path / "foi.duckdb"
    report = import_files([path], db, ImportOptions(dataset="shred"))
    assert report.redacted_counterparty_rows == 1
    assert report.redacted_counterparty_gbp == D("75.25")
    assert query(
        db, "SELECT counterparty, counterparty_status FROM figures WHERE reference = 'T2'"
    ) == [("Confidential Shredding Services Ltd", "disclosed")]


# --- atomic and honest ----------------------------------------------------------------------

MALFORMED: dict[str, tuple[bytes, list[str]]] = {
    "ragged": (
        csv_bytes(
            [
                ["Project", "Organisation", "Cost (£)"],
                ["Alpha", "Home Office", "£1,000"],
                ["Beta", "Home Office", "£2,000", "stray cell"],
                ["Gamma", "Home Office", "£3,000"],
            ]
        ),
        ["bad.csv", "row 3", "has 4 cells, header has 3"],
    ),
    "binary": (
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        ["bad.csv", "is not a text CSV", "PNG image"],
    ),
    "zip": (b"PK\x03\x04" + bytes(200), ["bad.csv", "is not a text CSV", "ZIP archive"]),
    "empty": (b"", ["bad.csv", "is empty"]),
    "header-only": (
        csv_bytes([["Project", "Organisation", "Cost (£)"]]),
        ["bad.csv", "has no data rows (only a header at row 1)"],
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_file_leaves_database_byte_identical(
    case: str, shipped_db: Path, built_db: Path, tmp_path: Path
) -> None:
    data, fragments = MALFORMED[case]
    bad = write(tmp_path, "bad.csv", data)
    good = write(tmp_path, "good.csv", csv_bytes(SMALL_TABLE))
    before = sha256(shipped_db)
    listing = folder_listing(shipped_db.parent)
    for files in ([bad], [good, bad]):  # a good file beside a bad one is not loaded either
        with pytest.raises(ImportFailed) as info:
            import_files(files, shipped_db, ImportOptions(dataset="mine"))
        for fragment in fragments:
            assert fragment in str(info.value)
        assert sha256(shipped_db) == before
        assert folder_listing(shipped_db.parent) == listing
    assert sorted(r[0] for r in query(shipped_db, "SELECT dataset FROM datasets")) == SHIPPED
    assert snapshot(shipped_db, DATASET) == snapshot(built_db, DATASET)


def test_refusal_inside_the_write_leaves_no_temporary_files(
    shipped_db: Path, tmp_path: Path
) -> None:
    good = write(tmp_path, "good.csv", csv_bytes(SMALL_TABLE))
    import_files([good], shipped_db, ImportOptions(dataset="mine"))
    before = sha256(shipped_db)
    listing = folder_listing(shipped_db.parent)
    assert listing == ["foi.duckdb"]
    with pytest.raises(ImportFailed, match="already holds these files"):
        import_files([good], shipped_db, ImportOptions(dataset="mine"))
    assert sha256(shipped_db) == before
    assert folder_listing(shipped_db.parent) == listing


def test_successful_import_keeps_shipped_dataset_unchanged(
    shipped_db: Path, built_db: Path, tmp_path: Path
) -> None:
    path = write_gmpp(tmp_path, "csv")
    import_files([path], shipped_db, ImportOptions(dataset="gmpp", allow_unparsed=True))
    assert sorted(r[0] for r in query(shipped_db, "SELECT dataset FROM datasets")) == sorted(
        ["gmpp", *SHIPPED]
    )
    assert snapshot(shipped_db, DATASET) == snapshot(built_db, DATASET)
    assert scalar(shipped_db, "SELECT count(*) FROM figures WHERE dataset = 'gmpp'") == 48
    assert folder_listing(shipped_db.parent) == ["foi.duckdb"]


def amounts_table(unparsed: int, rows: int = 100) -> bytes:
    """A one-amount-column table of `rows` rows, the first `unparsed` of them unreadable."""
    table = [["Project Name", "Total cost (£)"]]
    for i in range(rows):
        cell = f"see note {i + 1}" if i < unparsed else f"£{(i + 1) * 1000:,}"
        table.append([f"Scheme {i + 1}", cell])
    return csv_bytes(table)


def test_exactly_one_percent_unparsed_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "one.csv", amounts_table(1))
    db = tmp_path / "foi.duckdb"
    report = import_files([path], db, ImportOptions(dataset="one"))
    column = report.columns["Total cost (£)"]
    assert (column.disclosed, column.unparsed) == (99, 1)
    assert column.disclosed_total_gbp == D(sum(range(2, 101)) * 1000)
    assert column.unparsed_examples == [{"file": "one.csv", "row": 2, "text": "see note 1"}]
    assert query(
        db,
        "SELECT disclosure, amount_gbp, original_text FROM figures WHERE dataset = 'one' "
        "AND disclosure <> 'disclosed'",
    ) == [("unknown", None, "see note 1")]


def test_more_than_one_percent_unparsed_is_refused_then_allowed(
    shipped_db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "two.csv", amounts_table(2))
    before = sha256(shipped_db)
    with pytest.raises(ImportFailed) as info:
        import_files([path], shipped_db, ImportOptions(dataset="two"))
    message = str(info.value)
    assert "2.0% of amount cells could not be read (limit 1%)" in message
    assert "two.csv row 2: 'see note 1'; two.csv row 3: 'see note 2'" in message
    assert "Nothing was loaded" in message
    assert sha256(shipped_db) == before
    assert folder_listing(shipped_db.parent) == ["foi.duckdb"]

    report = import_files([path], shipped_db, ImportOptions(dataset="two", allow_unparsed=True))
    assert report.columns["Total cost (£)"].unparsed == 2
    assert report.rows_loaded == 100
    assert query(
        shipped_db,
        "SELECT disclosure, amount_gbp, original_text FROM figures WHERE dataset = 'two' "
        "AND disclosure <> 'disclosed' ORDER BY original_text",
    ) == [("unknown", None, "see note 1"), ("unknown", None, "see note 2")]
    assert (
        scalar(
            shipped_db,
            "SELECT count(*) FROM figures WHERE dataset = 'two' AND disclosure = 'disclosed'",
        )
        == 98
    )


def table_counts(db: Path, dataset: str) -> dict[str, int]:
    return {
        t: scalar(db, f"SELECT count(*) FROM {t} WHERE dataset = $1", [dataset])
        for t in ("datasets", "sources", "organisations", "statuses", "projects", "figures")
    }


def test_replace_replaces_the_dataset(shipped_db: Path, tmp_path: Path) -> None:
    gmpp = write_gmpp(tmp_path, "csv")
    options = ImportOptions(dataset="mine", allow_unparsed=True)
    import_files([gmpp], shipped_db, options)
    once = table_counts(shipped_db, "mine")
    assert once == {
        "datasets": 1,
        "sources": 1,
        "organisations": 1,
        "statuses": 4,
        "projects": 24,
        "figures": 48,
    }
    replace = ImportOptions(dataset="mine", allow_unparsed=True, replace=True)
    report = import_files([gmpp], shipped_db, replace)
    assert report.rows_loaded == 24
    assert table_counts(shipped_db, "mine") == once

    small = write(tmp_path, "small.csv", csv_bytes(SMALL_TABLE))
    import_files([small], shipped_db, replace)
    assert table_counts(shipped_db, "mine") == {
        "datasets": 1,
        "sources": 1,
        "organisations": 2,
        "statuses": 0,
        "projects": 4,
        "figures": 4,
    }
    assert query(shipped_db, "SELECT DISTINCT source_id FROM figures WHERE dataset = 'mine'") == [
        (f"FILE-{sha256(small)[:12]}",)
    ]
    assert scalar(shipped_db, "SELECT count(*) FROM figures WHERE dataset = $1", [DATASET]) > 0


def test_bad_dataset_name_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "small.csv", csv_bytes(SMALL_TABLE))
    with pytest.raises(ImportFailed, match="must be lower-case letters, digits and hyphens"):
        import_files([path], tmp_path / "foi.duckdb", ImportOptions(dataset="My Data"))
    assert not (tmp_path / "foi.duckdb").exists()


# --- overrides ------------------------------------------------------------------------------

OVERRIDE_TABLE = [
    ["Ref", "Project name", "Programme title", "Value", "RAG status", "Forecast cost"],
    ["P1", "Alpha", "Alpha Programme", "24", "Red", "1.5"],
    ["P2", "Beta", "Beta Programme", "£24m", "Amber", "£500k"],
    ["P3", "Gamma", "Gamma Programme", "1,234.5", "Green", "Exempt under Section 43"],
]


def test_map_overrides_project_amount_basis_and_drop_status(tmp_path: Path) -> None:
    path = write(tmp_path, "ov.csv", csv_bytes(OVERRIDE_TABLE))
    db = tmp_path / "foi.duckdb"
    options = ImportOptions(
        dataset="ov",
        overrides={"project": "Programme title", "amount:budget": "#4", "status": "-"},
    )
    report = import_files([path], db, options)
    mapping = report.files[0]["mapping"]
    assert mapping["project"] == "Programme title"
    assert "status" not in mapping
    assert mapping["amounts"] == [
        {"column": "Value", "basis": "budget", "unit": 1},
        {"column": "Forecast cost", "basis": "forecast_cost", "unit": 1},
    ]
    assert query(db, "SELECT name, status FROM projects WHERE dataset = 'ov' ORDER BY name") == [
        ("Alpha Programme", None),
        ("Beta Programme", None),
        ("Gamma Programme", None),
    ]
    assert scalar(db, "SELECT count(*) FROM statuses WHERE dataset = 'ov'") == 0
    assert query(
        db,
        "SELECT original_text, amount_gbp FROM figures WHERE dataset = 'ov' AND basis = 'budget' "
        "ORDER BY amount_gbp",
    ) == [("24", D("24.00")), ("1,234.5", D("1234.50")), ("£24m", D("24000000.00"))]


def test_unit_scales_plain_numbers_but_not_cells_with_their_own_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "ov.csv", csv_bytes(OVERRIDE_TABLE))
    db = tmp_path / "foi.duckdb"
    report = import_files(
        [path], db, ImportOptions(dataset="ov", unit=D(1_000_000), basis="whole_life_cost")
    )
    assert [(c.column, c.basis, c.unit) for c in report.columns.values()] == [
        ("Value", "whole_life_cost", D(1_000_000)),
        ("Forecast cost", "whole_life_cost", D(1_000_000)),
    ]
    assert report.columns["Value"].disclosed_total_gbp == D("1282500000")
    assert report.columns["Forecast cost"].disclosed_total_gbp == D("2000000")
    assert query(
        db,
        "SELECT original_text, basis, amount_gbp FROM figures WHERE dataset = 'ov' "
        "AND disclosure = 'disclosed' ORDER BY amount_gbp",
    ) == [
        ("£500k", "whole_life_cost", D("500000.00")),
        ("1.5", "whole_life_cost", D("1500000.00")),
        ("24", "whole_life_cost", D("24000000.00")),
        ("£24m", "whole_life_cost", D("24000000.00")),
        ("1,234.5", "whole_life_cost", D("1234500000.00")),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nonsense": "Value"}, "unknown field 'nonsense'"),
        ({"project": "No Such Column"}, "'No Such Column' matches no column"),
        ({"amount": "#99"}, "there is no column #99; the file has 6 columns"),
    ],
)
def test_bad_map_is_refused_clearly(
    tmp_path: Path, overrides: dict[str, str], message: str
) -> None:
    path = write(tmp_path, "ov.csv", csv_bytes(OVERRIDE_TABLE))
    db = tmp_path / "foi.duckdb"
    with pytest.raises(ImportFailed) as info:
        import_files([path], db, ImportOptions(dataset="ov", overrides=overrides))
    assert message in str(info.value)
    assert not db.exists()

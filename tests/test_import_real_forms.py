"""Forms real published files take that the corpus lacks, each made here, imported with no options.

Each test names the mistake it guards against (issue: "Real published files import right with
no options"): a total row loaded as a payment, a percentage or an account code read as money,
benefits added to budgets, names under a "Supplier ID" heading, a zero-row load reported as
success, a CRLF file whose header cell holds a line break.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from foi.importing import ImportFailed, ImportOptions, import_files
from foi.importing.read import read_table

D = Decimal


def load(tmp_path: Path, name: str, data: bytes | str, dataset: str = "mine") -> dict:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return import_files([path], tmp_path / "foi.duckdb", ImportOptions(dataset=dataset)).as_json()


def figures(tmp_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(tmp_path / "foi.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


PAYMENTS = [
    ("2024-01-02", "Acme Ltd", "1,000.00"),
    ("2024-01-09", "REDACTED - PERSONAL DATA", "250.50"),
    ("2024-01-15", "Widgets plc", "(120.00)"),
    ("2024-01-22", "Bolt Services", "£2,500.25"),
]


def payment_file(footer: str = "", newline: str = "\n", header_break: bool = False) -> str:
    amount = '"Amount\n(£)"' if header_break else "Amount (£)"
    lines = [f"Date,Supplier Name,Transaction No,{amount}"]
    lines += [f'{d},{s},{1000 + i},"{a}"' for i, (d, s, a) in enumerate(PAYMENTS)]
    return newline.join(lines) + newline + footer


TOTAL = D("1000.00") + D("250.50") - D("120.00") + D("2500.25")


def test_a_grand_total_row_and_a_copyright_line_are_skipped_not_paid(tmp_path: Path) -> None:
    footer = f',Grand Total,,"{TOTAL:,}"\n"© Crown copyright 2024"\n'
    report = load(tmp_path, "footer.csv", payment_file(footer))
    assert report["rows_loaded"] == 4
    assert D(str(report["payments_total_gbp"])) == TOTAL
    reasons = {s["row"]: s["reason"] for s in report["skipped"]}
    assert reasons[6] == "a total row, not a record"
    assert reasons[7].startswith("a note line")
    assert report["skipped_rows"] == 2
    names = figures(tmp_path, "SELECT name FROM projects WHERE dataset = 'mine'")
    assert ("Grand Total",) not in names


def test_an_unlabelled_total_equal_to_the_rows_above_is_skipped(tmp_path: Path) -> None:
    report = load(tmp_path, "sum.csv", payment_file(f',,,"{TOTAL}"\n'))
    assert report["rows_loaded"] == 4
    assert D(str(report["payments_total_gbp"])) == TOTAL
    (skipped,) = report["skipped"]
    assert skipped["row"] == 6 and skipped["reason"].startswith("a total: no supplier or date")


def test_bracketed_negatives_pound_signs_and_thousands_are_read(tmp_path: Path) -> None:
    report = load(tmp_path, "forms.csv", payment_file())
    assert D(str(report["payments_total_gbp"])) == TOTAL
    rows = figures(tmp_path, "SELECT line, amount_gbp FROM figures ORDER BY line")
    assert rows == [(2, D("1000.00")), (3, D("250.50")), (4, D("-120.00")), (5, D("2500.25"))]
    assert report["redacted_counterparty_rows"] == 1
    assert D(str(report["redacted_counterparty_gbp"])) == D("250.50")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_header_cell_with_a_line_break_loses_no_payment(tmp_path: Path, newline: str) -> None:
    text = payment_file(newline=newline, header_break=True)
    path = tmp_path / "crlf.csv"
    path.write_bytes(text.encode("utf-8"))
    preview = read_table(path)
    report = import_files([path], tmp_path / "foi.duckdb", ImportOptions(dataset="crlf"))
    assert len(preview.rows) == report.rows_loaded == 4
    assert report.payments_total_gbp == TOTAL
    lines = figures(tmp_path, "SELECT line FROM figures ORDER BY line")
    assert [line for (line,) in lines] == preview.row_numbers == [2, 3, 4, 5]


def test_a_blank_last_line_is_counted_as_skipped_not_loaded(tmp_path: Path) -> None:
    report = load(tmp_path, "blank.csv", payment_file(",,,\n"))
    assert report["rows_loaded"] == 4
    assert report["skipped"] == [{"file": "blank.csv", "row": 6, "reason": "blank row", "text": ""}]


def test_a_load_of_zero_rows_is_an_error(tmp_path: Path) -> None:
    text = "Date,Supplier Name,Amount\n2024-01-02,Acme Ltd,\n2024-01-03,Bolt Ltd,\n"
    with pytest.raises(ImportFailed, match="no rows to load"):
        load(tmp_path, "empty.csv", text)
    assert not (tmp_path / "foi.duckdb").exists()


def test_a_period_column_dates_every_payment(tmp_path: Path) -> None:
    text = "Period,Supplier Name,Net Amount\n201711,Acme Ltd,100.00\n201712,Bolt Ltd,200.00\n"
    report = load(tmp_path, "period.csv", text)
    assert report["rows_loaded"] == 2
    days = figures(tmp_path, "SELECT CAST(as_of AS VARCHAR) FROM figures ORDER BY line")
    assert days == [("2017-11-01",), ("2017-12-01",)]


def test_month_first_dates_are_settled_by_the_file(tmp_path: Path) -> None:
    text = "Date,Supplier Name,Net Amount\n03/04/2020,Acme Ltd,1.00\n12/31/2020,Bolt Ltd,2.00\n"
    report = load(tmp_path, "us.csv", text)
    days = figures(tmp_path, "SELECT CAST(as_of AS VARCHAR) FROM figures ORDER BY line")
    assert days == [("2020-03-04",), ("2020-12-31",)]
    assert any("month first" in w for w in report["files"][0]["warnings"])


def test_a_double_encoded_bom_and_mojibake_in_headers_are_repaired(tmp_path: Path) -> None:
    text = "\u00ef\u00bb\u00bfBody Name,Date,Supplier Name,Amount \u00c2\u00a3\n"
    text += "A Council,2024-01-02,Acme Ltd,5.00\nA Council,2024-01-03,Bolt Ltd,6.00\n"
    report = load(tmp_path, "bom.csv", text)
    entry = report["files"][0]
    assert entry["mapping"]["organisation"] == "Body Name"
    assert entry["amount_choice"]["column"] == "Amount £"
    assert any("encoded twice" in w for w in entry["warnings"])
    assert any("repaired" in w for w in entry["warnings"])


def test_percentages_and_account_codes_are_not_money(tmp_path: Path) -> None:
    rows = [f"P{i},{100 + i}.5,{-3 + i},{400100 + i * 7}" for i in range(60)]
    text = "Project,Budget (£),Variance (%),Cost Element\n" + "\n".join(rows) + "\n"
    report = load(tmp_path, "codes.csv", text)
    assert [c["column"] for c in report["columns"]] == ["Budget (£)"]
    why = {c["column"]: c["why"] for c in report["files"][0]["not_money"]}
    assert "percentage" in why["Variance (%)"]
    assert why["Cost Element"].startswith("looks like")
    assert "60 distinct" in why["Cost Element"]


def test_benefits_keep_their_own_basis_apart_from_budgets(tmp_path: Path) -> None:
    text = "Project,Baseline (£m),TOTAL Baseline Benefits (£m)\nA,10,25\nB,20,NA\n"
    report = load(tmp_path, "benefits.csv", text)
    bases = {c["column"]: c["basis"] for c in report["columns"]}
    assert bases == {"Baseline (£m)": "budget", "TOTAL Baseline Benefits (£m)": "benefits"}


def test_names_under_a_supplier_id_heading_make_a_payment_file(tmp_path: Path) -> None:
    text = "Payment Date,Supplier ID(T),Net Amount\n"
    text += "2024-01-02,Acme Consulting Ltd,10.00\n2024-01-03,REDACTED,20.00\n"
    text += "2024-01-04,Bolt Services Limited,30.00\n"
    report = load(tmp_path, "ids.csv", text)
    assert report["shape"] == "payments"
    assert report["files"][0]["mapping"]["supplier"] == "Supplier ID(T)"
    assert report["redacted_counterparty_rows"] == 1


def test_an_all_zero_vat_column_keeps_it_a_payment_file(tmp_path: Path) -> None:
    text = "Date,Supplier Name,Net Amount,VAT\n"
    text += "2024-01-02,Acme Ltd,10.00,0.00\n2024-01-03,Bolt Ltd,20.00,0.00\n"
    report = load(tmp_path, "vat.csv", text)
    assert report["shape"] == "payments"
    assert report["files"][0]["amount_choice"]["column"] == "Net Amount"
    assert report["files"][0]["other_money"] == [{"column": "VAT", "position": 4, "basis": "vat"}]
    assert D(str(report["payments_total_gbp"])) == D("30.00")
    by_basis = figures(tmp_path, "SELECT basis, count(*) FROM figures GROUP BY ALL ORDER BY 1")
    assert by_basis == [("payment", 2), ("vat", 2)]


def test_gross_vat_net_takes_gross_and_can_be_switched(tmp_path: Path) -> None:
    text = "Date,Supplier Name,Gross,VAT,Net\n"
    text += "2024-01-02,Acme Ltd,120.00,20.00,100.00\n2024-01-03,Bolt Ltd,60.00,10.00,50.00\n"
    report = load(tmp_path, "gvn.csv", text)
    assert report["files"][0]["amount_choice"]["column"] == "Gross"
    assert "VAT included" in report["files"][0]["amount_choice"]["why"]
    assert D(str(report["payments_total_gbp"])) == D("180.00")
    path = tmp_path / "gvn.csv"
    switched = import_files(
        [path],
        tmp_path / "other.duckdb",
        ImportOptions(dataset="net", overrides={"amount:payment": "Net"}),
    ).as_json()
    assert switched["files"][0]["amount_choice"]["column"] == "Net"
    assert D(str(switched["payments_total_gbp"])) == D("150.00")
    bases = {o["column"]: o["basis"] for o in switched["files"][0]["other_money"]}
    assert bases == {"Gross": "gross_of_vat", "VAT": "vat"}

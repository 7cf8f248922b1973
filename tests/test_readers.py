"""Tests for foi.importing.read and .header: real-looking CSV and XLSX disclosure files, written to tmp_path.

Every fixture is generated here (CSV as exact bytes, XLSX with openpyxl, damaged workbooks by
rewriting their XML), so no binary file is committed and every expected value is visible.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from foi.importing.encoding import detect_encoding
from foi.importing.header import find_header_row, looks_like_date
from foi.importing.lines import ReadError
from foi.importing.read import read_table
from foi.importing.table import Sheet
from foi.importing.xlsxfile import cell_text

PAYMENTS_HEADER = (
    "Body Name",
    "Date",
    "Transaction Number",
    "Net Amount",
    "Supplier Name",
    "Expense Type",
    "Expense Area",
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """Write exact bytes (str is written as UTF-8) and return the path."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_error(path: Path, **kwargs: object) -> ReadError:
    """The ReadError read_table raises for a file (fails the test if it does not raise)."""
    with pytest.raises(ReadError) as info:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    return info.value


def rewrite_part(path: Path, part: str, edit) -> None:  # noqa: ANN001
    """Rewrite one XML part of an XLSX, to make files openpyxl itself would not write."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


# --- ReadError ------------------------------------------------------------------------------


def test_read_error_message_names_file_row_and_column() -> None:
    error = ReadError("spend.csv", "is not a number", row=12, column="Net Amount")
    assert str(error) == "spend.csv, row 12, column 'Net Amount': is not a number"
    assert (error.file, error.row, error.column, error.problem) == (
        "spend.csv",
        12,
        "Net Amount",
        "is not a number",
    )


def test_read_error_message_without_row_or_column() -> None:
    assert str(ReadError("spend.csv", "is empty")) == "spend.csv: is empty"
    assert str(ReadError("spend.csv", "is odd", row=3)) == "spend.csv, row 3: is odd"


# --- detect_encoding ------------------------------------------------------------------------


def test_detect_encoding_utf8_bom_and_plain_utf8() -> None:
    assert detect_encoding(b"\xef\xbb\xbfName,Amount\r\nA,\xc2\xa35\r\n") == "utf-8-sig"
    assert detect_encoding("Name,Amount\nA,£5\n".encode()) == "utf-8"
    assert detect_encoding(b"Name,Amount\nA,5\n") == "utf-8"


def test_detect_encoding_windows_1252_pound_and_dash() -> None:
    data = "Spending over £500 – November 2017\nA,£5\n".encode("cp1252")
    assert b"\xa3" in data and b"\x96" in data
    assert detect_encoding(data) == "cp1252"


def test_detect_encoding_refuses_bytes_undefined_in_windows_1252() -> None:
    data = b"Name,Amount\nA,5\nB,\x81 6\n"
    with pytest.raises(ReadError) as info:
        detect_encoding(data, file="odd.csv")
    assert str(info.value) == (
        "odd.csv: byte 0x81 on line 3 is undefined in Windows-1252: the encoding is not UTF-8 "
        "or Windows-1252; save it as CSV UTF-8"
    )


def test_detect_encoding_refuses_mixed_utf8_and_windows_1252() -> None:
    data = "Name,Amount\nA,£5\n".encode() + "B,£6\n".encode("cp1252")
    with pytest.raises(ReadError) as info:
        detect_encoding(data, file="mixed.csv")
    assert str(info.value) == (
        "mixed.csv: mixes encodings: line 2 is written in UTF-8 but byte 0xA3 on line 3 is "
        "not; save it as CSV UTF-8"
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive, such as an XLSX workbook"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "a legacy Excel .xls or other Office document"),
        (b"Name,Amount\nA,5\x00\n", "binary data (it contains NUL bytes)"),
        (b"Name,Amount\n\x01\x02\x03\x04\x05\x06A,5\n", "binary data (27% control characters)"),
    ],
)
def test_detect_encoding_refuses_binary(data: bytes, kind: str) -> None:
    with pytest.raises(ReadError) as info:
        detect_encoding(data, file="x.csv")
    assert str(info.value) == f"x.csv: is not a text CSV (looks like {kind})"


def test_detect_encoding_refuses_utf16() -> None:
    with pytest.raises(ReadError) as info:
        detect_encoding("Name,Amount\n".encode("utf-16"), file="u.csv")
    assert str(info.value) == "u.csv: is UTF-16 text, which is not supported; save it as CSV UTF-8"


def test_a_few_control_characters_are_not_binary() -> None:
    data = b"Name,Amount\n" + b"Acme Ltd,5\n" * 20 + b"\x1a"
    assert detect_encoding(data) == "utf-8"


# --- CSV files ------------------------------------------------------------------------------

COUNCIL_CSV = (
    "Spending over £500 – November 2017\r\n"
    "Published by Example Borough Council under the Local Government Transparency Code\r\n"
    "\r\n"
    "Body Name,Date,Transaction Number,Net Amount,Supplier Name,Expense Type,Expense Area\r\n"
    'Example Borough Council,01/11/2017,100234,"1,329,075.00",Acme Construction Ltd,'
    "Capital works,Highways\r\n"
    "Example Borough Council,02/11/2017,100235,£33.73,REDACTED PERSONAL DATA,"
    "Care packages,Adult Social Care\r\n"
    ",,,,,,\r\n"
    "Example Borough Council,Nov-17,100236,(3000),Withheld,Legal fees,Legal Services\r\n"
)


def test_csv_in_windows_1252_with_titles_above_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "spend.csv", COUNCIL_CSV.encode("cp1252"))
    sheet = read_table(path)
    assert sheet == Sheet(
        file=str(path),
        sheet=None,
        encoding="cp1252",
        header_row=4,
        header=PAYMENTS_HEADER,
        raw_header=PAYMENTS_HEADER,
        rows=[
            (
                "Example Borough Council",
                "01/11/2017",
                "100234",
                "1,329,075.00",
                "Acme Construction Ltd",
                "Capital works",
                "Highways",
            ),
            (
                "Example Borough Council",
                "02/11/2017",
                "100235",
                "£33.73",
                "REDACTED PERSONAL DATA",
                "Care packages",
                "Adult Social Care",
            ),
            (
                "Example Borough Council",
                "Nov-17",
                "100236",
                "(3000)",
                "Withheld",
                "Legal fees",
                "Legal Services",
            ),
        ],
        row_numbers=[5, 6, 8],
        warnings=[
            "decoded as Windows-1252 because it is not valid UTF-8",
            "ignored rows 1, 2 above the header (titles or notes)",
        ],
    )


def test_csv_in_utf8_and_utf8_with_bom_read_the_same(tmp_path: Path) -> None:
    plain = read_table(write(tmp_path, "plain.csv", COUNCIL_CSV.encode("utf-8")))
    bom = read_table(write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + COUNCIL_CSV.encode("utf-8")))
    assert (plain.encoding, bom.encoding) == ("utf-8", "utf-8-sig")
    assert plain.rows == bom.rows
    assert plain.rows[1][3] == "£33.73"
    assert bom.warnings == ["ignored rows 1, 2 above the header (titles or notes)"]


def test_bom_does_not_stick_to_the_first_header(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", b"\xef\xbb\xbfBody Name,Net Amount\r\nCouncil,5\r\n")
    sheet = read_table(path)
    assert sheet.header == ("Body Name", "Net Amount")
    assert sheet.header_row == 1
    assert sheet.warnings == []


def test_quoted_header_cells_with_line_breaks(tmp_path: Path) -> None:
    text = (
        "Government Major Projects Portfolio data, September 2017\n"
        "\n"
        'Project Name,Department,"Baseline Whole Life Cost (£m)\n(including non-Government '
        'costs)\nThe baseline figure is the cost agreed at approval.","Forecast whole life '
        'cost (£m)"\n'
        "Crossrail,DfT,14800.5,15400\n"
        'Smart Meters,BEIS,"Exempt under Section 43 of the Freedom of Information Act 2000 '
        '(Commercial Interests)",11000\n'
    )
    sheet = read_table(write(tmp_path, "gmpp.csv", text))
    assert sheet.header_row == 3
    assert sheet.raw_header[2] == (
        "Baseline Whole Life Cost (£m)\n(including non-Government costs)\n"
        "The baseline figure is the cost agreed at approval."
    )
    assert sheet.header == (
        "Project Name",
        "Department",
        "Baseline Whole Life Cost (£m) (including non-Government costs) The baseline figure is "
        "the cost agreed at approval.",
        "Forecast whole life cost (£m)",
    )
    assert sheet.rows == [
        ("Crossrail", "DfT", "14800.5", "15400"),
        (
            "Smart Meters",
            "BEIS",
            "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)",
            "11000",
        ),
    ]
    # Row numbers count records, as a spreadsheet shows them, not physical lines.
    assert sheet.row_numbers == [4, 5]


def test_semicolon_delimited_csv(tmp_path: Path) -> None:
    text = (
        "Payments over 500 EUR; 2017\n"
        "Body Name;Date;Supplier Name;Amount\n"
        'Example Council;2017-11-01;"Acme; Sons";1.329.075,00\n'
        "Example Council;2017-11-02;Bolt Ltd;33,73\n"
    )
    sheet = read_table(write(tmp_path, "semi.csv", text))
    assert sheet.header == ("Body Name", "Date", "Supplier Name", "Amount")
    assert sheet.rows == [
        ("Example Council", "2017-11-01", "Acme; Sons", "1.329.075,00"),
        ("Example Council", "2017-11-02", "Bolt Ltd", "33,73"),
    ]
    assert sheet.header_row == 2


def test_tab_and_pipe_delimited_files(tmp_path: Path) -> None:
    tsv = read_table(write(tmp_path, "p.tsv", "Supplier\tAmount\nAcme, Ltd\t£5\nBolt\t£6\n"))
    assert tsv.rows == [("Acme, Ltd", "£5"), ("Bolt", "£6")]
    pipe = read_table(write(tmp_path, "p.txt", "Supplier|Amount\nAcme|£5\nBolt|£6\n"))
    assert pipe.header == ("Supplier", "Amount")
    assert pipe.rows == [("Acme", "£5"), ("Bolt", "£6")]


def test_text_is_kept_exactly_as_written(tmp_path: Path) -> None:
    text = 'Supplier,Amount,Note\n  Acme  ,"00123",\nBolt," -£3,000 ",n/a\n'
    sheet = read_table(write(tmp_path, "exact.csv", text))
    assert sheet.rows == [("  Acme  ", "00123", None), ("Bolt", " -£3,000 ", "n/a")]


def test_short_rows_are_padded_with_none(tmp_path: Path) -> None:
    text = "Project,Department,Cost,Status\nA,DfT,5,Live\nB,MoD\nC,HO,7,Stopped\n"
    sheet = read_table(write(tmp_path, "short.csv", text))
    assert sheet.rows == [
        ("A", "DfT", "5", "Live"),
        ("B", "MoD", None, None),
        ("C", "HO", "7", "Stopped"),
    ]


def test_long_row_with_data_in_the_extra_cells_is_an_error(tmp_path: Path) -> None:
    text = (
        ",".join(PAYMENTS_HEADER)
        + "\nCouncil,2017-11-01,1,5,Acme,Fees,Legal\n"
        + "Council,2017-11-01,2,5,Acme, Ltd,Fees,Legal,oops\n"
    )
    path = write(tmp_path, "ragged.csv", text)
    error = read_error(path)
    assert (error.row, error.column) == (3, None)
    assert str(error) == f"{path}, row 3: has 9 cells, header has 7"


def test_long_row_with_only_empty_extra_cells_is_fine(tmp_path: Path) -> None:
    text = "Supplier,Amount\nAcme,5,,\nBolt,6, \n"
    sheet = read_table(write(tmp_path, "extra.csv", text))
    assert sheet.rows == [("Acme", "5"), ("Bolt", "6")]


def test_trailing_empty_column_is_stripped(tmp_path: Path) -> None:
    text = "Supplier,Amount,\nAcme,5,\nBolt,6,\n"
    sheet = read_table(write(tmp_path, "trailing.csv", text))
    assert sheet.header == ("Supplier", "Amount")
    assert sheet.raw_header == ("Supplier", "Amount")
    assert sheet.rows == [("Acme", "5"), ("Bolt", "6")]


def test_unnamed_column_with_data_is_kept_and_named(tmp_path: Path) -> None:
    text = "Supplier,,Amount\nAcme,x,5\nBolt,,6\n"
    sheet = read_table(write(tmp_path, "unnamed.csv", text))
    assert sheet.header == ("Supplier", "column_2", "Amount")
    assert sheet.raw_header == ("Supplier", "", "Amount")
    assert sheet.rows == [("Acme", "x", "5"), ("Bolt", None, "6")]
    assert sheet.warnings == ["the header cell of column 2 is empty; named it 'column_2'"]


def test_duplicate_headers_get_numbered_ignoring_case(tmp_path: Path) -> None:
    text = "Amount,Supplier,amount,Amount\n1,Acme,2,3\n4,Bolt,5,6\n"
    sheet = read_table(write(tmp_path, "dups.csv", text))
    assert sheet.header == ("Amount", "Supplier", "amount (2)", "Amount (3)")
    assert sheet.raw_header == ("Amount", "Supplier", "amount", "Amount")
    assert sheet.warnings == [
        "header 'amount' appears more than once; column 3 is named 'amount (2)'",
        "header 'Amount' appears more than once; column 4 is named 'Amount (3)'",
    ]


def test_blank_and_whitespace_rows_are_skipped_but_numbers_stay_true(tmp_path: Path) -> None:
    text = "Supplier,Amount\n\nAcme,5\n , \n,,\nBolt,6\n"
    sheet = read_table(write(tmp_path, "gaps.csv", text))
    assert sheet.rows == [("Acme", "5"), ("Bolt", "6")]
    assert sheet.row_numbers == [3, 6]


def test_explicit_header_row_overrides_detection(tmp_path: Path) -> None:
    # Of two rows of words, detection takes the one nearest the data (exports often put a
    # row of database names above the readable one); header_row chooses the other.
    text = "Supplier,Amount\nSection,Value\nAcme,5\n"
    path = write(tmp_path, "explicit.csv", text)
    detected = read_table(path)
    assert detected.header == ("Section", "Value")
    assert detected.warnings == ["ignored row 1 above the header (titles or notes)"]
    sheet = read_table(path, header_row=1)
    assert sheet.header == ("Supplier", "Amount")
    assert sheet.header_row == 1
    assert sheet.rows == [("Section", "Value"), ("Acme", "5")]
    assert sheet.warnings == []


def test_explicit_header_row_outside_the_file_or_blank(tmp_path: Path) -> None:
    path = write(tmp_path, "short.csv", "Supplier,Amount\n\nAcme,5\n")
    assert str(read_error(path, header_row=9)) == f"{path}: has no row 9 to use as the header"
    assert str(read_error(path, header_row=2)) == (
        f"{path}, row 2: is empty, so it cannot be the header"
    )


def test_max_rows_reads_a_preview_and_says_so(tmp_path: Path) -> None:
    text = "Supplier,Amount\nAcme,5\nBolt,6\n\nCogs,7\n"
    path = write(tmp_path, "preview.csv", text)
    sheet = read_table(path, max_rows=2)
    assert sheet.rows == [("Acme", "5"), ("Bolt", "6")]
    assert sheet.warnings == ["read only the first 2 data rows; the file has more"]
    assert read_table(path, max_rows=3).warnings == []


def test_csv_wider_than_max_columns_is_refused(tmp_path: Path) -> None:
    wide = ",".join(f"c{i}" for i in range(12))
    path = write(tmp_path, "wide.csv", f"{wide}\n{wide}\n")
    error = read_error(path, max_columns=10)
    assert str(error) == f"{path}, row 1: has 12 columns, more than the limit of 10"


def test_csv_with_more_cells_than_max_cells_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "big.csv", "Supplier,Amount\n" + "Acme,5\n" * 10)
    error = read_error(path, max_cells=15)
    assert str(error) == f"{path}, row 8: has more than the limit of 15 cells"


def test_unclosed_quote_is_an_error_not_a_swallowed_file(tmp_path: Path) -> None:
    text = 'Supplier,Amount\nAcme,5\n"Bolt,6\nCogs,7\n'
    path = write(tmp_path, "quote.csv", text)
    error = read_error(path)
    assert str(error) == f"{path}, row 3: is not valid CSV near line 4: unexpected end of data"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\r\n  \r\n", "is empty"),
        (b",,,\r\n,,,\r\n", "is empty"),
        (b"Supplier,Amount\r\n", "has no data rows (only a header at row 1)"),
        (b"Payments\r\n\r\nSupplier,Amount\r\n,\r\n", "has no data rows (only a header at row 3)"),
    ],
)
def test_empty_and_header_only_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = write(tmp_path, "empty.csv", content)
    assert str(read_error(path)) == f"{path}: {problem}"


def test_png_posing_as_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "spend.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")
    assert str(read_error(path)) == f"{path}: is not a text CSV (looks like a PNG image)"


def test_workbook_posing_as_csv(tmp_path: Path) -> None:
    book = tmp_path / "real.xlsx"
    openpyxl.Workbook().save(book)
    path = write(tmp_path, "spend.csv", book.read_bytes())
    assert str(read_error(path)) == (
        f"{path}: is not a text CSV (looks like a ZIP archive, such as an XLSX workbook)"
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (
            "spend.pdf",
            "has an unsupported file type '.pdf'; expected .csv, .tsv, .txt, .xlsx, .xlsm",
        ),
        ("spend", "has an unsupported file type '(none)'; expected .csv, .tsv, .txt, .xlsx, .xlsm"),
        ("spend.xls", "is a legacy Excel .xls workbook; save it as .xlsx or CSV UTF-8"),
        ("spend.ods", "is an OpenDocument spreadsheet; save it as .xlsx or CSV UTF-8"),
    ],
)
def test_unknown_extensions(tmp_path: Path, name: str, problem: str) -> None:
    path = write(tmp_path, name, "Supplier,Amount\nAcme,5\n")
    assert str(read_error(path)) == f"{path}: {problem}"


def test_upper_case_extension_is_accepted(tmp_path: Path) -> None:
    sheet = read_table(write(tmp_path, "SPEND.CSV", "Supplier,Amount\nAcme,5\n"))
    assert sheet.rows == [("Acme", "5")]


def test_missing_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    assert str(read_error(path)) == f"{path}: cannot be read: No such file or directory"


def test_csv_has_no_sheets(tmp_path: Path) -> None:
    path = write(tmp_path, "spend.csv", "Supplier,Amount\nAcme,5\n")
    error = read_error(path, sheet="Data")
    assert error.problem == "is a CSV file, which has no sheets (asked for 'Data')"


# --- XLSX files -----------------------------------------------------------------------------

GMPP_HEADER = (
    "Project Name",
    "Department",
    "Delivery Confidence Assessment",
    "Baseline Whole Life Cost (£m)\n(including non-Government costs)",
    "Forecast whole life cost (£m)",
    "Start Date",
    "Checked",
    "Total",
)


def gmpp_workbook(path: Path) -> Path:
    """A cover sheet, then "Data": two title rows, a blank row, a multi-line header, values."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Government Major Projects Portfolio"
    cover["A3"] = "Read the notes before using these figures."
    ws = wb.create_sheet("Data")
    ws["A1"] = "Annual Report on Major Projects 2017-18"
    ws["A2"] = "Data as at September 2017"
    ws.append([])
    ws.append(list(GMPP_HEADER))
    ws.append(["Crossrail", "DfT", "Amber", 1329075.0, 32614, datetime(2017, 11, 1), True, None])
    ws.append(
        [
            "Smart Meters",
            "BEIS",
            "Red",
            0.1,
            33.73,
            datetime(2017, 11, 1, 13, 45),
            False,
            "=SUM(D6:E6)",
        ]
    )
    ws.append(["Border Programme", "HO", "Exempt", 0.1 + 0.2, -3000, date(2018, 1, 31), None, None])
    wb.create_sheet("Empty")
    wb.save(path)
    return path


def test_xlsx_sheet_by_name_with_titles_above_a_multi_line_header(tmp_path: Path) -> None:
    path = gmpp_workbook(tmp_path / "gmpp.xlsx")
    sheet = read_table(path, sheet="Data")
    assert sheet == Sheet(
        file=str(path),
        sheet="Data",
        encoding=None,
        header_row=4,
        header=(
            "Project Name",
            "Department",
            "Delivery Confidence Assessment",
            "Baseline Whole Life Cost (£m) (including non-Government costs)",
            "Forecast whole life cost (£m)",
            "Start Date",
            "Checked",
            "Total",
        ),
        raw_header=GMPP_HEADER,
        rows=[
            ("Crossrail", "DfT", "Amber", "1329075", "32614", "2017-11-01", "TRUE", None),
            (
                "Smart Meters",
                "BEIS",
                "Red",
                "0.1",
                "33.73",
                "2017-11-01 13:45:00",
                "FALSE",
                None,
            ),
            ("Border Programme", "HO", "Exempt", "0.3", "-3000", "2018-01-31", None, None),
        ],
        row_numbers=[5, 6, 7],
        warnings=[
            "ignored rows 1, 2 above the header (titles or notes)",
            "1 formula cell had no saved result and read as empty (H6); open and save the "
            "workbook in Excel to store the results",
        ],
    )


def test_xlsx_never_returns_formula_text(tmp_path: Path) -> None:
    sheet = read_table(gmpp_workbook(tmp_path / "gmpp.xlsx"), sheet="Data")
    cells = [cell for row in sheet.rows for cell in row if cell is not None]
    assert not [cell for cell in cells if cell.startswith("=") or "SUM" in cell]


def test_xlsx_formula_with_a_cached_value_reads_the_value(tmp_path: Path) -> None:
    path = gmpp_workbook(tmp_path / "cached.xlsx")
    rewrite_part(
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace("<f>SUM(D6:E6)</f><v />", "<f>SUM(D6:E6)</f><v>33.83</v>"),
    )
    sheet = read_table(path, sheet="Data")
    assert sheet.rows[1][7] == "33.83"
    assert sheet.warnings == ["ignored rows 1, 2 above the header (titles or notes)"]


def test_xlsx_default_sheet_is_the_first_with_a_table(tmp_path: Path) -> None:
    sheet = read_table(gmpp_workbook(tmp_path / "gmpp.xlsx"))
    assert sheet.sheet == "Data"
    assert sheet.header_row == 4
    assert sheet.warnings[0] == (
        "read sheet 'Data', the first with a table; the workbook also has 'Cover', 'Empty'"
    )


def test_xlsx_default_sheet_falls_back_to_the_first_with_any_data(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Blank"
    ws = wb.create_sheet("Totals")
    for value in ("Amount", 5, 6):
        ws.append([value])
    path = tmp_path / "single.xlsx"
    wb.save(path)
    sheet = read_table(path)
    assert (sheet.sheet, sheet.header, sheet.rows) == ("Totals", ("Amount",), [("5",), ("6",)])
    assert sheet.warnings == [
        "read sheet 'Totals', the first with any data; the workbook also has 'Blank'",
        "no row looks like a header; used row 1, the first widest row (pass header_row to "
        "choose another)",
    ]


def test_xlsx_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = gmpp_workbook(tmp_path / "gmpp.xlsx")
    assert str(read_error(path, sheet="data")) == (
        f"{path}: has no sheet named 'data'; its sheets are: 'Cover', 'Data', 'Empty'"
    )


def test_xlsx_named_empty_sheet(tmp_path: Path) -> None:
    path = gmpp_workbook(tmp_path / "gmpp.xlsx")
    assert str(read_error(path, sheet="Empty")) == f"{path}: sheet 'Empty' is empty"


def test_xlsx_workbook_with_no_data(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    assert str(read_error(path)) == f"{path}: is empty (no sheet has any data)"


def test_xlsx_header_only(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Supplier", "Amount"])
    path = tmp_path / "header.xlsx"
    wb.save(path)
    assert str(read_error(path)) == f"{path}: has no data rows (only a header at row 1)"


def test_xlsx_declaring_more_columns_than_allowed_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Supplier", "Amount"])
    ws.append(["Acme", 5])
    ws.cell(row=2, column=16_384, value="stray")  # XFD, the last column Excel allows
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    assert str(read_error(path, max_columns=1000)) == (
        f"{path}: sheet 'Data' has 16,384 columns, more than the limit of 1,000"
    )


def test_xlsx_claiming_20000_columns_is_refused(tmp_path: Path) -> None:
    # No writer will put a cell at column 20,000 (Excel stops at 16,384), so forge the XML.
    wb = openpyxl.Workbook()
    wb.active.append(["Supplier", "Amount"])
    wb.active.append(["Acme", 5])
    path = tmp_path / "forged.xlsx"
    wb.save(path)
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:B2" />', '<dimension ref="A1:ACOF2" />'),
    )
    assert str(read_error(path, max_columns=1000)) == (
        f"{path}: is not a readable XLSX workbook: A1:ACOF2 is not a valid coordinate or range"
    )


def test_xlsx_declaring_more_cells_than_allowed_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Supplier", "Amount"])
    ws.cell(row=1000, column=20, value="x")
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    assert str(read_error(path, max_cells=10_000)) == (
        f"{path}: sheet 'Sheet' has 1,000 rows x 20 columns, more than the limit of 10,000 cells"
    )


def lying_dimension_workbook(path: Path, column: int) -> Path:
    """A sheet whose <dimension> says A1:B3 while a cell sits at `column`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Supplier", "Amount"])
    ws.append(["Acme", 5])
    ws.append(["Bolt", 6])
    ws.cell(row=3, column=column, value="note")
    wb.save(path)
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'<dimension ref="[A-Z0-9:]+" />', '<dimension ref="A1:B3" />', xml),
    )
    return path


def test_xlsx_cells_outside_the_declared_dimensions_are_not_dropped(tmp_path: Path) -> None:
    sheet = read_table(lying_dimension_workbook(tmp_path / "lies.xlsx", 3))
    assert sheet.header == ("Supplier", "Amount", "column_3")
    assert sheet.rows == [("Acme", "5", None), ("Bolt", "6", "note")]


def test_xlsx_lying_dimensions_still_stop_at_max_columns(tmp_path: Path) -> None:
    path = lying_dimension_workbook(tmp_path / "lies.xlsx", 1500)
    error = read_error(path, max_columns=1000)
    assert str(error) == f"{path}, row 3: has 1,500 columns, more than the limit of 1,000"


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = gmpp_workbook(tmp_path / "good.xlsx").read_bytes()
    path = write(tmp_path, "cut.xlsx", good[: len(good) // 2])
    assert (
        str(read_error(path)) == f"{path}: is not a readable XLSX workbook: File is not a zip file"
    )


def test_xlsx_missing_its_sheet_part_is_not_offered(tmp_path: Path) -> None:
    good = gmpp_workbook(tmp_path / "good.xlsx")
    path = tmp_path / "partial.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                dst.writestr(info, src.read(info.filename))
    assert str(read_error(path, sheet="Data")) == (
        f"{path}: has no sheet named 'Data'; its sheets are: 'Cover', 'Empty'"
    )


def test_xlsx_with_broken_sheet_xml(tmp_path: Path) -> None:
    path = gmpp_workbook(tmp_path / "broken.xlsx")
    rewrite_part(path, "xl/worksheets/sheet2.xml", lambda xml: xml[: len(xml) // 2])
    error = read_error(path, sheet="Data")
    assert error.problem.startswith("is not a readable XLSX workbook: no element found: line ")


def test_csv_text_named_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path, "spend.xlsx", "Supplier,Amount\nAcme,5\n")
    assert (
        str(read_error(path)) == f"{path}: is not a readable XLSX workbook: File is not a zip file"
    )


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Supplier", "Amount"])
    wb.active.append(["Acme", 5])
    path = tmp_path / "macro.xlsm"
    wb.save(path)
    assert read_table(path).rows == [("Acme", "5")]


def test_xlsx_max_rows_and_row_gaps(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A2"], ws["B2"] = "Supplier", "Amount"
    for row, (name, amount) in zip((3, 7, 9), (("Acme", 5), ("Bolt", 6), ("Cogs", 7)), strict=True):
        ws.cell(row=row, column=1, value=name)
        ws.cell(row=row, column=2, value=amount)
    path = tmp_path / "gaps.xlsx"
    wb.save(path)
    sheet = read_table(path, max_rows=2)
    assert sheet.header_row == 2
    assert sheet.rows == [("Acme", "5"), ("Bolt", "6")]
    assert sheet.row_numbers == [3, 7]
    assert sheet.warnings == ["read only the first 2 data rows; the file has more"]


# --- cell_text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", None),
        ("Exempt - Section 43", "Exempt - Section 43"),
        (32614, "32614"),
        (-3000, "-3000"),
        (1329075.0, "1329075"),
        (33.73, "33.73"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.3"),
        (-0.0, "0"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (True, "TRUE"),
        (False, "FALSE"),
        (datetime(2017, 11, 1), "2017-11-01"),
        (datetime(2017, 11, 1, 13, 45), "2017-11-01 13:45:00"),
        (datetime(2017, 11, 1, 13, 45, 0, 500_000), "2017-11-01 13:45:00.500"),
        (date(2017, 11, 1), "2017-11-01"),
        (time(9, 30), "09:30:00"),
        (timedelta(hours=26), "1 day, 2:00:00"),
    ],
)
def test_cell_text(value: object, text: str | None) -> None:
    assert cell_text(value) == text


# --- header detection -----------------------------------------------------------------------


def test_find_header_row_skips_titles_notes_and_blank_rows() -> None:
    rows: list[list[str | None]] = [
        ["Spending over £500, November 2017"],
        ["Published by Example Council", None, None, "Contact: foi@example.gov.uk"],
        [],
        list(PAYMENTS_HEADER),
        ["Council", "2017-11-01", "1", "£5", "Acme", "Fees", "Legal"],
    ]
    assert find_header_row(rows) == 3


def test_find_header_row_rejects_a_row_of_numbers() -> None:
    rows: list[list[str | None]] = [
        ["2015", "2016", "2017", "2018"],
        ["Project", "Cost 2016", "Cost 2017", "Cost 2018"],
        ["Crossrail", "£5m", "£6m", "£7m"],
    ]
    assert find_header_row(rows) == 1


def test_find_header_row_needs_similar_rows_below() -> None:
    rows: list[list[str | None]] = [
        ["Prepared by", "Finance team"],
        ["Reviewed by", "Audit"],
        [],
        ["Project", "Department", "Status", "Cost"],
        ["Crossrail", "DfT", "Live", "£5m"],
    ]
    # The first two rows are wordy but too narrow beside the four-column header.
    assert find_header_row(rows) == 3
    # Without the data row, the header is not confirmed; the first widest row is used.
    assert find_header_row(rows[:4]) == 3
    assert find_header_row([["Only a title"]]) == 0
    assert find_header_row([]) == 0


def test_find_header_row_respects_max_scan() -> None:
    rows: list[list[str | None]] = [["Note"]] * 5 + [["Supplier", "Amount"], ["Acme", "5"]]
    assert find_header_row(rows, max_scan=30) == 5
    assert find_header_row(rows, max_scan=3) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-11-01", True),
        ("2017-11-01 00:00:00", True),
        ("01/11/2017", True),
        ("1/11/17", True),
        ("Nov-17", True),
        ("1 Nov 2017", True),
        ("November 2017", True),
        ("2015-16", False),
        ("Total 17", False),
        ("£2,017", False),
        ("", False),
        (None, False),
    ],
)
def test_looks_like_date(text: str | None, expected: bool) -> None:
    assert looks_like_date(text) is expected


def test_a_sample_of_a_big_csv_reads_its_head_only_and_falls_back_when_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foi.importing import read as readers

    lines = ["Name,Amount,Note"]
    for n in range(100):
        note = '"two\nlines"' if n % 7 == 0 else "plain"
        lines.append(f"Supplier {n},{n}.50,{note}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = readers.read_table(path)
    monkeypatch.setattr(readers, "SAMPLE_BYTES", 300)  # the head ends inside the file
    head = readers.read_table(path, max_rows=5)
    assert head.rows == whole.rows[:5] and head.row_numbers == whole.row_numbers[:5]
    more = readers.read_table(path, max_rows=90)  # more rows than the head holds
    assert more.rows == whole.rows[:90]
    assert more.rows[-1][0] == "Supplier 89"

"""Malformed uploads and imports: each ends cleanly or in ImportFailed, and a failure changes nothing.

Every file is generated here in tmp_path (CSV as exact bytes, XLSX with openpyxl or forged
part by part), then run through foi.importing.import_files into a private copy of a database
built once for the module from data/. The rules for every case:

- the import either completes or raises ImportFailed; any other exception is a bug;
- an ImportFailed message names the file (and the row, where there is one) and is short;
- after a failure the database is byte-identical (sha256) and no temporary file is left
  beside it; after a success the folder holds just the database, which opens;
- case-specific checks: text that looks like a formula is kept as text and exported to XLSX
  as a string, never a formula; hostile amounts are classified or unparsed, never a wrong
  number or a crash; impossible dates are not turned into real ones; and so on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import random
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from foi import exports, filters
from foi.build import build
from foi.importing import ImportFailed, ImportOptions, ImportReport, import_files
from foi.upload import safe_name, save_upload

ROOT = Path(__file__).resolve().parent.parent
DATASET = "bad-file"
PROJECT_HEADER = "Project,Status,Amount\n"
PAYMENT_HEADER = "Date,Supplier,Transaction,Amount\n"


@pytest.fixture(scope="module")
def module_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ built once for this module."""
    private_db = tmp_path_factory.mktemp("bad-files-built") / "foi.duckdb"
    build(ROOT / "data", private_db)
    return private_db


@pytest.fixture
def private_db(module_db: Path, tmp_path: Path) -> Path:
    """A private copy of the module's database, alone in its folder."""
    folder = tmp_path / "db"
    folder.mkdir()
    target = folder / "foi.duckdb"
    shutil.copy2(module_db, target)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(private_db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(private_db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# --- file makers ----------------------------------------------------------------------------


def project_csv(body: str, n_good: int = 0, encoding: str = "utf-8") -> bytes:
    good = "".join(f"Good {i},Red,{1000 + i}\n" for i in range(n_good))
    return (PROJECT_HEADER + good + body).encode(encoding)


def payment_csv(body: str, n_good: int = 300, encoding: str = "utf-8") -> bytes:
    good = "".join(
        f"0{1 + i % 9}/02/2017,Supplier {i % 7} Ltd,T{i},{100 + i}.50\n" for i in range(n_good)
    )
    return (PAYMENT_HEADER + good + body).encode(encoding)


def xlsx(table: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in table:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD_XLSX = [["Project", "Status", "Amount"], ["A", "Red", 5], ["B", "Green", "£6m"]]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def forged_xlsx(sheet_xml: str, shared: str | None = None) -> bytes:
    """A minimal workbook assembled part by part, so the sheet XML can say anything."""
    sst_ct = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_CT}"/>'
    sst_rel = f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_CT}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_CT}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_CT}"/>'
            f"{sst_ct if shared else ''}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{sst_rel if shared else ''}</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared:
        parts["xl/sharedStrings.xml"] = shared
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _cell(ref: str, value: Any) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def xml_row(number: int, values: list[Any]) -> str:
    cells = "".join(_cell(f"{col}{number}", v) for col, v in zip("ABCDEFGH", values))
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(body: str, dimension: str = "A1:C3", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{_MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


TABLE_XML = (
    xml_row(1, ["Project", "Status", "Amount"])
    + xml_row(2, ["A", "Red", 5])
    + xml_row(3, ["B", "Green", 6])
)


def many_rows_xlsx(n: int) -> bytes:
    """A sheet of `n` data rows: 30 MB of XML that zips to about a tenth (zip-bomb-like)."""
    body = xml_row(1, ["Project", "Status", "Amount"]) + "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>P{i}</t></is></c>'
        f'<c r="B{i}" t="inlineStr"><is><t>Red</t></is></c><c r="C{i}"><v>{i}</v></c></row>'
        for i in range(2, n + 2)
    )
    return forged_xlsx(sheet_xml(body, dimension=f"A1:C{n + 1}"))


def uncached_formulas_xlsx() -> bytes:
    body = (
        xml_row(1, ["Project", "Status", "Amount"])
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Red</t></is></c><c r="C2"><f>1+1</f></c></row>'
        + xml_row(3, ["B", "Green", 6])
        + '<row r="4"><c r="A4" t="inlineStr"><is><t>C</t></is></c>'
        '<c r="B4" t="inlineStr"><is><t>Red</t></is></c>'
        '<c r="C4"><f>HYPERLINK("http://evil","x")</f></c></row>'
        + "".join(xml_row(i, [f"P{i}", "Green", i]) for i in range(5, 205))
    )
    return forged_xlsx(sheet_xml(body, dimension="A1:C204"))


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">'
        for i in range(2, 10)
    )
    + "]>"
)
_XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def billion_laughs_xlsx() -> bytes:
    body = (
        xml_row(1, ["Project", "Status", "Amount"])
        + xml_row(2, ["&lol9;", "Red", 5])
        + xml_row(3, ["B", "Green", 6])
    )
    return forged_xlsx(sheet_xml(body, prolog=_LAUGHS))


def xxe_xlsx() -> bytes:
    body = (
        xml_row(1, ["Project", "Status", "Amount"]) + '<row r="2"><c r="A2" t="s"><v>0</v></c>'
        '<c r="B2" t="inlineStr"><is><t>Red</t></is></c><c r="C2"><v>5</v></c></row>'
        + xml_row(3, ["B", "Green", 6])
    )
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?>{_XXE}<sst xmlns="{_MAIN}" count="1" '
        'uniqueCount="1"><si><t>&xxe;</t></si></sst>'
    )
    return forged_xlsx(sheet_xml(body), shared=shared)


def wide_csv(columns: int) -> bytes:
    header = ",".join(f"Column {i}" for i in range(columns - 1)) + ",Amount\n"
    return (header + ",".join("1" for _ in range(columns)) + "\n").encode()


# --- case-specific checks -------------------------------------------------------------------


def figures(private_db: Path, dataset: str = DATASET) -> list[dict[str, Any]]:
    con = duckdb.connect(str(private_db), read_only=True)
    try:
        cur = con.execute(
            "SELECT f.*, p.name AS project_name FROM figures f LEFT JOIN projects p "
            "ON p.dataset = f.dataset AND p.project_id = f.subject_id WHERE f.dataset = $1",
            [dataset],
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def by_text(private_db: Path) -> dict[str, dict[str, Any]]:
    return {f["original_text"]: f for f in figures(private_db) if f["original_text"] is not None}


def unknown_ones_are_counted_unparsed(report: ImportReport, private_db: Path, texts) -> None:
    """Non-empty cells loaded without a value are reported as unparsed, never as blank.

    "NaN" is the exception: it is how pandas writes an empty cell, so blank is a fair reading.
    """
    found = by_text(private_db)
    unknown = [
        t for t in texts if t in found and found[t]["disclosure"] == "unknown" and t != "NaN"
    ]
    unparsed = sum(c.unparsed for c in report.columns.values())
    blank = sum(c.blank for c in report.columns.values())
    assert unparsed >= len(unknown), (
        f"cells {unknown} were loaded as unknown but the report counts only {unparsed} "
        f"unparsed (and {blank} blank)"
    )


def hostile_amounts_are_classified(texts: dict[str, Decimal | None]) -> Callable:
    """Each text is unparsed (unknown, text kept) or disclosed as exactly its true value."""

    def check(report: ImportReport, private_db: Path) -> None:
        found = by_text(private_db)
        for text, true_value in texts.items():
            fig = found.get(text)
            assert fig is not None, f"{text!r} was not loaded with its original text"
            if fig["disclosure"] == "disclosed":
                assert true_value is not None, f"{text!r} read as {fig['amount_gbp']}"
                assert fig["amount_gbp"] == true_value, (text, fig["amount_gbp"])
            else:
                assert fig["disclosure"] == "unknown" and fig["amount_gbp"] is None, fig
        unknown_ones_are_counted_unparsed(report, private_db, texts)

    return check


def count_is(n: int) -> Callable:
    def check(report: ImportReport, private_db: Path) -> None:
        assert report.rows_loaded == n
        assert len(figures(private_db)) == n * max(1, len(report.columns))

    return check


def warns(*words: str) -> Callable:
    def check(report: ImportReport, private_db: Path) -> None:
        shown = " ".join(w for f in report.files for w in f["warnings"])
        for word in words:
            assert word in shown, shown

    return check


def impossible_dates_stay_unknown(report: ImportReport, private_db: Path) -> None:
    for fig in figures(private_db):
        ref = fig.get("reference")
        if ref in ("T-feb31", "T-feb30", "T-zero", "T-month13"):
            assert fig["as_of"] is None, (ref, fig["as_of"])


def all_suppliers_redacted(report: ImportReport, private_db: Path) -> None:
    assert report.shape == "payments"
    assert report.redacted_counterparty_rows == report.payments_rows == 5
    assert report.redacted_counterparty_gbp == report.payments_total_gbp == Decimal("1500")
    assert report.as_json()["withheld_share_gbp"] == 1.0
    assert all(not f["counterparty"] for f in figures(private_db))


def cr_only_rows(report: ImportReport, private_db: Path) -> None:
    assert report.rows_loaded == 3
    names = sorted(f["project_name"] for f in figures(private_db))
    assert names == ["Alpha", "Beta", "Gamma"]
    assert sorted(f["amount_gbp"] for f in figures(private_db)) == [
        Decimal(5),
        Decimal(6),
        Decimal(7),
    ]


def decimal_comma_not_misread(report: ImportReport, private_db: Path) -> None:
    """'1.234,56' is £1,234.56 or unparsed; never 1.23456, 123456 or 1234.56 in disguise."""
    found = by_text(private_db)
    for text, right in (("1.234,56", Decimal("1234.56")), ("7,5", Decimal("7.5"))):
        fig = found[text]
        if fig["disclosure"] == "disclosed":
            assert fig["amount_gbp"] == right, (text, fig["amount_gbp"])
        else:
            assert fig["amount_gbp"] is None
    unknown_ones_are_counted_unparsed(report, private_db, ["1.234,56", "2.000,00", "7,5"])


FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "=1+1",
]


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def formulas_stay_text(report: ImportReport, private_db: Path) -> None:
    names = {f["project_name"] for f in figures(private_db)}
    assert set(FORMULAS) <= names, names - {f"Good {i}" for i in range(200)}
    found = by_text(private_db)
    for text in FORMULAS:
        fig = found[text]  # the amount cell, kept exactly as written
        assert fig["disclosure"] == "unknown" and fig["amount_gbp"] is None, fig  # not 2


def no_passwd(report: ImportReport, private_db: Path) -> None:
    for fig in figures(private_db):
        assert "root:" not in (fig["project_name"] or ""), "an external entity was resolved"


# --- the corpus -----------------------------------------------------------------------------


@dataclass
class Case:
    """One malformed file: its name, bytes, what must happen and what the message must say."""

    name: str
    data: Callable[[], bytes]
    outcome: str  # "fail", "ok" or "either"
    says: tuple[str, ...] = ()
    row: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    check: Callable[[ImportReport, Path], None] | None = None
    slow: bool = False  # a file big enough to be a load test: `make test` only


def _b(data: bytes) -> Callable[[], bytes]:
    return lambda: data


_RANDOM = random.Random(20_170_401)

CASES = [
    Case(
        "truncated-mid-quote.csv",
        _b(project_csv('Cut,Red,"£1,000\nNext,Green,2\n', n_good=3)),
        "fail",
        ("not valid CSV",),
        row=5,
    ),
    Case(
        "truncated-at-end.csv",
        _b(project_csv('Last,Red,"£1,0', n_good=3)),
        "fail",
        ("not valid CSV",),
        row=5,
    ),
    Case(
        "cut-zip.xlsx",
        lambda: xlsx(GOOD_XLSX)[: len(xlsx(GOOD_XLSX)) // 2],
        "fail",
        ("not a readable XLSX",),
    ),
    Case(
        "cut-central-directory.xlsx",
        lambda: xlsx(GOOD_XLSX)[:-30],
        "fail",
        ("not a readable XLSX",),
    ),
    Case("utf-16.csv", _b(project_csv("A,Red,£5\n", encoding="utf-16")), "fail", ("UTF-16",)),
    Case("utf-16-no-bom.csv", _b(project_csv("A,Red,£5\n", encoding="utf-16-le")), "fail"),
    Case(
        "latin-1-0x81.csv",
        _b(project_csv("Caf\x81,Red,5\n", n_good=2, encoding="latin-1")),
        "fail",
        ("0x81", "line 4", "Windows-1252"),
    ),
    Case(
        "mixed-utf8-cp1252.csv",
        _b(project_csv("Caf\u00e9,Red,£5\n") + "Two,Red,\u00a36\n".encode("cp1252")),
        "fail",
        ("mixes encodings",),
    ),
    Case(
        "bom-then-cp1252.csv",
        _b(b"\xef\xbb\xbf" + project_csv("Two,Red,\u00a36\n", encoding="cp1252")),
        "fail",
        ("byte-order mark",),
    ),
    Case("png.csv", _b(b"\x89PNG\r\n\x1a\n" + _RANDOM.randbytes(400)), "fail", ("PNG",)),
    Case(
        "pdf.csv", _b(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _RANDOM.randbytes(400)), "fail", ("PDF",)
    ),
    Case("zip.csv", lambda: xlsx(GOOD_XLSX), "fail", ("ZIP",)),
    Case("gzip.csv", _b(gzip.compress(project_csv("A,Red,5\n"))), "fail", ("gzip",)),
    Case("random-bytes.csv", _b(_RANDOM.randbytes(5_000)), "fail", ("not a text CSV",)),
    Case("nul-bytes.csv", _b(b"\x00" * 2_000), "fail", ("NUL",)),
    Case(
        "control-characters.csv",
        _b(bytes(range(1, 32)) * 40 + project_csv("A,Red,5\n")),
        "fail",
        ("not a text CSV",),
    ),
    Case(
        "nul-after-8kb.csv",
        _b(project_csv("Late\x00nul,Red,5\n", n_good=600)),
        "either",
        row=602,
    ),
    Case(
        "legacy.xls",
        _b(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1_000)),
        "fail",
        (".xls",),
    ),
    Case(
        "ole-posing.xlsx",
        _b(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1_000)),
        "fail",
        ("not a readable XLSX",),
    ),
    Case("csv-posing.xlsx", _b(project_csv("A,Red,5\n")), "fail", ("not a readable XLSX",)),
    Case("report.ods", _b(b"PK\x03\x04" + bytes(100)), "fail", ("OpenDocument",)),
    Case("spend.json", _b(b'{"amount": 5}'), "fail", ("unsupported file type",)),
    Case(
        "dimension-A1-XFD1048576.xlsx",
        lambda: forged_xlsx(sheet_xml(TABLE_XML, dimension="A1:XFD1048576")),
        "fail",
        ("16,384 columns",),
    ),
    Case(
        "dimension-A1-C1048576.xlsx",
        lambda: forged_xlsx(sheet_xml(TABLE_XML, dimension="A1:C1048576")),
        "either",
    ),
    Case(
        "last-row-1048576.xlsx",
        lambda: forged_xlsx(
            sheet_xml(TABLE_XML + xml_row(1_048_576, ["Z", "Red", 9]), dimension="A1:C1048576")
        ),
        "either",
        check=lambda report, private_db: count_is(3)(report, private_db),
        slow=True,
    ),
    Case(
        "rows-200000.xlsx",
        lambda: many_rows_xlsx(200_000),
        "either",
        check=count_is(200_000),
        slow=True,
    ),
    Case("billion-laughs.xlsx", billion_laughs_xlsx, "fail", ("not a readable XLSX",)),
    Case("xxe.xlsx", xxe_xlsx, "either", check=no_passwd),
    Case(
        "broken-sheet-xml.xlsx",
        lambda: forged_xlsx(sheet_xml(TABLE_XML)[:-40]),
        "fail",
        ("not a readable XLSX",),
    ),
    Case(
        "uncached-formulas.xlsx",
        uncached_formulas_xlsx,
        "either",
        options={"allow_unparsed": True},
        check=warns("no saved result", "C2", "C4"),
    ),
    Case("columns-10000.csv", _b(wide_csv(10_000)), "fail", ("10,000 columns",), row=1),
    Case("empty.csv", _b(b""), "fail", ("is empty",)),
    Case("whitespace.csv", _b(b"  \r\n\t\n   \n"), "fail", ("is empty",)),
    Case("bom-only.csv", _b(b"\xef\xbb\xbf"), "fail", ("empty",)),
    Case("header-only.csv", _b(PROJECT_HEADER.encode()), "fail", ("no data rows",)),
    Case(
        "no-amount-column.csv",
        _b(b"Project,Status,Notes\nA,Red,hello\nB,Green,bye\n"),
        "fail",
        ("no amount column",),
    ),
    Case(
        "duplicate-headers.csv",
        _b(b"Project,Amount,Amount,amount\nA,1,2,3\nB,4,5,6\n"),
        "ok",
        check=warns("appears more than once"),
    ),
    Case(
        "ragged-rows.csv",
        _b(project_csv("Wide,Green,6,extra,more\n", n_good=2)),
        "fail",
        ("5 cells", "header has 3"),
        row=4,
    ),
    Case(
        "one-megabyte-cell.csv",
        _b(project_csv("A" * 1_000_000 + ",Red,5\nB,Green,6\n", n_good=2)),
        "either",
        row=4,
    ),
    Case(
        "formulas.csv",
        _b(
            project_csv(
                "".join(f"{_csv_cell(t)},Red,{_csv_cell(t)}\n" for t in FORMULAS)
                + '"\t=1+1",Red,"\t=1+1"\n',
                n_good=200,
            )
        ),
        "ok",
        options={"allow_unparsed": True},
        check=formulas_stay_text,
    ),
    Case(
        "every-supplier-redacted.csv",
        _b(
            (
                PAYMENT_HEADER
                + "01/02/2017,REDACTED,T1,100\n"
                + "02/02/2017,Redacted - personal data,T2,200\n"
                + "03/02/2017,Withheld,T3,300\n"
                + "04/02/2017,REDACTED,T4,400\n"
                + "05/02/2017,Section 40,T5,500\n"
            ).encode()
        ),
        "ok",
        check=all_suppliers_redacted,
    ),
    Case(
        "hostile-amounts.csv",
        _b(
            project_csv(
                "Huge,Red,1e400\nNot a number,Red,NaN\nInf,Red,Infinity\nMinus inf,Red,-Infinity\n"
                "Twenty nines,Red,99999999999999999999\nSci,Red,1E5\n",
                n_good=600,
            )
        ),
        "either",
        options={"allow_unparsed": True},
        check=hostile_amounts_are_classified(
            {
                "1e400": None,
                "NaN": None,
                "Infinity": None,
                "-Infinity": None,
                "99999999999999999999": Decimal("99999999999999999999"),
                "1E5": Decimal("100000"),
            }
        ),
    ),
    Case(
        "hostile-amounts-payments.csv",
        _b(
            payment_csv(
                "01/03/2017,Zed,X1,1e400\n01/03/2017,Zed,X2,NaN\n01/03/2017,Zed,X3,Infinity\n"
                "01/03/2017,Zed,X4,99999999999999999999\n01/03/2017,Zed,X5," + "1" * 40 + "\n",
                n_good=600,
            )
        ),
        "either",
        options={"allow_unparsed": True},
        check=hostile_amounts_are_classified(
            {
                "1e400": None,
                "NaN": None,
                "Infinity": None,
                "99999999999999999999": Decimal("99999999999999999999"),
                "1" * 40: Decimal("1" * 40),
            }
        ),
    ),
    Case(
        "amounts-in-millions-overflow.csv",
        _b(
            (
                "Project,Status,Whole life cost (£m)\n"
                + "".join(f"P{i},Red,{i}.5\n" for i in range(300))
                + "Big,Red,99999999999999999999999\n"
            ).encode()
        ),
        "either",
        options={"allow_unparsed": True},
        check=hostile_amounts_are_classified(
            {"99999999999999999999999": Decimal("99999999999999999999999") * 1_000_000}
        ),
    ),
    Case(
        "forty-digit-amount.csv",
        _b(project_csv("Forty,Red," + "9" * 40 + "\n", n_good=300)),
        "either",
        options={"allow_unparsed": True},
        check=hostile_amounts_are_classified({"9" * 40: Decimal("9" * 40)}),
    ),
    Case(
        "impossible-dates.csv",
        _b(
            (
                PAYMENT_HEADER
                + "31/02/2017,Acme Ltd,T-feb31,5\n30/02/2017,Beta Ltd,T-feb30,6\n"
                + "00/00/0000,Gamma Ltd,T-zero,7\n2017-13-45,Delta Ltd,T-month13,8\n"
                + "28/02/2017,Eta Ltd,T-ok,9\n"
            ).encode()
        ),
        "ok",
        check=impossible_dates_stay_unknown,
    ),
    Case(
        "cr-only-line-endings.csv",
        _b(b"Project,Status,Amount\rAlpha,Red,5\rBeta,Green,6\rGamma,Red,7\r"),
        "ok",
        check=cr_only_rows,
    ),
    Case(
        "semicolon-decimal-comma.csv",
        _b(b"Project;Status;Amount\nA;Red;1.234,56\nB;Green;2.000,00\nC;Red;7,5\nD;Red;12\n"),
        "either",
        options={"allow_unparsed": True, "overrides": {"amount": "Amount"}},
        check=decimal_comma_not_misread,
    ),
]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.slow else []) for c in CASES],
)
def test_malformed_file_imports_cleanly_or_fails_cleanly(
    case: Case, private_db: Path, tmp_path: Path
):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / case.name
    path.write_bytes(case.data())
    before = sha256(private_db)
    listing = _listing(private_db.parent)
    options = ImportOptions(dataset=DATASET, **case.options)
    try:
        report = import_files([path], private_db, options)
    except ImportFailed as exc:
        message = str(exc)
        assert sha256(private_db) == before, "a failed import changed the database"
        assert _listing(private_db.parent) == listing, (
            "a failed import left files beside the database"
        )
        assert case.outcome in ("fail", "either"), f"refused: {message}"
        assert path.name in message, f"the message must name the file: {message}"
        assert len(message) < 1_000 and "Traceback" not in message, message
        for words in case.says:
            assert words in message, message
        if case.row is not None and case.outcome == "fail":
            assert f"row {case.row}" in message, message
        return
    except Exception as exc:
        unchanged = sha256(private_db) == before and _listing(private_db.parent) == listing
        pytest.fail(
            f"{type(exc).__name__} instead of ImportFailed or a clean import: {exc!s:.300} "
            f"(database {'unchanged' if unchanged else 'CHANGED'})"
        )
    assert case.outcome in ("ok", "either"), f"imported {report.rows_loaded} rows; must refuse"
    assert _listing(private_db.parent) == ["foi.duckdb"], _listing(private_db.parent)
    found = rows(private_db, "SELECT count(*) FROM figures WHERE dataset = $1", [DATASET])[0][0]
    assert found > 0
    if case.check is not None:
        case.check(report, private_db)


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


# --- formulas are exported as text ----------------------------------------------------------


def test_formula_text_is_exported_to_xlsx_as_strings_never_formulas(
    private_db: Path, tmp_path: Path
):
    path = tmp_path / "formulas.csv"
    case = next(c for c in CASES if c.name == "formulas.csv")
    path.write_bytes(case.data())
    import_files([path], private_db, ImportOptions(dataset=DATASET, allow_unparsed=True))
    con = duckdb.connect(str(private_db), read_only=True)
    try:
        data = exports.export_rows(
            con,
            "xlsx",
            filters.query_params(DATASET, {}),
            filters.order_by({}),
            filters_for_metadata={},
        )
    finally:
        con.close()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    texts = []
    assert list(wb.worksheets), "nothing to check: the test would pass on empty data"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for formula in FORMULAS:
        assert texts.count(formula) >= 2, formula  # the name and the amount as written


# --- hostile file names ---------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../etc/passwd.csv",
    "..\\..\\windows\\evil.csv",
    "/tmp/abs.csv",
    "a;rm -rf ~;b.csv",
    "$(touch pwned).csv",
    "`id`.csv",
    "x|y&z>w<v.csv",
    "\x00evil.csv",
    "name\nwith\nnewlines.csv",
    "..",
    "",
    ".hidden.csv",
    "spend 😀 2017.csv",
    "C:\\Users\\me\\spend.csv",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_upload_name_cannot_leave_its_folder(name: str, tmp_path: Path):
    safe = safe_name(name)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", safe), safe
    assert safe not in (".", "..") and not safe.startswith(".") and len(safe) <= 120
    state: dict[str, Any] = {}
    saved = save_upload(state, name, project_csv("A,Red,5\n"))
    folder = saved.parent.resolve()
    assert saved.resolve().parent == folder
    assert saved.name == safe
    assert folder.name.startswith("foi-session-")


def test_an_upload_with_a_hostile_name_still_imports(private_db: Path):
    saved = save_upload({}, "../../$(rm -rf ~)`id`;x.csv", project_csv("A,Red,5\n", n_good=2))
    report = import_files([saved], private_db, ImportOptions(dataset=DATASET))
    assert report.rows_loaded == 3


def test_a_long_upload_name_keeps_its_extension(private_db: Path):
    name = "FOI response 2017-0412 - " + "major projects spend " * 8 + ".csv"
    saved = save_upload({}, name, project_csv("A,Red,5\n", n_good=2))
    assert saved.suffix == ".csv", f"saved as {saved.name!r}: the reader then refuses it"
    report = import_files([saved], private_db, ImportOptions(dataset=DATASET))
    assert report.rows_loaded == 3


def _bomb_workbook(path, strings: int) -> None:
    """A real workbook (openpyxl's own) whose shared-strings part is inflated: a zip bomb."""
    import zipfile as zf

    import openpyxl

    plain = path.with_suffix(".plain.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["Supplier", "Amount"])
    wb.active.append(["Acme", 10])
    wb.save(plain)
    with zf.ZipFile(plain) as src, zf.ZipFile(path, "w", zf.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        body = "".join("<si><t>x</t></si>" for _ in range(1000))
        chunk = body * (strings // 1000)
        out.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{strings}">{chunk}</sst>',
        )


def test_an_xlsx_zip_bomb_is_refused_from_its_directory_in_a_moment(tmp_path) -> None:
    import time

    from foi.importing.lines import ReadError
    from foi.importing.read import read_table

    bomb = tmp_path / "bomb.xlsx"
    _bomb_workbook(bomb, 2_000_000)  # 34 MB of XML packed into a few hundred kB
    assert bomb.stat().st_size < 2_000_000
    started = time.perf_counter()
    with pytest.raises(ReadError) as refused:
        read_table(bomb)
    took = time.perf_counter() - started
    message = str(refused.value)
    assert "xl/sharedStrings.xml unpacks to" in message and "zip bomb" in message, message
    assert str(bomb) in message
    print(f"zip bomb ({bomb.stat().st_size:,} bytes) refused in {took * 1000:.0f} ms")
    assert took < 5

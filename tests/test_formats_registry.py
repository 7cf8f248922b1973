"""Tests for the one export-format registry (foi.exports.formats) and the shared helpers
in foi.text (slugs, JSON-ready values).

Expected values come from outside the code under test where there is an outside
to ask: Python's own media-type table, the content types an .xlsx declares inside
itself, what DuckDB and pyarrow read back from a file, and the inline slug rules
the callers used before there was one function.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import mimetypes
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from foi.exports import formats
from foi.exports.copy import copy_to_bytes, copy_to_file
from foi.text import json_number, json_value, slug

#: One row with a value of each kind an export must keep: a comma inside text, an amount
#: with a trailing zero in the pence, a date and a bound parameter.
ROW_SQL = "SELECT 1 AS n, 'a,b' AS s, 1.10::DECIMAL(18, 2) AS amt, DATE '2024-01-02' AS d, $x AS x"


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


# --- the registry -----------------------------------------------------------------------


def test_names_are_unique_and_every_lookup_table_is_derived_from_the_registry() -> None:
    names = [f.name for f in formats.REGISTRY]
    assert len(names) == len(set(names))
    assert tuple(names) == formats.FORMATS
    assert {f.name: f for f in formats.REGISTRY} == formats.BY_NAME
    assert {f.name: f.media_type for f in formats.REGISTRY} == formats.MEDIA_TYPES
    assert tuple(f.name for f in formats.REGISTRY if f.copy_options) == formats.COPY_FORMATS


def test_buttons_can_be_told_apart() -> None:
    labels = [f.label for f in formats.REGISTRY]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


def test_extensions_are_safe_in_a_file_name() -> None:
    assert list(formats.REGISTRY), "nothing to check: the test would pass on empty data"
    for fmt in formats.REGISTRY:
        assert re.fullmatch(r"[a-z0-9]+", fmt.extension), fmt


def test_entries_cannot_be_changed_in_place() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        formats.BY_NAME["csv"].media_type = "text/plain"  # type: ignore[misc]


def test_media_types_agree_with_pythons_own_table() -> None:
    """Python's built-in table (not the machine's /etc/mime.types) knows csv, json and zip."""
    builtin = mimetypes.MimeTypes(filenames=())
    checked = 0
    for fmt in formats.REGISTRY:
        guessed, _ = builtin.guess_type(f"file.{fmt.extension}")
        if guessed is not None:
            assert fmt.media_type == guessed, fmt
            checked += 1
    assert checked >= 3


def test_xlsx_media_type_is_the_one_the_workbook_declares() -> None:
    """An .xlsx names its own workbook part `<package type>.main+xml` in [Content_Types].xml."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.add_worksheet()
    wb.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        content_types = zf.read("[Content_Types].xml").decode()
    declared = re.search(r'PartName="/xl/workbook.xml" ContentType="([^"]+)"', content_types)
    assert declared is not None
    assert declared.group(1) == formats.BY_NAME["xlsx"].media_type + ".main+xml"


def test_parquet_media_type_is_the_iana_registration() -> None:
    # Registered with IANA in 2024 by the Apache Parquet project; `application/x-parquet`
    # and friends were never registered.
    assert formats.BY_NAME["parquet"].media_type == "application/vnd.apache.parquet"


def test_python_written_formats_have_no_copy_options() -> None:
    """XLSX and the zip are built in Python, so DuckDB's COPY must never be asked for them."""
    for name in ("xlsx", "zip"):
        fmt = formats.BY_NAME[name]
        assert fmt.copy_options is None and not fmt.written_by_duckdb
        assert name not in formats.COPY_FORMATS
    assert set(formats.COPY_FORMATS) == {"csv", "parquet", "json"}


def test_unknown_names_are_refused_with_the_names_there_are() -> None:
    with pytest.raises(ValueError, match="unknown export format 'xls'") as err:
        formats.format_of("xls")
    assert all(name in str(err.value) for name in formats.FORMATS)
    for name in ("xlsx", "zip", "xls"):
        with pytest.raises(ValueError, match="unknown format") as err:
            formats.copy_format(name)
        assert "csv, parquet, json" in str(err.value)
    assert formats.copy_format("csv") is formats.BY_NAME["csv"]


# --- the COPY options do what the registry says -----------------------------------------


def test_csv_copy_has_a_header_commas_exact_pennies_and_iso_dates(con) -> None:
    data = copy_to_bytes(con, ROW_SQL, {"x": "bound"}, "csv").decode("utf-8")
    assert data.splitlines()[0] == "n,s,amt,d,x"
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert rows[1] == ["1", "a,b", "1.10", "2024-01-02", "bound"]


def test_json_copy_is_one_array_of_objects(con) -> None:
    data = copy_to_bytes(con, ROW_SQL, {"x": "bound"}, "json")
    rows = json.loads(data, parse_float=Decimal)
    assert isinstance(rows, list) and len(rows) == 1
    assert rows[0] == {"n": 1, "s": "a,b", "amt": Decimal("1.10"), "d": "2024-01-02", "x": "bound"}


def test_parquet_copy_keeps_decimal_and_date_types(con) -> None:
    data = copy_to_bytes(con, ROW_SQL, {"x": "bound"}, "parquet")
    assert data[:4] == b"PAR1" and data[-4:] == b"PAR1"
    table = pq.read_table(io.BytesIO(data))
    assert str(table.schema.field("amt").type) == "decimal128(18, 2)"
    assert table.to_pylist() == [
        {"n": 1, "s": "a,b", "amt": Decimal("1.10"), "d": dt.date(2024, 1, 2), "x": "bound"}
    ]


def test_copy_to_file_refuses_python_written_formats_before_any_sql(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    with pytest.raises(ValueError, match="unknown format"):
        copy_to_file(None, "xlsx", {}, "1", target)  # type: ignore[arg-type]
    assert not target.exists()


# --- slug -------------------------------------------------------------------------------


def test_slug_keeps_letters_and_digits_and_joins_the_rest_with_one_hyphen() -> None:
    assert slug("£24m Lockheed") == "24m-lockheed"
    assert slug("  --Status: Red/Amber--  ") == "status-red-amber"
    assert slug("a__b") == "a-b"


def test_slug_folds_accents_unless_asked_not_to() -> None:
    assert slug("Café Müller") == "cafe-muller"
    assert slug("Café Müller", fold_accents=False) == "caf-m-ller"


def test_slug_can_keep_hyphens_already_there() -> None:
    assert slug("a--b") == "a-b"
    assert slug("a--b", keep_hyphens=True) == "a--b"
    # Other characters still become one hyphen each run, beside the kept ones.
    assert slug("A - B", keep_hyphens=True) == "a---b"


def test_slug_limit_drops_a_hyphen_left_at_the_cut_unless_told_to_keep_it() -> None:
    assert slug("abc def", limit=4) == "abc"
    assert slug("abc def", limit=4, trim_cut=False) == "abc-"
    assert slug("abcdef", limit=3) == "abc"


def test_slug_falls_back_when_nothing_is_left() -> None:
    assert slug("%%%") == ""
    assert slug("%%%", fallback="dataset") == "dataset"
    assert slug("", fallback="x") == "x"
    assert slug("日本", fallback="x") == "x"


@given(st.text(), st.integers(min_value=1, max_value=60))
def test_slug_output_is_always_file_name_safe(text: str, limit: int) -> None:
    out = slug(text, limit=limit)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", out)
    assert len(out) <= limit
    assert slug(out) == out


# The slug rules callers wrote inline before foi.text existed; the parameters each caller
# now passes must give the same text, because ids and file names made with them persist.


def _classify_before(text: str, limit: int = 48) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "x"


def _sql_page_before(dataset: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", dataset.lower()).strip("-") or "dataset"


def _upload_page_before(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "my-file"


_TRICKY = st.text(alphabet="abcXYZ09 -_./£éÉßİ\u212a\ufb01\u0301", max_size=70)


@given(_TRICKY, st.integers(min_value=1, max_value=60))
def test_slug_parameters_reproduce_the_import_ids(text: str, limit: int) -> None:
    assert slug(text, limit=limit, fallback="x", fold_accents=False) == _classify_before(
        text, limit
    )


@given(_TRICKY)
def test_slug_parameters_reproduce_the_sql_console_file_stem(text: str) -> None:
    expected = _sql_page_before(text)
    assert slug(text, fallback="dataset", fold_accents=False, keep_hyphens=True) == expected


@given(_TRICKY)
def test_slug_parameters_reproduce_the_upload_dataset_name(text: str) -> None:
    got = slug(text, limit=40, fallback="my-file", fold_accents=False, trim_cut=False)
    assert got == _upload_page_before(text)


# --- JSON-ready values ------------------------------------------------------------------


def test_whole_decimals_become_ints_and_others_floats() -> None:
    for text, expected in (("1000000", 1_000_000), ("1000000.00", 1_000_000), ("-3", -3)):
        got = json_number(Decimal(text))
        assert got == expected and type(got) is int
    for text, expected in (("0.1", 0.1), ("-2.50", -2.5), ("1000000.01", 1_000_000.01)):
        got = json_number(Decimal(text))
        assert got == expected and type(got) is float
    # No ".0" in the JSON for a whole amount.
    assert json.dumps(json_number(Decimal("250.00"))) == "250"


def test_json_value_makes_containers_dates_and_decimals_json_ready() -> None:
    value = {
        "statuses": ("stopped", "live"),
        "orgs": set("hgfedcba"),
        "frozen": frozenset({3, 1, 2}),
        "as_of": dt.date(2024, 1, 2),
        "nested": [(Decimal("1.5"), dt.date(2023, 12, 31))],
    }
    ready = {k: json_value(v) for k, v in value.items()}
    assert ready == {
        "statuses": ["stopped", "live"],
        "orgs": list("abcdefgh"),
        "frozen": [1, 2, 3],
        "as_of": "2024-01-02",
        "nested": [[1.5, "2023-12-31"]],
    }
    assert json.loads(json.dumps(ready)) == ready


def test_json_value_leaves_plain_values_alone() -> None:
    for plain in (None, True, False, 0, 2.5, "text", ""):
        got = json_value(plain)
        assert got == plain and type(got) is type(plain)


def test_decimals_as_text_keep_every_digit_a_float_would_lose() -> None:
    big = Decimal("12345678901234567.89")
    assert json_value(big, decimals_as_text=True) == "12345678901234567.89"
    assert Decimal(repr(json_value(big))) != big
    # Plain decimal notation, pence kept, never an exponent.
    assert json_value(Decimal("1000000.50"), decimals_as_text=True) == "1000000.50"
    assert json_value(Decimal("1E+6"), decimals_as_text=True) == "1000000"
    assert json_value([Decimal("2.10")], decimals_as_text=True) == ["2.10"]

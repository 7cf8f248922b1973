"""Every real published file in ../shared/corpus imports right with no options.

The answer key (keys.json) was counted by independent code, not by this importer. Each file
is imported as a new user would, with no options, and checked against it: rows, the payment
amount column, totals to the penny, the other money columns, the numeric columns that are not
money, the rows set aside, the redacted-supplier share, and for the GMPP releases every cost
column's cells by class and FOI section. Where the key records one reading of a cell that can
be read two ways (README "judgement calls"), the test says which reading the explorer takes.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from foi.importing import ImportOptions, import_files

pytestmark = pytest.mark.slow  # imports all 16 real corpus files: `make test` only

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not (CORPUS / "keys.json").is_file():
    pytest.skip(
        f"the real-file corpus is not here ({CORPUS}); these tests need ../shared/corpus",
        allow_module_level=True,
    )
KEY = json.loads((CORPUS / "keys.json").read_text(encoding="utf-8"))
PAYMENTS = {entry["id"]: entry for entry in KEY["payments"]}
GMPP = {entry["id"]: entry for entry in KEY["gmpp"]}
PENNY = Decimal("0.01")
#: Rows the key leaves out that are the header itself, not rows of the table.
HEADER_REASONS = ("header row", "preamble before the header row", "second header row")


def pennies(value: object) -> Decimal:
    return Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, Path]]:
    """Each corpus file imported with no options into its own database, once."""
    out: dict[str, tuple[dict, Path]] = {}
    folder = tmp_path_factory.mktemp("corpus")
    for n, (name, entry) in enumerate([*PAYMENTS.items(), *GMPP.items()]):
        files = entry.get("files") or [entry["file"]]
        db = folder / f"{n}.duckdb"
        report = import_files([CORPUS / f for f in files], db, ImportOptions(dataset=f"c{n}"))
        out[name] = (report.as_json(), db)
    return out


@pytest.mark.parametrize("name", sorted(PAYMENTS))
def test_payment_file_rows_amount_and_totals_match_the_key(imported, name: str) -> None:
    key = PAYMENTS[name]
    report, _ = imported[name]
    assert report["shape"] == "payments"
    assert key["payment_rows"] > 0
    assert report["rows_loaded"] == key["payment_rows"]
    choice = report["files"][0]["amount_choice"]
    assert choice["position"] == key["amount_column"]["position"], choice
    assert choice["why"]
    assert pennies(report["payments_total_gbp"]) == Decimal(key["amount_total"])


@pytest.mark.parametrize("name", sorted(PAYMENTS))
def test_payment_file_redacted_suppliers_match_the_key(imported, name: str) -> None:
    key = PAYMENTS[name]["redaction"]
    report, _ = imported[name]
    assert report["redacted_counterparty_rows"] == key["redacted_rows"]
    assert pennies(report["redacted_counterparty_gbp"]) == Decimal(key["redacted_total"])


@pytest.mark.parametrize("name", sorted(PAYMENTS))
def test_payment_file_skips_exactly_the_rows_the_key_excludes(imported, name: str) -> None:
    key = PAYMENTS[name]
    report, _ = imported[name]
    excluded = sum(
        e["count"] for e in key["excluded_rows"] if not e["reason"].startswith(HEADER_REASONS)
    )
    assert report["skipped_rows"] == excluded, report["skipped_by_reason"]
    listed = [s for s in report["skipped"] if s["file"] == Path(key["files"][0]).name]
    assert len(listed) == min(excluded, 1000)
    assert all(s["reason"] and s["row"] > key["header_row"] for s in listed)


@pytest.mark.parametrize("name", sorted(PAYMENTS))
def test_other_money_columns_keep_their_own_basis_and_total(imported, name: str) -> None:
    key = PAYMENTS[name]
    report, db = imported[name]
    others = report["files"][0].get("other_money", [])
    assert sorted(o["position"] for o in others) == sorted(
        c["position"] for c in key["other_money_columns"]
    )
    with duckdb.connect(str(db), read_only=True) as con:
        bases = dict(
            con.execute(
                "SELECT basis, sum(amount_gbp) FROM figures WHERE dataset = 'c' || $1 "
                "GROUP BY basis",
                [str(list(PAYMENTS).index(name))],
            ).fetchall()
        )
    assert pennies(bases["payment"]) == Decimal(key["amount_total"])
    for column in key["other_money_columns"]:
        mine = next(o for o in others if o["position"] == column["position"])
        assert mine["basis"] not in ("payment", "unspecified")
        assert pennies(bases[mine["basis"]] or 0) == Decimal(column["total"])


@pytest.mark.parametrize("name", sorted(PAYMENTS))
def test_numeric_columns_that_are_not_money_are_listed_and_never_amounts(imported, name) -> None:
    key = PAYMENTS[name]
    report, _ = imported[name]
    entry = report["files"][0]
    amounts = {a["column"] for a in entry["mapping"]["amounts"]}
    listed = {c["column"]: c["why"] for c in entry["not_money"]}
    if not key["numeric_non_money_columns"]:
        pytest.skip(f"the key lists no numeric column that is not money in {name}")
    for column in key["numeric_non_money_columns"]:
        header = column["header"]
        assert header not in amounts
        assert header in listed, f"{header} not listed as not money: {sorted(listed)}"
        assert listed[header]


@pytest.mark.parametrize("name", sorted(GMPP))
def test_gmpp_cost_columns_match_the_key_cell_by_cell(imported, name: str) -> None:
    key = GMPP[name]
    report, _ = imported[name]
    assert report["shape"] == "projects"
    assert report["rows_loaded"] == key["rows"]
    assert report["skipped_rows"] == 0
    columns = {c["column"]: c for c in report["columns"]}
    for cost in filter(None, key["cost_columns"].values()):
        header = " ".join(cost["header"].split())
        mine = columns[header]
        assert mine["disclosed"] == cost["disclosed_count"]
        assert pennies(mine["disclosed_total_gbp"]) == Decimal(cost["disclosed_total_pounds"])
        sections = {f"Section {s}": n for s, n in mine["withheld"].items()}
        assert sections == cost["withheld_by_foi_section"]
        # Judgement call: "not in a position to provide this information" is, in the
        # explorer's vocabulary, not yet available; the key counts it as "other".
        not_in_position = sum(
            n
            for text, n in cost.get("other_texts_verbatim", {}).items()
            if "not in a position" in text
        )
        assert mine["not_yet_available"] == cost["not_yet_available_count"] + not_in_position
        assert mine["blank"] == cost["blank_count"] + cost["NA_count"]
        assert mine["unparsed"] == cost["other_count"] - not_in_position


@pytest.mark.parametrize("name", sorted(GMPP))
def test_gmpp_bases_are_never_mixed_and_variance_is_not_money(imported, name: str) -> None:
    key = GMPP[name]
    report, _ = imported[name]
    costs = {label: cost for label, cost in key["cost_columns"].items() if cost}
    bases = [c["basis"] for c in report["columns"]]
    assert len(bases) == len(set(bases)) == len(costs)
    by_header = {c["column"]: c["basis"] for c in report["columns"]}
    for label, cost in costs.items():
        basis = by_header[" ".join(cost["header"].split())]
        assert (basis == "benefits") == (not cost["is_a_cost"]), (label, basis)
    listed = {c["column"]: c["why"] for c in report["files"][0]["not_money"]}
    for column in key["non_money_columns"]:
        assert column["header"] not in by_header
        assert "percentage" in listed[column["header"]]

"""Every page on imported datasets: a Red/Amber/Green project table and a payment file.

The status vocabulary comes from the data, and pages without group totals show
withheld counts and shares instead of gaps.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import PAGES, ROOT, chart_specs, numbers, open_page, text_of

from foi.db import connect
from foi.importing import ImportOptions, import_files

TABLE = (
    "Project Name,Department,DCA,Whole Life Cost (£m)\n"
    'Crossrail,DfT,Amber,"14,800.00"\n'
    "Border Systems,Home Office,Red,Exempt under Section 43 of the Freedom of Information Act 2000\n"
    "Frigates,MOD,Amber,Exempt under Section 24 and 26\n"
    "Meters,BEIS,Green,£1.2bn\n"
)


def _payments(path: Path, rows: int, seed: int) -> tuple[Decimal, Decimal]:
    rng = random.Random(seed)
    total = hidden = Decimal(0)
    lines = ["Body Name,Date,Transaction Number,Net Amount,Supplier Name,Expense Type,Expense Area"]
    for n in range(rows):
        pence = rng.randint(50_000, 5_000_000)
        amount = Decimal(pence) / 100
        redacted = n % 10 == 0
        supplier = "REDACTED PERSONAL DATA" if redacted else f"Supplier {rng.randint(1, 30)} Ltd"
        total += amount
        hidden += amount if redacted else 0
        lines.append(f"Test Council,2017-11-{1 + n % 28:02d},T{n},{amount},{supplier},Fees,Housing")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total, hidden


@pytest.fixture
def imported_db(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    db = tmp_path / "foi.duckdb"
    shutil.copy2(built_db, db)
    table = tmp_path / "gmpp.csv"
    table.write_text(TABLE, encoding="utf-8")
    import_files([table], db, ImportOptions(dataset="gmpp"))
    pay = tmp_path / "payments.csv"
    total, hidden = _payments(pay, 200, seed=7)
    import_files([pay], db, ImportOptions(dataset="council"))
    monkeypatch.setenv("FOI_DB", str(db))
    monkeypatch.chdir(ROOT)
    return {"total": total, "hidden": hidden}


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("dataset", ["gmpp", "council"])
def test_every_page_renders_on_an_imported_dataset(imported_db, name, dataset):
    at = open_page(name, dataset=dataset)
    assert not at.warning, [w.value for w in at.warning]


def test_status_vocabulary_comes_from_the_data(imported_db):
    at = open_page("stopped", dataset="gmpp", unit="count")
    spec = chart_specs(at)[0]
    labels = [x for trace in spec["data"] for x in trace["x"]]
    assert set(labels) == {"Red", "Amber", "Green"}
    assert labels.index("Red") < labels.index("Amber") < labels.index("Green")


def test_gaps_page_shows_withheld_counts_without_totals(imported_db):
    at = open_page("gaps", dataset="gmpp")
    titles = [s["layout"]["title"]["text"] for s in chart_specs(at)]
    assert any("2 of 4 figures withheld or redacted" in t for t in titles)


def test_gaps_page_shows_the_withheld_share_of_payments(imported_db):
    at = open_page("gaps", dataset="council")
    share = float(imported_db["hidden"] / imported_db["total"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Withheld share of money paid"] == f"{share:.1%}"
    assert "20 of 200 payments" in text_of(at)


def _disclosures(dataset: str) -> dict[str, int]:
    with connect(os.environ["FOI_DB"]) as con:
        return dict(
            con.execute(
                "SELECT disclosure, count(*) FROM figures WHERE dataset = ? GROUP BY ALL", [dataset]
            ).fetchall()
        )


def test_overview_and_gaps_count_what_was_not_disclosed_in_the_same_words(imported_db):
    """One quantity, one name: both pages say how many were not disclosed and how many withheld."""
    counts = _disclosures("gmpp")
    not_disclosed = sum(n for d, n in counts.items() if d != "disclosed")
    kept = counts.get("withheld", 0) + counts.get("redacted", 0)
    assert not_disclosed and kept, "the fixture has figures that were not disclosed"
    said = f"{not_disclosed:,} figures were not disclosed: {kept:,} withheld or redacted"
    assert said in text_of(open_page("overview", dataset="gmpp"))
    assert said in text_of(open_page("gaps", dataset="gmpp"))
    payments = _disclosures("council")
    assert set(payments) == {"disclosed"}  # every payment's amount was given
    shown = text_of(open_page("overview", dataset="council")).replace("\\", "")
    assert "Every one of the payments was disclosed." in shown


def test_the_overview_card_counts_suppliers_as_suppliers(imported_db):
    cards = {m.label: m.value for m in open_page("overview", dataset="council").metric}
    with connect(os.environ["FOI_DB"]) as con:
        (suppliers,) = con.execute(
            "SELECT count(*) FROM projects WHERE dataset = 'council'"
        ).fetchone()
    assert cards.get("Suppliers") == f"{suppliers:,}" and "Projects" not in cards
    gmpp = {m.label for m in open_page("overview", dataset="gmpp").metric}
    assert "Projects" in gmpp and "Suppliers" not in gmpp


def test_projects_page_pages_payments(imported_db):
    at = open_page("projects", dataset="council", size="25")
    assert "**200 rows** match" in text_of(at)
    assert "Showing 1–25" in text_of(at)


def test_gaps_page_offers_no_inference_without_totals(imported_db):
    assert len(open_page("gaps", dataset="council").toggle) == 0
    assert len(open_page("gaps").toggle) == 1  # the shipped dataset has group totals


def test_imported_dataset_is_described_with_its_row_count(imported_db):
    at = open_page("overview", dataset="council")
    assert any("200 rows from 1 file" in c.value for c in at.caption)


def test_projects_facet_chart_counts_the_matching_payments(imported_db):
    at = open_page("projects", dataset="council", facet="subject")
    (spec,) = [s for s in chart_specs(at) if "matching rows by" in s["layout"]["title"]["text"]]
    assert "The 200 matching rows by supplier or project" in spec["layout"]["title"]["text"]
    bars = spec["data"][0]
    counts = bars["x"] if isinstance(bars["x"], list) else numbers(bars["x"])
    assert sum(counts) == 200  # the top suppliers plus "All others" hold every row
    assert any("Supplier redacted" in label for label in bars["y"])


def test_projects_offers_the_cli_instead_of_a_download_too_big_for_memory(imported_db, monkeypatch):
    from foi import exports

    monkeypatch.setattr(exports, "IN_MEMORY_ROWS", 150)
    at = open_page("projects", dataset="council", area=["Housing"])
    buttons = [b for b in at.get("download_button") if "numbers" not in b.proto.label]
    assert len(buttons) == 5 and all(b.proto.disabled for b in buttons)
    (code,) = [c.value for c in at.code if "foi export" in c.value]
    assert code.startswith("python -m foi export --dataset council --area Housing")
    at = open_page("projects", dataset="council", q="Supplier 1")  # fewer rows: downloads on
    assert not any("foi export" in c.value for c in at.code)


HOSTILE_TITLE = "[Verify your account](https://evil.example/login) **now**"


def test_a_dataset_title_and_description_are_text_never_markdown(imported_db):
    with connect(os.environ["FOI_DB"], read_only=False) as con:
        con.execute(
            "UPDATE datasets SET title = ?, description = ? WHERE dataset = 'council'",
            [HOSTILE_TITLE, "See <a href='https://evil.example'>this</a> and " + HOSTILE_TITLE],
        )
    for page in ("overview", "about"):
        at = open_page(page, dataset="council")
        shown = [t.value for t in at.title] + [m.value for m in at.markdown]
        shown += [c.value for c in at.caption]
        mentions = [s for s in shown if "Verify your account" in s]
        assert mentions, page
        for text in mentions:  # escaped: Streamlit shows the brackets, makes no link
            assert "\\[Verify your account\\]" in text and "](https" not in text, text
            assert "<a href" not in text.replace("\\<a href", "")  # escaped, shown as text


def test_the_excel_download_of_an_imported_dataset_has_its_about_sheet(imported_db):
    import io

    import openpyxl

    from foi import exports, filters
    from foi.ui.data import dataset_meta

    meta = dataset_meta("council")
    assert meta["licence"] is None  # an import records no licence: NULL, not NaN
    with connect(os.environ["FOI_DB"]) as con:
        data = exports.export_rows(
            con,
            "xlsx",
            filters.query_params("council", {}),
            filters.order_by({}),
            filters_for_metadata={},
            dataset_meta=meta,
        )
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert len(book.sheetnames) >= 2
    rows = sum(1 for _ in book[book.sheetnames[0]].iter_rows()) - 1
    assert rows == 200


HOSTILE_STATUS = '<a href="https://evil.example/login" style="font-size:40px">Sign in again</a>'


def test_html_in_a_status_cell_never_becomes_markup_in_a_chart(tmp_path, built_db, monkeypatch):
    db = tmp_path / "foi.duckdb"
    shutil.copy2(built_db, db)
    table = tmp_path / "hostile.csv"
    table.write_text(
        "Project Name,Department,DCA,Whole Life Cost (£m)\n"
        f'Alpha,DfT,"{HOSTILE_STATUS.replace(chr(34), chr(34) * 2)}",10\n'
        "Beta,DfT,Amber,20\nGamma,MOD,Red,30\n",
        encoding="utf-8",
    )
    import_files([table], db, ImportOptions(dataset="hostile"))
    monkeypatch.setenv("FOI_DB", str(db))
    monkeypatch.chdir(ROOT)
    for unit in ("gbp", "count"):
        specs = chart_specs(open_page("stopped", dataset="hostile", unit=unit))
        assert specs
        seen = json.dumps(specs)
        assert "Sign in again" in seen  # the status is shown, as text
        for spec in specs:
            for trace in spec["data"]:
                labels = [v for k in ("x", "y") for v in trace.get(k) or [] if isinstance(v, str)]
                labels.append(trace.get("name") or "")
                assert not any("<a" in v or "<A" in v for v in labels), labels

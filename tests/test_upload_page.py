"""The "Your own file" page through AppTest: the source asked for, cited, private to the session.

An upload's figures cite the source its uploader described (title, publisher, address,
date) as the shipped figures cite theirs. The upload lives only in the session that made
it: it joins that session's dataset picker, and a link to it opened anywhere else says
plainly that uploads are private, on every page.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from helpers import PAGE_FILES
from streamlit.testing.v1 import AppTest

from foi import upload
from foi.importing import ImportFailed, ImportReport
from foi.importing.mapping import AmountColumn, Mapping

ROOT = Path(__file__).resolve().parent.parent
PAGES = PAGE_FILES
PAYMENTS = (
    b"Body Name,Date,Transaction Number,Net Amount,VAT,Supplier Name\n"
    b"Test Council,2024-01-02,T1,100.00,20.00,Acme Ltd\n"
    b"Test Council,2024-01-03,T2,250.50,50.10,REDACTED\n"
    b"Test Council,2024-01-04,T3,1000.00,200.00,Widgets plc\n"
)
PUBLISHER = "Test Borough Council"
URL = "https://www.example.gov.uk/spend/over-500.csv"
PRIVATE = "stays private to the browser session that uploaded it"


@pytest.fixture(autouse=True)
def _app(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _no_legacy_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run app.py's navigation on every AppTest run, as a running server does.

    AppTest resets Streamlit's "is there a pages/ folder" flag before each run, so each
    run first executes the page file alone (Streamlit's legacy multipage mode) until
    foi.ui reruns through app.py; that rerun drops a button click. Keep the flag off.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _Manager(PagesManager):
        pass

    monkeypatch.setattr(app_test, "PagesManager", _Manager)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)


def plain(markdown: str) -> str:
    """Markdown as read: backslash escapes (ui.md_text) taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return plain("\n".join(str(p) for p in parts))


def go(at: AppTest, page: str, **params: str) -> AppTest:
    at.switch_page(PAGES[page])
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def choose_file(at: AppTest, name: str = "council-spend.csv", data: bytes = PAYMENTS) -> AppTest:
    go(at, "upload")
    at.file_uploader[0].set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def load(at: AppTest) -> AppTest:
    (button,) = [b for b in at.button if b.label == "Load into my session"]
    assert not button.disabled
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload_payments(
    at: AppTest,
    *,
    publisher: str = PUBLISHER,
    url: str = URL,
    payment: str = "Net Amount",
    amounts: tuple[str, ...] = ("Net Amount",),
) -> AppTest:
    choose_file(at)
    at.radio(key="up_shape").set_value("payments")
    at.multiselect(key="up_amounts").set_value(list(amounts))
    at.run()
    at.selectbox(key="up_payment").set_value(payment)
    at.text_input(key="up_src_title").set_value("Spending over £500, January 2024")
    at.text_input(key="up_src_publisher").set_value(publisher)
    at.text_input(key="up_src_url").set_value(url)
    at.date_input(key="up_src_date").set_value(date(2024, 2, 15))
    at.run()
    return load(at)


# --- a link to an upload, opened in another session -------------------------------------------


@pytest.mark.parametrize("page", sorted(p for p in PAGES if p != "changes"))  # picks releases
def test_a_link_to_an_upload_elsewhere_says_uploads_are_private(page):
    at = open_app()
    go(at, page, dataset="council-spend")
    warnings = [plain(w.value) for w in at.warning]
    (notice,) = [w for w in warnings if PRIVATE in w]
    assert "council-spend" in notice
    assert "not visible through a link" in notice
    assert "'met-project-cull' instead" in notice  # and what is shown in its place
    # The usual notice for a bad value stays (every bad link value gets one), and this one
    # says why such a link shows nothing.
    assert any("asked for a dataset that is not here (council-spend)" in w for w in warnings)
    assert "dataset" not in at.query_params  # the link is put right, as for any bad value


def test_a_dataset_value_no_upload_could_have_gets_the_plain_notice():
    at = go(open_app(), "overview", dataset="NOT A NAME!")
    warnings = [plain(w.value) for w in at.warning]
    assert any("asked for a dataset that is not here" in w for w in warnings)
    assert not any(PRIVATE in w for w in warnings)


def test_the_privacy_notice_is_inert_text():
    at = go(open_app(), "overview", dataset="x-1")
    (notice,) = [w.value for w in at.warning if "private" in w.value]
    assert "x\\-1" in notice  # escaped by ui.md_text: Markdown cannot come from the link


# --- the source asked for, and cited ---------------------------------------------------------


def test_the_upload_page_asks_for_the_source_with_the_file_name_as_title():
    at = choose_file(open_app(), name="spend-jan.csv")
    assert at.text_input(key="up_src_title").value == "spend-jan.csv"
    assert at.text_input(key="up_src_publisher").value == ""
    assert at.text_input(key="up_src_url").value == ""
    assert at.date_input(key="up_src_date").value is None
    assert at.text_input(key="up_name").value == "spend-jan"


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "www.example.gov.uk/x.csv", "https://", "ftp://example.org/x"]
)
def test_an_address_that_is_not_http_is_refused_plainly(bad):
    at = choose_file(open_app())
    at.text_input(key="up_src_url").set_value(bad)
    at.run()
    assert any("must be a web address" in e.value for e in at.error)
    (button,) = [b for b in at.button if b.label == "Load into my session"]
    assert button.disabled
    at.text_input(key="up_src_url").set_value(URL)
    at.run()
    assert not at.error
    assert not [b for b in at.button if b.label == "Load into my session"][0].disabled


def test_a_loaded_upload_cites_its_publisher_and_address(built_db):
    at = upload_payments(open_app())
    assert any(plain(s.value) == "Loaded 3 rows as dataset council-spend." for s in at.success), [
        s.value for s in at.success
    ]
    assert f"[Spending over £500, January 2024]({URL}) · {PUBLISHER}, 2024-02-15" in texts(at)

    go(at, "sources")
    assert at.query_params["dataset"] in ("council-spend", ["council-spend"])
    shown = texts(at)
    assert f"{PUBLISHER}, 2024-02-15" in shown
    assert f"[Spending over £500, January 2024]({URL})" in shown

    go(at, "projects")
    (table,) = [d.value for d in at.dataframe if "source_url" in d.value.columns]
    assert len(table) == 3 and set(table["source_url"]) == {URL}

    with duckdb.connect(str(built_db), read_only=True) as shared:  # the shared database: untouched
        assert shared.execute(
            "SELECT count(*) FROM datasets WHERE dataset = 'council-spend'"
        ).fetchone() == (0,)


def test_the_upload_joins_the_dataset_picker_on_every_page():
    at = upload_payments(open_app())
    assert list(PAGES), "nothing to check: the test would pass on empty data"
    for page in PAGES:
        if page == "changes":  # What changed picks two releases (project tables), not a dataset
            continue
        go(at, page)
        (picker,) = [s for s in at.sidebar.selectbox if s.label == "Dataset"]
        # The picker shows each dataset by its name and title: "council-spend: Spending ...".
        assert any(o.startswith("council-spend: ") for o in picker.options), page
        assert picker.value == "council-spend", page


def test_the_success_message_links_to_the_upload():
    at = upload_payments(open_app())
    links = [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]
    assert ("Open council-spend on the Overview", "overview", "dataset=council-spend") in [
        (label, page.rstrip("/").split("/")[-1] or "overview", query)
        for label, page, query in links
    ], links


def test_load_for_session_passes_the_source_to_the_import(built_db, tmp_path):
    csv = tmp_path / "spend.csv"
    csv.write_bytes(PAYMENTS)
    state: dict = {}
    mapping = Mapping(
        fields={"supplier": "Supplier Name", "date": "Date"},
        amounts=(AmountColumn("Net Amount", "payment", Decimal(1)),),
        shape="payments",
        unmapped=(),
    )
    upload.load_for_session(
        state,
        built_db,
        csv,
        dataset="spend",
        mapping=mapping,
        title="Spend",
        publisher=" A Council ",
        url=URL,
        published="2024-02-15",
    )
    with duckdb.connect(state[upload.SESSION_DB], read_only=True) as con:
        row = con.execute(
            "SELECT title, publisher, url, published FROM sources WHERE dataset = 'spend'"
        ).fetchall()
    assert row == [("Spend", "A Council", URL, "2024-02-15")]
    with pytest.raises(ImportFailed, match="web address"):
        upload.load_for_session(
            state, built_db, csv, dataset="spend", mapping=mapping, url="javascript:alert(1)"
        )


# --- the payment amount ----------------------------------------------------------------------


def test_the_chosen_payment_amount_comes_first_and_the_other_keeps_its_basis():
    at = choose_file(open_app())
    at.radio(key="up_shape").set_value("payments")
    at.run()
    assert at.selectbox(key="up_payment").options == ["Net Amount", "VAT"]
    at.selectbox(key="up_payment").set_value("VAT")
    at.run()
    at.selectbox(key="up_basis_Net Amount").set_value("budget")
    at.run()
    load(at)
    report = at.session_state["up_report"]
    amounts = report.files[0]["mapping"]["amounts"]
    assert [(a["column"], a["basis"]) for a in amounts] == [
        ("VAT", "payment"),
        ("Net Amount", "budget"),
    ]
    assert report.payments_total_gbp == Decimal("270.10")  # the VAT column: 20 + 50.10 + 200


# --- the import report: skipped rows, columns, never "Loaded 0 rows" --------------------------


def _with(
    extra: dict,
    files_extra: dict | None = None,
    rows_loaded: int | None = None,
    drop: tuple[str, ...] = (),
):
    """Wrap the importer so its report carries `extra` keys, or lacks the keys in `drop`."""
    real = upload.import_files

    class Report(ImportReport):
        def as_json(self):
            out = super().as_json()
            out.update(extra)
            out["files"] = [{**f, **(files_extra or {})} for f in out["files"]]
            for key in drop:
                out.pop(key, None)
                for f in out["files"]:
                    f.pop(key, None)
            return out

    def fake(paths, db, options):
        report = real(paths, db, options)
        if rows_loaded is not None:
            report.rows_loaded = rows_loaded
        return Report(**{f: getattr(report, f) for f in report.__dataclass_fields__})

    return fake


def test_the_report_shows_skipped_rows_and_how_columns_were_read(monkeypatch):
    skipped = [
        {"file": "council-spend.csv", "row": 7, "reason": "no amount", "text": "Total,,,"},
        {"file": "council-spend.csv", "row": 9, "reason": "blank row", "text": ""},
        {"file": "council-spend.csv", "row": 12, "reason": "no amount", "text": "*bold*"},
    ]
    monkeypatch.setattr(
        upload,
        "import_files",
        _with(
            {
                "skipped_rows": 1203,
                "skipped_by_reason": {"no amount": 1200, "blank row": 3},
                "skipped": skipped,
            },
            {
                "amount_choice": {"column": "Net Amount", "why": "named like a payment"},
                "not_money": [{"column": "Transaction Number", "why": "an identifier"}],
                "other_money": [{"column": "VAT", "basis": "unspecified"}],
            },
        ),
    )
    at = upload_payments(open_app())
    shown = texts(at)
    assert "1,203 rows skipped" in shown
    assert "Payment amount: Net Amount — named like a payment" in shown.replace("**", "")
    frames = [d.value for d in at.dataframe]
    (reasons,) = [f for f in frames if "Why skipped" in f.columns and "Rows" in f.columns]
    assert reasons.values.tolist() == [["no amount", 1200], ["blank row", 3]]
    (rows,) = [f for f in frames if "Row in the file" in f.columns]
    assert rows["Row in the file"].tolist() == [7, 9, 12]
    assert rows["Text of the row"].tolist() == ["Total,,,", "", "*bold*"]  # data, not Markdown
    assert any("first 3 of the 1,203 skipped rows" in e.label for e in at.expander)
    (not_money,) = [f for f in frames if "Why" in f.columns]
    assert not_money.values.tolist() == [["Transaction Number", "an identifier"]]
    (other,) = [f for f in frames if list(f.columns) == ["Column", "Basis"]]
    assert other.values.tolist() == [["VAT", "Unspecified"]]


def test_the_report_page_works_without_the_new_report_keys(monkeypatch):
    new_keys = ("skipped_rows", "skipped_by_reason", "skipped", "amount_choice", "not_money")
    monkeypatch.setattr(upload, "import_files", _with({}, drop=(*new_keys, "other_money")))
    at = upload_payments(open_app())
    assert "rows skipped" not in texts(at) and "row skipped" not in texts(at)
    assert any("Imported into dataset" in c.value for c in at.code)


def test_nothing_loaded_is_an_error_never_a_green_loaded_0(monkeypatch):
    monkeypatch.setattr(upload, "import_files", _with({}, rows_loaded=0))
    at = upload_payments(open_app())
    assert not at.success, [s.value for s in at.success]
    assert any("Nothing was loaded" in plain(e.value) for e in at.error)
    assert not [p for p in at.get("page_link") if "council-spend" in p.proto.query_string]


def test_a_failed_import_says_why(monkeypatch):
    def refuse(paths, db, options):
        raise ImportFailed("council-spend.csv: no amount column found")

    monkeypatch.setattr(upload, "import_files", refuse)
    at = upload_payments(open_app())
    assert not at.success
    assert any(
        "Not loaded: council-spend.csv: no amount column found" in plain(e.value) for e in at.error
    )
    assert "up_report" not in at.session_state


def test_no_row_skipped_is_said_in_one_line(monkeypatch):
    monkeypatch.setattr(
        upload, "import_files", _with({"skipped_rows": 0, "skipped_by_reason": {}, "skipped": []})
    )
    at = upload_payments(open_app())
    assert "0 rows skipped: every row read was loaded." in texts(at)
    assert "Rows not loaded" not in texts(at)
    assert not [e for e in at.expander if "skipped rows" in e.label]


def test_idle_session_folders_are_swept_and_busy_ones_kept(tmp_path, monkeypatch) -> None:
    import os
    import tempfile
    import time

    from foi import upload

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    idle = tmp_path / "foi-session-idle"
    busy = tmp_path / "foi-session-busy"
    other = tmp_path / "not-ours"
    for folder in (idle, busy, other):
        folder.mkdir()
        (folder / "session.duckdb").write_bytes(b"x" * 1000)
    old = time.time() - upload.IDLE_SECONDS - 60
    for folder in (idle, busy, other):
        os.utime(folder, (old, old))
    upload.keep_alive(busy / "session.duckdb")  # a page run of the busy session
    gone = upload.sweep_sessions()
    assert gone == [idle] and not idle.exists()
    assert busy.exists() and other.exists()
    state: dict = {}
    made = upload.save_upload(state, "x.csv", b"a,b\n1,2\n")  # a new session sweeps too
    assert made.parent.name.startswith("foi-session-") and made.parent.parent == tmp_path

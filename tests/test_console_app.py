"""The SQL console page through Streamlit's AppTest: a link reruns its query, errors stay text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
SQL = "SELECT project_id, name FROM projects ORDER BY project_id"


@pytest.fixture(autouse=True)
def _db(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)


def open_console(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/sql.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def qp(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def plain(at: AppTest) -> str:
    """Markdown and captions as a reader sees them (bold markers and escapes removed)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts)).replace("**", "")


SCHEMA_COLUMNS = ["column", "type", "description"]


def results(at: AppTest) -> list:
    """The result tables on the page (the schema browser's tables are the others)."""
    return [d.value for d in at.dataframe if list(d.value.columns) != SCHEMA_COLUMNS]


def result_frame(at: AppTest):
    (frame,) = results(at)
    return frame


def test_a_link_with_sql_runs_it_and_shows_rows_and_pages():
    at = open_console(sql=SQL)
    assert "150 rows; page 1 of 2" in plain(at)
    frame = result_frame(at)
    assert list(frame.columns) == ["project_id", "name"] and len(frame) == 100
    assert at.text_area(key="w_sql").value == SQL
    assert not at.error
    assert at.title[0].value == "SQL console"


def test_paging_is_in_the_link():
    at = open_console(sql=SQL, page="2")
    assert "150 rows; page 2 of 2" in plain(at)
    assert len(result_frame(at)) == 50
    assert at.button(key="next_page").disabled
    at.button(key="prev_page").click().run()
    assert qp(at, "page") == []  # page 1 is the default, so the link leaves it out
    assert qp(at, "sql") == [SQL]
    assert "page 1 of 2" in plain(at)


def test_a_page_past_the_end_shows_the_last_page():
    at = open_console(sql=SQL, page="9")
    assert "page 2 of 2" in plain(at)


def test_a_refused_query_shows_an_error_and_no_result():
    at = open_console(sql="DROP TABLE db.figures")
    assert at.error and "DROP" in at.error[0].value
    assert "read" in at.error[0].value and "only" in at.error[0].value
    assert results(at) == []


def test_a_failing_query_shows_duckdbs_message_as_text():
    at = open_console(sql="SELECT * FROM 'data/sources.csv'")
    (error,) = at.error
    assert "Permission Error" in error.value and "cannot read or write files" in error.value


@pytest.mark.parametrize(
    "sql",
    ["<script>alert(1)</script>", "SELECT '<script>alert(1)</script>' AS \"<b>x</b>\""],
)
def test_markup_in_the_query_is_never_rendered(sql):
    at = open_console(sql=sql)
    shown = "\n".join(
        [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    )
    assert re.search(r"(?<!\\)<(script|b)", shown) is None
    assert not any(m.proto.allow_html for m in at.markdown)
    assert at.text_area(key="w_sql").value == sql  # shown as plain text in the editor


def test_the_run_button_writes_the_query_into_the_link():
    at = open_console()
    assert qp(at, "sql") == []
    assert any("Write a query" in i.value for i in at.info)
    at.text_area(key="w_sql").input("SELECT count(*) AS n FROM projects")
    (run,) = [b for b in at.button if b.label == "Run"]
    run.click().run()
    assert not at.exception
    assert qp(at, "sql") == ["SELECT count(*) AS n FROM projects"]
    assert "1 row; page 1 of 1" in plain(at)
    assert result_frame(at)["n"].tolist() == [150]


def test_an_example_loads_into_the_editor_without_running():
    at = open_console(sql=SQL)
    at.selectbox(key="console_example").select("unnamed_projects").run()
    text = at.text_area(key="w_sql").value
    assert text.startswith("-- Where are projects") and "FROM projects p" in text
    assert qp(at, "sql") == [SQL]  # the link still holds the query that ran
    (run,) = [b for b in at.button if b.label == "Run"]
    run.click().run()
    assert qp(at, "sql") == [text]
    assert not at.error


def test_schema_browser_describes_each_column():
    at = open_console()
    labels = [e.label for e in at.expander]
    assert any(label.startswith("figures ·") for label in labels)
    assert any(label.startswith("figure_rows ·") for label in labels)
    (expander,) = [e for e in at.expander if e.label.startswith("figures ·")]
    (listing,) = expander.markdown
    items = re.sub(r"\\(.)", r"\1", listing.value).split("\n- ")
    (amount,) = [i for i in items if "**amount_gbp**" in i]
    assert "· DECIMAL(18,2)" in amount and "pounds" in amount.lower()


def test_downloads_are_offered_for_the_whole_result():
    at = open_console(sql=SQL)
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert labels == ["CSV", "Parquet", "JSON"]
    assert all(b.proto.deferred_file_id for b in buttons)  # built on click, not on every run


def test_the_link_to_this_view_carries_the_query():
    at = open_console(sql=SQL)
    (code,) = [c for c in at.code if "sql=" in c.value]
    assert "sql=SELECT+project_id" in code.value

"""SQL console: read-only SQL over the current dataset, paged, downloadable, and kept in the link.

The query itself lives in the URL (`?sql=...`), so a pasted link reruns it and
shows the same page of the same result. Every query runs in `foi.console`: one
checked SELECT, on a fresh locked connection that sees only this dataset, under
a time limit. Errors are shown as plain text, never as Markdown, HTML or a
traceback.
"""

import datetime as dt
import hashlib
from functools import partial
from itertools import groupby

import pandas as pd
import pyarrow as pa
import streamlit as st

from foi import console, exports, ui
from foi.paging import page_window
from foi.state import MAX_SQL_CHARS
from foi.text import slug

PAGE_SIZE = console.PAGE_SIZE
SQL_KEY = ui.widget_key("sql")
EXAMPLE_KEY = "console_example"
_SEEN_KEY = "_console_sql_seen"
_FORMATS = tuple(exports.format_of(name) for name in console.EXPORT_FORMATS)


@st.cache_data(show_spinner=False, max_entries=16)
def _schema(dataset: str, version: tuple[str, float]) -> pd.DataFrame:
    return pd.DataFrame(console.schema(version[0], dataset))


@st.cache_data(show_spinner=False, max_entries=1)
def _examples() -> dict[str, str]:
    return console.examples()


@st.cache_data(show_spinner=False, max_entries=64, ttl=900)
def _page(
    dataset: str, sql: str, page: int, version: tuple[str, float]
) -> tuple[console.QueryResult | None, str | None]:
    """One page of the result, or the reason there is none (refusals and errors are cached
    too, as they come out the same every time; a timeout is raised and tried afresh)."""
    return console.run_page(version[0], dataset, sql, page, size=PAGE_SIZE)


def _plain(message: str) -> str:
    """A message from DuckDB or the sandbox as inert Markdown, keeping its line breaks."""
    return ui.md_text(message).replace("\n", "  \n")


def _load_example() -> None:
    """Selectbox callback: put the chosen example into the editor (it runs on "Run")."""
    name = st.session_state.get(EXAMPLE_KEY)
    text = st.session_state.get("_console_examples", {}).get(name)
    if text:
        st.session_state[SQL_KEY] = text
    st.session_state[EXAMPLE_KEY] = None


values = ui.page_state("console")
ui.dataset_picker(values)
dataset = values["dataset"]
sql = values["sql"]
db = ui.current_db()
version = (str(db), db.stat().st_mtime)
title = ui.dataset_meta(dataset).get("title") or dataset

# The editor shows the link's query, unless the reader has since loaded an example into it.
if st.session_state.get(_SEEN_KEY) != sql or SQL_KEY not in st.session_state:
    st.session_state[SQL_KEY] = sql
st.session_state[_SEEN_KEY] = sql

st.title("SQL console")
st.caption(
    f"Read-only SQL over “{ui.md_text(title)}”. Each table below holds only this dataset's rows. "
    f"One SELECT at a time; it stops after {console.DEFAULT_TIMEOUT:g} seconds and may use "
    f"{console.MEMORY_LIMIT} of memory. The query is part of the link, so a shared link reruns it."
)

editor, browser = st.columns([3, 2], gap="large")

with browser:
    st.subheader("Tables and columns")
    # Markdown, not a caption: a caption's faded code spans fall below WCAG's 4.5:1 contrast.
    st.markdown(
        "`db.<table>` (for example `db.figures`) reads the database file itself, with every "
        "dataset it holds: the public ones, and your own uploads if you have any."
    )
    columns = _schema(dataset, version)
    # Every table and every column in full: an expander per table, each column's description
    # as wrapping text, and no fixed-height box or grid cell for anything to be cut off in.
    for table, rows in groupby(columns.to_dict("records"), key=lambda r: r["table"]):
        rows = list(rows)
        with st.expander(f"{table} · {len(rows)} columns", icon=":material/table:"):
            st.markdown(
                "\n".join(
                    f"- **{ui.md_text(r['column'])}** · {ui.md_text(r['type'])}  \n"
                    f"  {ui.md_text(r['description'])}"
                    for r in rows
                )
            )

with editor:
    examples = _examples()
    st.session_state["_console_examples"] = examples
    st.selectbox(
        "Start from a question",
        list(examples),
        index=None,
        format_func=lambda n: console.example_title(n, examples[n]),
        placeholder=f"Pick one of {len(examples)} questions a reporter might ask of the data",
        help="The question's SQL loads into the editor, its first line the question itself; "
        "press Run to answer it. Every question runs on any dataset; when there is nothing to "
        "find, it says why in a column of its own, `nothing_found`.",
        key=EXAMPLE_KEY,
        on_change=_load_example,
    )
    with st.form("console_form", border=False):
        st.text_area(
            "SQL (one SELECT; read-only)",
            key=SQL_KEY,
            height=240,
            max_chars=MAX_SQL_CHARS,
            placeholder="SELECT status, count(*) AS projects FROM projects GROUP BY status",
        )
        st.form_submit_button(
            "Run",
            type="primary",
            icon=":material/play_arrow:",
            on_click=ui.on_widget_change,
            args=("sql",),
        )

st.subheader("Result")
if not sql.strip():
    st.info(
        "Write a query and press Run, or load an example. For instance: "
        "`SELECT status, count(*) AS projects FROM projects GROUP BY status`.",
        icon=":material/terminal:",
    )
else:
    result: console.QueryResult | None = None
    error: str | None = None
    try:
        with st.spinner("Running the query…"):
            result, error = _page(dataset, sql, values["page"], version)
            if result is not None:
                window = page_window(result.total_rows, values["page"], PAGE_SIZE)
                if window.page != values["page"]:  # a link past the end: show the last page
                    values = ui.settle_page(values, values["page"], window.page, window.pages)
                    result, error = _page(dataset, sql, window.page, version)
    except console.SandboxError as exc:  # the time limit: not cached, tried again next time
        error = str(exc)
    if error is not None or result is None:
        st.error(_plain(error or "The query gave no result."), icon=":material/error:")
    else:
        total = result.total_rows
        window = page_window(total, values["page"], PAGE_SIZE)
        page, pages = window.page, window.pages
        noun = "row" if total == 1 else "rows"
        st.markdown(
            f"**{total:,} {noun}**; page {page:,} of {pages:,} "
            f"(ran in {result.elapsed:.2f} s; {PAGE_SIZE} rows per page)"
        )
        shown = result.table  # the console already gave every column a type the grid shows
        decimals = {  # exact amounts keep their pennies: 24000000.00, not 24000000
            name: st.column_config.NumberColumn(format=f"%.{field.type.scale}f")
            for name, field in zip(shown.column_names, shown.schema, strict=True)
            if pa.types.is_decimal(field.type) and 0 < field.type.scale <= 10
        }
        st.dataframe(
            shown,
            hide_index=True,
            column_config=decimals,
            height=min(38 + 35 * max(shown.num_rows, 1), 720),
            key="console_result",
        )
        nav = st.columns([1, 1, 4])
        ui.pager(nav, page, pages)

        st.markdown("**Download the whole result**")
        st.caption(
            f"All {total:,} {noun}, not just this page. Each file is built when you click, by "
            f"running the query again (up to {console.EXPORT_TIMEOUT:g} seconds, "
            f"{console.MAX_EXPORT_BYTES // (1024 * 1024)} MB at most)."
        )
        digest = hashlib.sha256(sql.encode("utf-8")).hexdigest()[:8]
        ds_slug = slug(dataset, fallback="dataset", fold_accents=False, keep_hyphens=True)
        stem = f"{ds_slug}_sql_{digest}_{dt.date.today().isoformat()}"
        cols = st.columns([1] * len(_FORMATS) + [4])
        for col, fmt in zip(cols, _FORMATS, strict=False):
            col.download_button(
                fmt.label,
                data=partial(console.export_query, str(db), dataset, sql, fmt.name),
                file_name=f"{stem}.{fmt.extension}",
                mime=fmt.media_type,
                on_click="ignore",
                key=f"download_{fmt.name}",
                icon=":material/download:",
                disabled=total == 0,
            )

ui.link_to_view("sql")

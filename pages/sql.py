"""SQL console: read-only SQL over the current dataset, paged, downloadable, and kept in the link.

The query itself lives in the URL (`?sql=...`), so a pasted link reruns it and
shows the same page of the same result. Every query runs in `foi.sandbox`: one
checked SELECT, on a fresh locked connection that sees only this dataset, under
a time limit. Errors are shown as plain text, never as Markdown, HTML or a
traceback.
"""

import datetime as dt
import hashlib
import math
import re
from functools import partial
from itertools import groupby

import pandas as pd
import pyarrow as pa
import streamlit as st

from foi import exports, sandbox, ui
from foi.state import MAX_SQL_CHARS

PAGE_SIZE = sandbox.PAGE_SIZE
SQL_KEY = ui.widget_key("sql")
EXAMPLE_KEY = "console_example"
_SEEN_KEY = "_console_sql_seen"
_FORMATS = {"csv": "CSV", "parquet": "Parquet", "json": "JSON"}


@st.cache_data(show_spinner=False, max_entries=16)
def _schema(dataset: str, version: tuple[str, float]) -> pd.DataFrame:
    return pd.DataFrame(sandbox.schema(version[0], dataset))


@st.cache_data(show_spinner=False, max_entries=16)
def _examples(dataset: str) -> dict[str, str]:
    return sandbox.examples(dataset)


@st.cache_data(show_spinner=False, max_entries=64, ttl=900)
def _page(
    dataset: str, sql: str, page: int, version: tuple[str, float]
) -> tuple[sandbox.QueryResult | None, str | None]:
    """One page of the result, or the reason there is none (refusals and errors are cached
    too, as they come out the same every time; a timeout is raised and tried afresh)."""
    try:
        result = sandbox.run_query(
            version[0], dataset, sql, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    except (sandbox.QueryRefused, sandbox.QueryFailed) as exc:
        return None, str(exc)
    return result, None


def _plain(message: str) -> str:
    """A message from DuckDB or the sandbox as inert Markdown, keeping its line breaks."""
    return ui.md_text(message).replace("\n", "  \n")


def _for_display(table: pa.Table) -> pa.Table:
    """Columns the grid shows as they are; anything else (lists, structs, intervals, blobs,
    UUIDs, ...) as text, so an unusual type never breaks the page. At most 100 rows."""
    simple = (
        pa.types.is_integer,
        pa.types.is_floating,
        pa.types.is_boolean,
        pa.types.is_string,
        pa.types.is_large_string,
        pa.types.is_date,
        pa.types.is_timestamp,
        pa.types.is_decimal128,
    )
    columns, names, seen = [], [], set()
    for name, column in zip(table.column_names, table.columns, strict=True):
        if not any(test(column.type) for test in simple):
            column = pa.array(
                [None if v is None else str(v) for v in column.to_pylist()], pa.string()
            )
        label, n = name, 1
        while label in seen:
            n += 1
            label = f"{name} ({n})"
        seen.add(label)
        columns.append(column)
        names.append(label)
    return pa.table(columns, names=names)


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
    f"One SELECT at a time; it stops after {sandbox.DEFAULT_TIMEOUT:g} seconds and may use "
    f"{sandbox.MEMORY_LIMIT} of memory. The query is part of the link, so a shared link reruns it."
)

editor, browser = st.columns([3, 2], gap="large")

with browser:
    st.subheader("Tables and columns")
    st.caption(
        "`db.<table>` (for example `db.figures`) reads the database file itself, with every "
        "dataset it holds: the public ones, and your own uploads if you have any."
    )
    columns = _schema(dataset, version)
    tables = st.container(height=430, border=False)
    for table, rows in groupby(columns.to_dict("records"), key=lambda r: r["table"]):
        rows = list(rows)
        with tables.expander(f"{table} · {len(rows)} columns", icon=":material/table:"):
            st.dataframe(
                pd.DataFrame(rows)[["column", "type", "description"]],
                hide_index=True,
                column_config={
                    "column": st.column_config.TextColumn("Column", width="small"),
                    "type": st.column_config.TextColumn("Type", width="small"),
                    "description": st.column_config.TextColumn("What it holds", width="large"),
                },
                key=f"schema_{table}",
            )

with editor:
    examples = _examples(dataset)
    st.session_state["_console_examples"] = examples
    st.selectbox(
        "Start from an example",
        list(examples),
        index=None,
        format_func=lambda n: f"{n}: {sandbox.example_title(n, examples[n])}",
        placeholder="Load one of the explorer's own queries into the editor",
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
    result: sandbox.QueryResult | None = None
    error: str | None = None
    try:
        with st.spinner("Running the query…"):
            result, error = _page(dataset, sql, values["page"], version)
            if result is not None and values["page"] > 1:
                last = max(1, math.ceil(result.total_rows / PAGE_SIZE))
                if values["page"] > last:  # a link to a page past the end: show the last one
                    values = {**values, "page": last}
                    result, error = _page(dataset, sql, last, version)
    except sandbox.SandboxError as exc:  # the time limit: not cached, tried again next time
        error = str(exc)
    if error is not None or result is None:
        st.error(_plain(error or "The query gave no result."), icon=":material/error:")
    else:
        page = values["page"]
        total = result.total_rows
        pages = max(1, math.ceil(total / PAGE_SIZE))
        noun = "row" if total == 1 else "rows"
        st.markdown(
            f"**{total:,} {noun}**; page {page:,} of {pages:,} "
            f"(ran in {result.elapsed:.2f} s; {PAGE_SIZE} rows per page)"
        )
        shown = _for_display(result.table)
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
            f"running the query again (up to {sandbox.EXPORT_TIMEOUT:g} seconds, "
            f"{sandbox.MAX_EXPORT_BYTES // (1024 * 1024)} MB at most)."
        )
        digest = hashlib.sha256(sql.encode("utf-8")).hexdigest()[:8]
        slug = re.sub(r"[^a-z0-9-]+", "-", dataset.lower()).strip("-") or "dataset"
        stem = f"{slug}_sql_{digest}_{dt.date.today().isoformat()}"
        cols = st.columns([1] * len(_FORMATS) + [4])
        for col, (fmt, label) in zip(cols, _FORMATS.items(), strict=False):
            col.download_button(
                label,
                data=partial(sandbox.export_query, str(db), dataset, sql, fmt),
                file_name=f"{stem}.{fmt}",
                mime=exports.MEDIA_TYPES[fmt],
                on_click="ignore",
                key=f"download_{fmt}",
                icon=":material/download:",
                disabled=total == 0,
            )

ui.link_to_view("sql")

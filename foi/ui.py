"""Streamlit glue shared by the pages: connection, URL state, links, charts with their numbers.

The only module in `foi` that imports Streamlit; everything it calls is plain
`foi` code that the tests use directly. Pages lay out widgets and call these.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from foi import state
from foi.build import build, needs_build
from foi.charts import plot_config
from foi.config import DATA_DIR, default_db_path
from foi.db import SERVER_MEMORY, connect
from foi.importing import DATASET_NAME
from foi.queries import run
from foi.upload import SESSION_DB

_build_lock = threading.Lock()
_CARRY_KEY = "_foi_carry"
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+")


def ensure_database() -> Path:
    """Build the database on first start, or when `data/` is newer than it."""
    db = default_db_path()
    with _build_lock:
        if needs_build(DATA_DIR, db):
            build(DATA_DIR, db)
    return db


@st.cache_resource(show_spinner=False)
def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database version; callers take a cursor each.

    DuckDB's memory is capped (it spills sorts and joins to disk beyond it), so the
    server stays within its budget with millions of rows loaded; see README "Performance".
    """
    del mtime  # part of the cache key only: a rebuilt file gets a new connection
    return connect(path, memory=SERVER_MEMORY)


def current_db() -> Path:
    """This visitor's database: their own copy once they have uploaded a file, else the shared one.

    Uploads never go into the shared database, so one visitor never sees another's file.
    """
    own = st.session_state.get(SESSION_DB)
    if own and Path(own).exists():
        return Path(own)
    return default_db_path()  # app.py calls ensure_database() once at the top of every run


def connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection to this visitor's current database file."""
    db = current_db()
    return _connection(str(db), db.stat().st_mtime)


def _db_version() -> tuple[str, float]:
    """Cache key part: which database file, and which build of it."""
    db = current_db()
    return (str(db), db.stat().st_mtime)


@st.cache_data(show_spinner=False, max_entries=512)
def cached(
    name: str, params: tuple[tuple[str, Any], ...], version: tuple[str, float], order_by: str = ""
):
    """A named query's result as pandas, cached by database file, version and parameters."""
    db, mtime = version
    bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    con = _connection(db, mtime)
    return run(con, name, bound, order_by=order_by or None).to_pandas()


def query(name: str, order_by: str = "", **params: Any) -> pd.DataFrame:
    """Run a named query (cached) with keyword parameters."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return cached(name, frozen, _db_version(), order_by)


def vocab(dataset: str | None) -> dict[str, list[str]]:
    """The values each URL parameter may take in this dataset (cached per database build).

    Every page run reads it at least twice (the link's check and the widgets), so it
    is cached whole rather than rebuilt from five cached queries each time.
    """
    return _vocab(dataset, _db_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _vocab(dataset: str | None, version: tuple[str, float]) -> dict[str, list[str]]:
    del version  # part of the cache key only
    datasets = query("datasets")["dataset"].tolist()
    if dataset not in datasets:
        dataset = datasets[0] if datasets else None
    if dataset is None:
        return {"dataset": []}
    opts = query("filter_options", dataset=dataset)
    statuses = query("statuses", dataset=dataset)["status"].tolist()
    groups = query("group_totals", dataset=dataset)
    sources = query("sources", dataset=dataset)

    def values(field: str) -> list[str]:
        return opts.loc[opts["field"] == field, "value"].astype(str).tolist()

    return {
        "dataset": datasets,
        "status": list(dict.fromkeys(statuses + values("status"))),
        "org": values("org"),
        "exemption": values("exemption"),
        "category": values("category"),
        "area": values("area"),
        "group": [""] + groups.loc[groups["total_gbp"].notna(), "group_id"].tolist(),
        "source": [""] + sources["source_id"].tolist(),
    }


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _leave_legacy_page_mode() -> None:
    """Make a deep link opened first after a server start route through app.py.

    Streamlit decides once per process whether a `pages/` folder means its
    legacy multipage mode; if the very first visit is a deep link such as
    /projects, it runs that page file directly and never calls
    `st.navigation` in app.py. Switch the flag off and rerun, so the app's
    own navigation (and its URL for that page) takes over.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without it
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def private_dataset_notice(name: str, shown_instead: str | None) -> str:
    """What a link to a dataset this session does not have says (plain text, escaped by the caller).

    Such a link is most often a shared link to someone's upload: uploads live only in the
    browser session that made them, so say that rather than "not a known dataset".
    """
    instead = f" Showing {shown_instead!r} instead." if shown_instead else ""
    return (
        f"There is no dataset {name!r} here. If it is a file uploaded on the “Your own file” "
        "page, it stays private to the browser session that uploaded it: uploads are not "
        "visible through a link, to anyone else or in another browser. To explore it here, "
        f"upload the file again in this browser.{instead}"
    )


def _missing_dataset(raw: dict[str, list[str]], known: Sequence[str]) -> str | None:
    """The link's dataset when it could name an upload this session does not have."""
    given = raw.get("dataset", [])
    if len(given) == 1 and given[0] not in known and DATASET_NAME.fullmatch(given[0]):
        return given[0]
    return None


def page_state(page: str) -> dict[str, Any]:
    """Read, check and canonicalise this page's URL state; show a notice per bad value.

    Arriving from another page (Streamlit clears the query string on a page
    change) restores the dataset and the filters that apply here.
    """
    _leave_legacy_page_mode()
    raw = _raw_params()
    carry: dict[str, list[str]] = st.session_state.get(_CARRY_KEY, {})
    names = {p.name for p in state.PAGES[page]}
    if not raw and carry:
        raw = {k: v for k, v in carry.items() if k in names}
    first = raw.get("dataset", [None])
    v = vocab(first[0] if len(first) == 1 else None)
    missing = _missing_dataset(raw, v.get("dataset", []))
    values, notices = state.parse(page, raw, v)
    for notice in notices:
        st.warning(md_text(notice), icon=":material/link_off:")
    if missing is not None:  # after the usual notice, why such a link shows nothing here
        st.warning(
            md_text(private_dataset_notice(missing, values.get("dataset"))),
            icon=":material/lock:",
        )
    canonical = state.to_query(page, values, v)
    if state.query_string(canonical) != state.query_string(_raw_params()):
        st.query_params.from_dict(canonical)
    new_carry = {k: v_ for k, v_ in carry.items() if k not in names}
    for key, value in state.carried(canonical).items():
        new_carry[key] = value if isinstance(value, list) else [value]
    if "dataset" in values:
        new_carry["dataset"] = [values["dataset"]]
    st.session_state[_CARRY_KEY] = new_carry
    st.session_state["_foi_page"] = page
    st.session_state["_foi_values"] = values
    st.session_state["_foi_vocab"] = v
    return values


def widget_key(name: str) -> str:
    return f"w_{name}"


def sync_widget(name: str, value: Any) -> str:
    """Put the URL's value into a widget's state before it is drawn; return its key."""
    key = widget_key(name)
    st.session_state[key] = list(value) if isinstance(value, tuple) else value
    return key


def on_widget_change(
    name: str, *, reset_page: bool = True, convert: Callable | None = None
) -> None:
    """Callback: write a widget's new value into the URL (the page then re-reads it)."""
    page = st.session_state.get("_foi_page")
    values = dict(st.session_state.get("_foi_values", {}))
    value = st.session_state.get(widget_key(name))
    if convert is not None:
        value = convert(value)
    values[name] = tuple(value) if isinstance(value, list) else value
    if reset_page and "page" in values:
        values["page"] = 1
    st.query_params.from_dict(state.to_query(page, values, st.session_state.get("_foi_vocab", {})))


def view_url(page_path: str) -> str:
    """The full link to this view: app address, page and every parameter."""
    base = st.context.url or f"http://localhost:8501/{page_path}"
    base = base.split("?")[0]
    page = st.session_state.get("_foi_page")
    values = st.session_state.get("_foi_values", {})
    q = state.to_query(page, values, st.session_state.get("_foi_vocab", {})) if page else {}
    return base + state.query_string(q)


def link_to_view(page_path: str) -> str:
    """A visible, copyable "link to this view" (the code block has a copy button)."""
    url = view_url(page_path)
    with st.container():
        st.caption("Link to this view (copy and share; it reopens exactly this view)")
        st.code(url, language=None, wrap_lines=True)
    return url


def md_text(text: Any) -> str:
    """Data text made inert in Markdown: no links, emphasis or HTML can come from data."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", str(text))


def safe_url(url: Any) -> str | None:
    """Only plain http(s) addresses from the data become links."""
    if isinstance(url, str) and _SAFE_URL.fullmatch(url):
        return url.replace("(", "%28").replace(")", "%29")
    return None


def source_md(source_id: Any, url: Any = None, publisher: Any = None, locator: Any = None) -> str:
    """`Source: [The Register, REG-2016-03-24](url), passage ...` as safe Markdown."""
    label = md_text(f"{publisher}, {source_id}" if publisher else source_id)
    link = safe_url(url)
    text = f"[{label}]({link})" if link else label
    if locator:
        text += f" — {md_text(locator)}"
    return text


def chart_block(
    fig: go.Figure,
    table: pd.DataFrame,
    filename: str,
    *,
    key: str,
    column_config: dict[str, Any] | None = None,
) -> None:
    """A chart, then its numbers as a table with a CSV download (built on click)."""
    st.plotly_chart(fig, config=plot_config(filename), key=key, theme=None)
    if st.context.is_embedded:
        return
    with st.expander("Numbers behind this chart"):
        st.dataframe(table, hide_index=True, column_config=column_config)
        st.download_button(
            "Download these numbers (CSV)",
            data=lambda: table.to_csv(index=False).encode("utf-8"),
            file_name=f"{filename}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"{key}_csv",
            icon=":material/download:",
        )


def dataset_picker(values: dict[str, Any]) -> None:
    """Sidebar choice of dataset, kept in the URL."""
    options: Sequence[str] = st.session_state.get("_foi_vocab", {}).get("dataset", [])
    if len(options) <= 1:
        return
    key = sync_widget("dataset", values["dataset"])
    st.sidebar.selectbox("Dataset", options, key=key, on_change=on_widget_change, args=("dataset",))


def dataset_meta(dataset: str) -> dict[str, Any]:
    """Title, description and licence of a dataset."""
    frame = query("datasets")
    row = frame.loc[frame["dataset"] == dataset]
    return row.iloc[0].to_dict() if len(row) else {"dataset": dataset, "title": dataset}


def citation(dataset: str, url: str) -> str:
    """How to cite this view: title, link and today's date."""
    meta = dataset_meta(dataset)
    return f"FOI Spend Explorer, “{meta['title']}”, {url} (accessed {date.today().isoformat()})."


@st.cache_data(show_spinner=False, max_entries=64)
def _summary(dataset: str, version: tuple[str, float]) -> dict[str, Any]:
    from foi.summary import summarise

    return summarise(_connection(*version), dataset)


def summary(dataset: str) -> dict[str, Any]:
    """The dataset's headline (cached per database version)."""
    return _summary(dataset, _db_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _group_gaps(dataset: str, assume: str | None, version: tuple[str, float]) -> list[Any]:
    from foi.summary import group_gaps

    return group_gaps(_connection(*version), dataset, assume_basis=assume)


def group_gaps(dataset: str, assume: str | None = None) -> list[Any]:
    """Groups with totals split into itemised parts and gap (cached)."""
    return _group_gaps(dataset, assume, _db_version())


def source_index(dataset: str) -> dict[str, dict[str, Any]]:
    """source_id -> its row, for linking any figure to its source."""
    frame = query("sources", dataset=dataset)
    return {r["source_id"]: r for r in frame.to_dict("records")}


def sources_md(dataset: str, ids: Sequence[str]) -> str:
    """Several source ids as linked Markdown."""
    index = source_index(dataset)
    out = []
    for sid in ids:
        row = index.get(sid, {})
        out.append(source_md(sid, row.get("url"), row.get("publisher")))
    return "; ".join(out)


def set_param(name: str, value: Any) -> None:
    """Callback for buttons: set one URL parameter (e.g. the page number)."""
    page = st.session_state.get("_foi_page")
    values = dict(st.session_state.get("_foi_values", {}))
    values[name] = value
    st.query_params.from_dict(state.to_query(page, values, st.session_state.get("_foi_vocab", {})))


def url_multiselect(
    where: Any,
    label: str,
    options: Sequence[str],
    name: str,
    values: dict[str, Any],
    *,
    format_func: Callable[[Any], str] = str,
    placeholder: str = "Any",
) -> None:
    """A multiselect whose choice lives in the URL parameter `name` (repeatable)."""
    where.multiselect(
        label,
        list(options),
        format_func=format_func,
        key=sync_widget(name, values[name]),
        on_change=on_widget_change,
        args=(name,),
        placeholder=placeholder,
    )


def pager(cols: Sequence[Any], page: int, pages: int) -> None:
    """Previous / next buttons that move the `page` URL parameter."""
    cols[0].button(
        "← Previous",
        disabled=page <= 1,
        on_click=set_param,
        args=("page", page - 1),
        key="prev_page",
    )
    cols[1].button(
        "Next →",
        disabled=page >= pages,
        on_click=set_param,
        args=("page", page + 1),
        key="next_page",
    )

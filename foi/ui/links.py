"""Every view lives in the URL: read the link into checked values, and keep it in step.

`page_state` turns the query string into values (via `foi.state`) and shows a notice per
refused value; widgets write back through `on_widget_change`, so the link is always the
view and can be shared.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from foi import state
from foi.importing import DATASET_NAME
from foi.ui.data import dataset_titles, vocab
from foi.ui.text import md_text

_CARRY_KEY = "_foi_carry"

#: A page's name in foi.state -> its address under the app (the Overview is the root).
PAGE_PATHS = {"overview": "", "console": "sql"}
PAGE_PATHS |= {p: p for p in state.PAGES if p not in PAGE_PATHS}


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
    st.session_state["_foi_titles"] = dataset_titles()
    return values


def settle_page(values: dict[str, Any], asked: int, shown: int, pages: int) -> dict[str, Any]:
    """After paging: when the link asked for a page past the end, say so and fix the link.

    page=99999 of a four-page table shows page 4 (foi.paging); the notice says why, and the
    link in the address bar and in "Link to this view" becomes page 4, so sharing it shares
    what is on screen.
    """
    if asked == shown:
        return values
    st.warning(
        md_text(
            f"The link asked for page {asked:,}, but these rows fill only "
            f"{pages:,} page{'s' if pages != 1 else ''}; showing page {shown:,}."
        ),
        icon=":material/link_off:",
    )
    values = {**values, "page": shown}
    page = st.session_state.get("_foi_page")
    st.session_state["_foi_values"] = values
    if page:
        st.query_params.from_dict(
            state.to_query(page, values, st.session_state.get("_foi_vocab", {}))
        )
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


def page_address(url: str | None, base_path: str, page_path: str) -> str:
    """The address of page `page_path`: the server's origin, its base path and the page.

    Built from the page being run, not from the address bar: a link to /nonexistent
    shows the Overview, and its "link to this view" must be the Overview's, not /nonexistent.
    """
    parts = urlsplit(url or "http://localhost:8501/")
    segments = [s for s in (base_path.strip("/"), page_path.strip("/")) if s]
    return f"{parts.scheme}://{parts.netloc}/" + "/".join(segments)


def view_url(page_path: str) -> str:
    """The full link to this view: app address, page and every parameter."""
    base = page_address(st.context.url, st.get_option("server.baseUrlPath") or "", page_path)
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


def set_param(name: str, value: Any, **more: Any) -> None:
    """Callback for buttons: set one URL parameter (e.g. the page number), and any `more`."""
    page = st.session_state.get("_foi_page")
    values = dict(st.session_state.get("_foi_values", {}))
    values[name] = value
    values.update(more)
    st.query_params.from_dict(state.to_query(page, values, st.session_state.get("_foi_vocab", {})))

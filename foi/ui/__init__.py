"""Streamlit glue shared by the pages: data, URL state, safe text and shared widgets.

The only package in `foi` that imports Streamlit; everything it calls is plain `foi`
code that the tests use directly. Pages lay out widgets and call these, as `ui.<name>`.
"""

from foi.ui.data import (
    cached,
    change_data,
    connection,
    current_db,
    dataset_meta,
    ensure_database,
    group_gaps,
    query,
    source_index,
    summary,
    vocab,
)
from foi.ui.links import (
    link_to_view,
    on_widget_change,
    page_state,
    private_dataset_notice,
    set_param,
    settle_page,
    sync_widget,
    view_url,
    widget_key,
)
from foi.ui.text import citation, md_text, safe_url, source_md, sources_md
from foi.ui.widgets import (
    chart_block,
    data_table,
    dataset_picker,
    pager,
    sorted_table,
    url_multiselect,
)

__all__ = [
    "cached",
    "change_data",
    "chart_block",
    "citation",
    "connection",
    "current_db",
    "data_table",
    "dataset_meta",
    "dataset_picker",
    "ensure_database",
    "group_gaps",
    "link_to_view",
    "md_text",
    "on_widget_change",
    "page_state",
    "pager",
    "private_dataset_notice",
    "query",
    "safe_url",
    "set_param",
    "settle_page",
    "source_index",
    "source_md",
    "sorted_table",
    "sources_md",
    "summary",
    "sync_widget",
    "url_multiselect",
    "vocab",
    "view_url",
    "widget_key",
]

"""Widgets the pages share: a chart with its numbers, the dataset picker, the pager."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from foi.charts import plot_config
from foi.charts.credit import add_credit, credit_text, source_names
from foi.charts.inert import inert_labels
from foi.formats import column_label
from foi.ui.a11y import chart_alt
from foi.ui.data import query, source_index
from foi.ui.links import PAGE_PATHS, on_widget_change, set_param, sync_widget, view_url
from foi.ui.text import safe_url

#: Columns that already say where a row's numbers come from.
SOURCE_COLUMNS = ("source", "sources", "source_id", "source_ids", "Source", "Sources")


def labelled_columns(table: pd.DataFrame, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """Headings for every column (foi.formats.column_label), money and shares as numbers.

    A column the caller configures keeps its configuration; the rest are named for a
    reader, so no table shows "never_itemised_gbp" as its heading.
    """
    config: dict[str, Any] = {}
    for name in table.columns:
        label = column_label(str(name))
        numeric = pd.api.types.is_numeric_dtype(table[name]) and not pd.api.types.is_bool_dtype(
            table[name]
        )
        if numeric and str(name).endswith("_gbp"):
            config[name] = st.column_config.NumberColumn(label, format="accounting")
        elif numeric and str(name).endswith("share"):
            config[name] = st.column_config.NumberColumn(label, format="percent")
        else:
            config[name] = label
    return {**config, **(given or {})}


def data_table(table: pd.DataFrame, **options: Any) -> None:
    """st.dataframe with readable headings and "—" for a missing value, never "None"."""
    options["column_config"] = labelled_columns(table, options.get("column_config"))
    st.dataframe(table, hide_index=True, placeholder="—", **options)


def with_sources(table: pd.DataFrame, sources: Sequence[str] | None) -> pd.DataFrame:
    """The table, with a Sources column naming `sources` if it has no source column of its own.

    Every "Numbers behind this chart" table says where its numbers come from.
    """
    if any(c in table.columns for c in SOURCE_COLUMNS) or not sources:
        return table
    return table.assign(sources="; ".join(dict.fromkeys(sources)))


def chart_block(
    fig: go.Figure,
    table: pd.DataFrame,
    filename: str,
    *,
    key: str,
    column_config: dict[str, Any] | None = None,
    sources: Sequence[str] | None = None,
    datasets: Sequence[str] | None = None,
    basis: str | None = None,
    caveat: str | None = None,
) -> None:
    """A chart with its credit, then its numbers as a table with a CSV download.

    `sources` (source ids) fill a Sources column when the table has none; without them the
    ids in the table's own source column, else the dataset's sources that give figures,
    are named. The credit (sources, `basis`, `caveat`, the link to the full view) is
    written into the figure, so an embed or a saved PNG carries it (foi.charts.credit).
    `datasets` are where the sources are looked up (default: the page's dataset).
    """
    if sources is None:
        sources = _dataset_sources()
    index = _source_rows(datasets)
    cited = _cited_ids(table, index) or list(sources)
    link = view_url(PAGE_PATHS.get(st.session_state.get("_foi_page", ""), ""))
    credit = credit_text(source_names(cited, index), basis=basis, caveat=caveat, link=link)
    fig = add_credit(inert_labels(fig), credit)  # data in labels is text, never markup
    # alt: what the chart shows, in sentences, for a screen reader (foi.ui.a11y).
    st.plotly_chart(fig, config=plot_config(filename), key=key, theme=None, alt=chart_alt(fig))
    if st.context.is_embedded:
        full = safe_url(link)  # the credit is in the figure; here, the link a reader can click
        if full:
            st.caption(f"[Full view, with every source and the numbers behind this chart]({full})")
        return
    table = with_sources(table, sources)
    with st.expander("Numbers behind this chart"):
        data_table(table, column_config=column_config)
        st.download_button(
            "Download these numbers (CSV)",
            data=lambda: table.to_csv(index=False).encode("utf-8"),
            file_name=f"{filename}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"{key}_csv",
            icon=":material/download:",
        )


def _source_rows(datasets: Sequence[str] | None) -> dict[str, dict[str, Any]]:
    """source_id -> its row, over `datasets` (default: the page's dataset)."""
    if datasets is None:
        current = st.session_state.get("_foi_values", {}).get("dataset")
        datasets = [current] if current else []
    index: dict[str, dict[str, Any]] = {}
    for dataset in datasets:
        index.update(source_index(dataset))
    return index


def _cited_ids(table: pd.DataFrame, index: Mapping[str, Any]) -> list[str]:
    """The source ids a chart's own table names (its source columns, "; "- or ", "-separated)."""
    found: list[str] = []
    for column in (c for c in SOURCE_COLUMNS if c in table.columns):
        for cell in table[column].dropna().astype(str):
            found += [t.strip() for t in cell.replace(";", ",").split(",") if t.strip() in index]
    return list(dict.fromkeys(found))


def _dataset_sources() -> list[str]:
    """The current dataset's sources that give figures (the fallback for a chart's table)."""
    dataset = st.session_state.get("_foi_values", {}).get("dataset")
    if not dataset:
        return []
    found = query("sources", dataset=dataset)
    return [s for s, n in zip(found["source_id"], found["figures"], strict=True) if n]


def sorted_table(
    table: pd.DataFrame,
    column_config: dict[str, Any],
    *,
    sort: str,
    sort_for: Callable[[str, str], str | None],
    height: int,
) -> None:
    """A page of rows whose column headers sort every matching row, in the database.

    st.dataframe sorts only the rows it holds, in the browser: on a paged table that
    reorders one page and reads as the whole. Column selection turns that off; a click
    on a header selects the column, and this turns the selection into the `sort` link
    parameter (`sort_for(column, current)`), so the database sorts all rows and the
    link keeps it. The key follows the sort, so the selection is cleared once applied.
    """
    key = f"table_sorted_by_{sort}"

    def on_header() -> None:
        columns = st.session_state[key]["selection"]["columns"]
        if not columns:
            return
        wanted = sort_for(columns[0], sort)
        if wanted is None:
            heading = column_config.get(columns[0])
            if isinstance(heading, dict):
                heading = heading.get("label")
            name = heading if isinstance(heading, str) and heading else columns[0]
            st.toast(f"The table cannot be sorted by {name}; try Name, Amount or Source.")
            return
        set_param("sort", wanted, page=1)

    st.dataframe(
        table,
        hide_index=True,
        column_config=column_config,
        height=height,
        placeholder="—",
        on_select=on_header,
        selection_mode="single-column",
        key=key,
    )


def dataset_picker(values: dict[str, Any]) -> None:
    """Sidebar choice of dataset, kept in the URL."""
    options: Sequence[str] = st.session_state.get("_foi_vocab", {}).get("dataset", [])
    if len(options) <= 1 or st.context.is_embedded:  # an embed is the chart alone
        return
    key = sync_widget("dataset", values["dataset"])
    titles: dict[str, str] = st.session_state.get("_foi_titles", {})
    st.sidebar.selectbox(
        "Dataset",
        options,
        key=key,
        on_change=on_widget_change,
        args=("dataset",),
        format_func=lambda d: f"{d}: {titles[d]}" if d in titles else d,
    )


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

"""Stopped vs corrected: spend and project counts by status, withheld money drawn as its own series."""

import pandas as pd
import streamlit as st

from foi import charts, ui
from foi.views import credits
from foi.views import stopped as view

values = ui.page_state("stopped")
ui.dataset_picker(values)
dataset = values["dataset"]
summary = ui.summary(dataset)
embedded = st.context.is_embedded
statuses = ui.query("statuses", dataset=dataset)
labels = dict(zip(statuses["status"], statuses["label"], strict=True))

has_groups = bool(summary["groups"])
if not embedded:
    st.title("Stopped vs corrected" if has_groups else "Projects and money by status")
    st.caption(
        "What each status group was worth, and how much of it was ever broken down by project. "
        "Hatched pink is money disclosed only as a total: it is not zero, it is unknown per project."
    )
    # Two rows: the split's three choices need a row's width to be read uncut on a laptop.
    c1, c2 = st.columns([1.4, 1])
    c3 = st.container()
    with c1:
        st.multiselect(
            "Statuses",
            ui.vocab(dataset)["status"],
            format_func=lambda s: labels.get(s, s),
            key=ui.sync_widget("status", values["status"]),
            on_change=ui.on_widget_change,
            args=("status",),
            placeholder="All statuses",
        )
    with c2:
        st.segmented_control(
            "Measure",
            ["gbp", "count"],
            format_func={"gbp": "£ money", "count": "Project count"}.get,
            key=ui.sync_widget("unit", values["unit"]),
            on_change=ui.on_widget_change,
            args=("unit",),
            required=True,
        )
    with c3:
        st.segmented_control(
            "Split projects by",
            ["status", "named", "organisation"],
            format_func={
                "status": "Status only",
                "named": "Named / unnamed",
                "organisation": "Organisation",
            }.get,
            key=ui.sync_widget("split", values["split"]),
            on_change=ui.on_widget_change,
            args=("split",),
            required=True,
        )

chosen = set(values["status"])
groups = view.chosen_groups(summary["groups"], chosen)
unit, split = values["unit"], values["split"]

if groups:
    bars = charts.status_bars(groups, unit)
    fig = charts.stopped_vs_corrected(bars, unit, view.groups_title(groups, unit))
    table = view.groups_table(groups)
    basis, caveat = credits.groups(groups)
    ui.chart_block(
        fig,
        table,
        f"{dataset}_stopped-vs-corrected_{unit}",
        key="groups_chart",
        basis=basis if unit == "gbp" else None,
        caveat=caveat if unit == "gbp" else credits.COUNTS,
    )
    if not embedded:
        st.caption("Sources: " + ui.sources_md(dataset, view.group_sources(groups)))
elif has_groups:
    st.info("No status group with a disclosed total matches these statuses.")

# Every project by status: counts (split as chosen), or disclosed money per basis.
if view.shows_counts(unit, split, has_groups):
    rows = view.count_rows(ui.query("status_counts", dataset=dataset), split, chosen)
    if rows:
        fig2 = charts.status_counts_chart(rows, split, view.count_title(rows))
        ui.chart_block(
            fig2,
            pd.DataFrame(rows),
            f"{dataset}_projects-by-status_{split}",
            key="counts_chart",
            caveat=credits.COUNTS,
        )
if view.shows_basis_money(unit, split, has_groups):
    money = view.basis_money(ui.query("status_money", dataset=dataset), chosen)
    if len(money):
        fig2 = charts.basis_money_chart(
            money.to_dict("records"),
            "Money disclosed project by project, by what it measures (bases never added)",
        )
        ui.chart_block(
            fig2,
            view.basis_table(money),
            f"{dataset}_disclosed-by-basis",
            key="basis_chart",
            basis=credits.bases(money["basis"]),
            caveat=credits.BASIS_MONEY,
        )
        if not embedded:
            st.caption(ui.md_text(view.basis_caption(money)))

if not embedded:
    ui.link_to_view("stopped")

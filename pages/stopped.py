"""Stopped vs corrected: spend and project counts by status, withheld money drawn as its own series."""

import pandas as pd
import streamlit as st

from foi import charts, ui
from foi.money import format_gbp
from foi.vocab import basis_label

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
    c1, c2, c3 = st.columns([1.4, 1, 1.6])
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
groups = [g for g in summary["groups"] if not chosen or g["status"] in chosen]
unit = values["unit"]

if groups:
    bars = charts.status_bars(groups, unit)
    if unit == "gbp":
        total = sum(g["total_gbp"] for g in groups)
        gap = sum(g["gap_gbp"] for g in groups)
        title = (
            f"{format_gbp(total)} stopped or corrected; {format_gbp(gap)} never itemised by project"
        )
    else:
        n = sum(g["projects"] for g in groups)
        named = sum(g["named"] for g in groups)
        title = f"{n} projects stopped or corrected; only {named} named"
    fig = charts.stopped_vs_corrected(bars, unit, title)
    table = pd.DataFrame(
        {
            "status": [g["label"] for g in groups],
            "projects": [g["projects"] for g in groups],
            "named": [g["named"] for g in groups],
            "unnamed": [g["unnamed"] for g in groups],
            "total_gbp": [g["total_gbp"] for g in groups],
            "basis": [g["basis"] for g in groups],
            "itemised_gbp": [g["itemised_gbp"] for g in groups],
            "never_itemised_gbp": [g["gap_gbp"] for g in groups],
            "withheld_figures": [g["withheld_figures"] for g in groups],
            "sources": [", ".join(g["source_ids"]) for g in groups],
        }
    )
    ui.chart_block(fig, table, f"{dataset}_stopped-vs-corrected_{unit}", key="groups_chart")
    if not embedded:
        st.caption(
            "Sources: "
            + ui.sources_md(dataset, sorted({s for g in groups for s in g["source_ids"]}))
        )
elif has_groups:
    st.info("No status group with a disclosed total matches these statuses.")

# Every project by status: counts (split as chosen), or disclosed money per basis.
counts = ui.query("status_counts", dataset=dataset)
if chosen:
    counts = counts[counts["status"].isin(chosen)]
if unit == "count" or values["split"] != "status" or not has_groups:
    split = values["split"]
    rows = []
    for label, frame in counts.groupby("label", sort=False):
        role = frame["role"].iloc[0]
        if split == "named":
            parts = {
                "Named": frame[frame["named"]],
                "Unnamed (counted, never named)": frame[~frame["named"]],
            }
        elif split == "organisation":
            parts = dict(iter(frame.groupby("organisation")))
        else:
            parts = {"Projects": frame}
        for part, sub in parts.items():
            if len(sub):
                rows.append(
                    {
                        "label": label,
                        "role": role,
                        "part": part,
                        "projects": int(sub["projects"].sum()),
                        "source": ", ".join(sorted(set(", ".join(sub["sources"]).split(", ")))),
                    }
                )
    if rows and (unit == "count" or values["split"] != "status" or not has_groups):
        total = sum(r["projects"] for r in rows)
        fig2 = charts.status_counts_chart(
            rows, split, f"All {total} projects in the data, by status"
        )
        ui.chart_block(
            fig2, pd.DataFrame(rows), f"{dataset}_projects-by-status_{split}", key="counts_chart"
        )
if unit == "gbp" and (values["split"] == "status" or not has_groups):
    money = ui.query("status_summary", dataset=dataset)
    money = money[money["basis"].notna()]
    if chosen:
        money = money[money["status"].isin(chosen)]
    if len(money):
        money = money.assign(basis_label=money["basis"].map(basis_label))
        rows = money.to_dict("records")
        fig2 = charts.basis_money_chart(
            rows, "Money disclosed project by project, by what it measures (bases never added)"
        )
        table = money[["label", "basis", "disclosed_gbp", "projects_with_figure"]].rename(
            columns={"label": "status"}
        )
        ui.chart_block(fig2, table, f"{dataset}_disclosed-by-basis", key="basis_chart")
        if not embedded:
            st.caption(
                "Each project's amount is counted once per basis, however many sources repeat it. "
                "Different bases (contract value, spend to date, savings) are never added together."
            )

if not embedded:
    ui.link_to_view("stopped")

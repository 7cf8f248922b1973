"""Timeline: the dated events, 2013 to 2016, each with its source."""

import streamlit as st

from foi import charts, ui

values = ui.page_state("timeline")
ui.dataset_picker(values)
dataset = values["dataset"]
embedded = st.context.is_embedded
events = ui.query("timeline", dataset=dataset)
projects = ui.query(
    "figure_rows",
    order_by="name",
    **{
        "dataset": dataset,
        "status": None,
        "org": None,
        "basis": None,
        "disclosure": None,
        "exemption": None,
        "q": None,
        "min": None,
        "max": None,
        "named_only": True,
        "limit": 10_000,
        "offset": 0,
    },
)
statuses = ui.query("statuses", dataset=dataset)
role_of_status = dict(zip(statuses["status"], statuses["role"], strict=True))
roles = {
    r["subject_id"]: role_of_status.get(r["status"], "other")
    for r in projects.to_dict("records")
    if r["level"] == "project"
}

if not embedded:
    st.title("Timeline")
    st.caption(
        "Dated events from the sources. Where a source gives only a month or a year, the event "
        "is placed at its start and labelled with the precision known."
    )

if len(events) == 0:
    st.info("This dataset has no dated events.")
else:
    records = events.to_dict("records")
    first, last = records[0]["event_date"], records[-1]["event_date"]
    title = f"{len(records)} events, {first.year} to {last.year}"
    fig = charts.timeline_chart(records, roles, title)
    table = events[["event_date", "date_precision", "title", "project", "source_id", "locator"]]
    ui.chart_block(fig, table, f"{dataset}_timeline", key="timeline_chart")

    if not embedded:
        for e in records:
            d = e["event_date"]
            when = {"year": f"{d.year}", "month": d.strftime("%B %Y")}.get(
                e["date_precision"], d.strftime("%d %B %Y").lstrip("0")
            )
            with st.container(border=True):
                st.markdown(f"**{ui.md_text(when)}** · {ui.md_text(e['title'])}")
                st.write(e["claim"])
                st.caption(
                    "Source: "
                    + ui.source_md(e["source_id"], e["source_url"], e["publisher"], e["locator"])
                )

if not embedded:
    ui.link_to_view("timeline")

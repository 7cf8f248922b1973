"""Timeline: the dated events, 2013 to 2016, each with its source."""

import streamlit as st

from foi import charts, ui
from foi.views import credits

values = ui.page_state("timeline")
ui.dataset_picker(values)
dataset = values["dataset"]
embedded = st.context.is_embedded
events = ui.query("timeline", dataset=dataset)
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
    roles = {
        e["project_id"]: e["project_role"] for e in records if isinstance(e["project_id"], str)
    }
    fig = charts.timeline_chart(records, roles, title)
    table = events[["event_date", "date_precision", "title", "project", "source_id", "locator"]]
    ui.chart_block(fig, table, f"{dataset}_timeline", key="timeline_chart", caveat=credits.TIMELINE)

    if not embedded:
        for e in records:
            d = e["event_date"]
            when = {"year": f"{d.year}", "month": d.strftime("%B %Y")}.get(
                e["date_precision"], d.strftime("%d %B %Y").lstrip("0")
            )
            with st.container(border=True):
                st.markdown(f"**{ui.md_text(when)}** · {ui.md_text(e['title'])}")
                st.markdown(ui.md_text(e["claim"]))  # data: shown as text, never as Markdown
                st.caption(
                    "Source: "
                    + ui.source_md(e["source_id"], e["source_url"], e["publisher"], e["locator"])
                )

if not embedded:
    ui.link_to_view("timeline")

"""Sources & discrepancies: every source with what it supports; each disagreement side by side."""

import streamlit as st

from foi import ui
from foi.formats import plural
from foi.views import sources as view

values = ui.page_state("sources")
ui.dataset_picker(values)
dataset = values["dataset"]

st.title("Sources & discrepancies")
st.caption(
    "Every number in the explorer points to one of these documents and to the passage it comes "
    "from. Where two sources (or two passages of one) disagree, both values are kept."
)

discrepancies = ui.query("discrepancies", dataset=dataset)
aspects = sorted(discrepancies["aspect"].unique().tolist())
st.header(plural(len(discrepancies), "discrepancy", "discrepancies").capitalize())
st.pills(
    "Show",
    aspects,
    selection_mode="multi",
    key=ui.sync_widget("aspect", values["aspect"]),
    on_change=ui.on_widget_change,
    args=("aspect",),
    format_func=lambda a: {
        "count": "Counts",
        "amount": "Amounts",
        "supplier": "Suppliers",
        "meaning": "Meanings",
    }.get(a, a),
)
if values["aspect"]:
    discrepancies = discrepancies[discrepancies["aspect"].isin(values["aspect"])]

for d in discrepancies.to_dict("records"):
    with st.container(border=True):
        st.markdown(
            f"**{ui.md_text(d['discrepancy_id'])} · {ui.md_text(d['what_differs'])}**  \n"
            f"About: {ui.md_text(d['subject'])} · what differs: *{ui.md_text(d['aspect'])}*"
        )
        a, b = st.columns(2)
        for col, side in ((a, "a"), (b, "b")):
            with col:
                st.markdown(f"### {ui.md_text(d['value_' + side])}")
                st.markdown(
                    "Source: "
                    + ui.source_md(
                        d["source_" + side],
                        d["url_" + side],
                        d["publisher_" + side],
                        d["locator_" + side],
                    )
                    + f" ({ui.md_text(d['published_' + side])})"
                )
                if isinstance(d["figure_" + side], str):
                    st.caption(f"Figure {ui.md_text(d['figure_' + side])}")
        if isinstance(d["note"], str):
            st.caption(ui.md_text(d["note"]))

conflicts = ui.query("conflicting_figures", dataset=dataset)
with st.expander(
    f"Cross-check: {len(conflicts)} pairs of figures found to conflict by the data itself"
):
    st.caption(
        "Found by a query (queries/conflicting_figures.sql), not declared by hand: two disclosed "
        "figures about the same thing whose amounts differ on the same basis, whose bases differ "
        "for the same amount, or whose suppliers differ."
    )
    ui.data_table(conflicts)

st.header("Sources")
sources = ui.query("sources", dataset=dataset)
PER_SOURCE = 200
figures = ui.query("source_figures", dataset=dataset, per_source=PER_SOURCE)
options = [""] + sources["source_id"].tolist()
st.selectbox(
    "Focus on one source",
    options,
    format_func=lambda s: s or "All sources",
    key=ui.sync_widget("source", values["source"]),
    on_change=ui.on_widget_change,
    args=("source",),
)
if values["source"]:
    sources = sources[sources["source_id"] == values["source"]]

for s in sources.to_dict("records"):
    with st.container(border=True):
        link = ui.safe_url(s["url"])
        title = ui.md_text(s["title"])
        st.markdown(
            f"**{ui.md_text(s['source_id'])}** · {ui.md_text(s['publisher'])}, "
            f"{ui.md_text(s['published'])} · {ui.md_text(s['kind'].replace('_', ' '))}  \n"
            + (f"[{title}]({link})" if link else title)
        )
        if isinstance(s["notes"], str):
            st.caption(ui.md_text(s["notes"]))
        st.caption(view.use_sentence(s))
        mine = figures[figures["source_id"] == s["source_id"]]
        if len(mine):
            table = view.figures_table(mine)
            if s["figures"] > len(mine):
                st.caption(
                    f"The first {len(mine):,} of {plural(s['figures'], 'figure')}; the Projects page "
                    "filters, pages and downloads them all."
                )
            ui.data_table(table, key=f"src_{s['source_id']}")

ui.link_to_view("sources")

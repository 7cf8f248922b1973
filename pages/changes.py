"""What changed: which figures went dark, came to light or moved between two releases."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from foi import changes, ui
from foi.charts.changes import by_department, department_chart
from foi.charts.heatmap import withheld_heatmap, withheld_table
from foi.exports.changes import FORMATS as CHANGE_FORMATS
from foi.exports.changes import export_changes
from foi.exports.changes import export_filename as change_filename
from foi.exports.formats import format_of
from foi.formats import plural
from foi.paging import page_window
from foi.views import changes as view
from foi.views import credits

values = ui.page_state("changes")
embedded = st.context.is_embedded
found = changes.releases(ui.connection())
titles = {r.dataset: r.title for r in found}
names = [r.dataset for r in found]
from_ds, to_ds = values["from"], values["to"]  # the link's pair, else the newest two

if not embedded:
    st.title("What changed between releases")
    st.caption(
        "Two releases of one series compared project by project, matched on the publisher's "
        "own id (the GMPP ID), falling back to the name only where an id is missing. Each "
        "cost field of each project is classified: went dark (disclosed, then withheld), came "
        "to light, stayed withheld, cost moved, unchanged, or not given. A withheld figure is "
        "a fact about the disclosure, not a zero. Method and caveats are on the About page."
    )
if len(names) < 2:
    st.info(
        "Comparing needs two releases: datasets that hold a project table. Load a second "
        "release on the 'Your own file' page (or with `python -m foi import --series NAME`)."
    )
    st.stop()

if not embedded:
    c = st.columns(2)
    for col, name, label in ((c[0], "from", "Earlier release"), (c[1], "to", "Later release")):
        col.selectbox(
            label,
            names if values[name] else ["", *names],
            format_func=lambda d: f"{titles.get(d, d)} ({d})" if d else "Choose a release",
            key=ui.sync_widget(name, values[name]),
            on_change=ui.on_widget_change,
            args=(name,),
        )

if not (from_ds and to_ds):
    st.info("Choose the two releases to compare: the earlier, then the later.")
    st.stop()
try:
    changes.check_pair(ui.connection(), from_ds, to_ds)
except changes.NotComparable as exc:
    st.info(ui.md_text(f"Cannot compare: {exc}."))
    st.stop()

vocab = st.session_state.get("_foi_vocab", {})
fields_found = ui.change_data("fields", from_ds, to_ds)
headers = {f["field_key"]: f["header"] or f["basis"] for f in fields_found if f["dataset"] == to_ds}
both = sorted(
    {f["field_key"] for f in fields_found if f["dataset"] == to_ds}
    & {f["field_key"] for f in fields_found if f["dataset"] == from_ds}
)
pair_counts = ui.change_data("counts", from_ds, to_ds)
departments = sorted({r["department"] for r in pair_counts if r["department"]}, key=str.lower)
if not embedded:
    c = st.columns([2, 2, 2])
    ui.url_multiselect(
        c[0], "Department", departments, "department", values, placeholder="Every department"
    )
    ui.url_multiselect(
        c[1],
        "Cost field",
        both,
        "field",
        values,
        format_func=lambda k: view.field_label(k, headers),
        placeholder="Every cost field",
    )
    ui.url_multiselect(
        c[2],
        "Change",
        list(changes.CHANGES),
        "change",
        values,
        format_func=changes.change_label,
        placeholder="Every kind of change",
    )

chosen = {"departments": values["department"], "fields": values["field"]}
counts = ui.change_data("counts", from_ds, to_ds, **chosen)
summary = changes.summarise(counts, from_ds, to_ds)
if not summary["fields"]:
    st.info(
        ui.md_text(
            f"{titles[from_ds]} and {titles[to_ds]} have no cost field in common (the same "
            "basis, such as whole-life cost, in both releases), so there is nothing to compare."
        )
    )
    st.stop()

if not embedded:  # an embed is the chart alone, with its credit
    cards = st.columns(4, border=True)
    for col, card in zip(cards, view.cards(summary), strict=True):
        with col:
            st.metric(card["label"], card["value"], help=card["help"])
            st.caption(ui.md_text(card["detail"]))
    narrow = [
        plural(len(values["department"]), "department") if values["department"] else "",
        plural(len(values["field"]), "cost field") if values["field"] else "",
    ]
    if any(narrow):
        st.caption(
            "Cards, chart and table narrowed to " + " and ".join(n for n in narrow if n) + "."
        )
    st.markdown(ui.md_text(changes.paragraph(summary, titles)))
renamed = view.renamed_note(ui.change_data("renamed", from_ds, to_ds))
if renamed and not embedded:
    st.caption(ui.md_text(renamed))
skipped = view.pair_note(summary, changes.not_compared(fields_found, from_ds, to_ds))
if skipped and not embedded:
    st.caption(ui.md_text(skipped))

pair_sources = [s for ds in (from_ds, to_ds) for s in ui.query("sources", dataset=ds)["source_id"]]
numbers = by_department(counts)
if numbers:
    table = view.department_numbers(numbers)
    ui.chart_block(
        department_chart(
            numbers,
            "What went dark, by department",
            f"{from_ds} to {to_ds}",
        ),
        table,
        f"{from_ds}-to-{to_ds}_changes-by-department",
        key="changes_by_department",
        sources=pair_sources,
        datasets=[from_ds, to_ds],
        caveat=credits.COUNTS + "; each release's costs in its own prices",
        column_config={"£ as last disclosed": st.column_config.NumberColumn(format="localized")},
    )
else:
    st.caption("No figure went dark, came to light or stayed withheld among these rows.")
if embedded:  # the chart alone; its credit names the releases' sources and the caveat
    st.stop()

st.subheader("What is missing, release by release")
missing = ui.query("withheld_by_department", datasets=[from_ds, to_ds])
if values["department"]:
    missing = missing[missing["department"].isin(values["department"])]
if len(missing):
    cells = missing.to_dict("records")
    ui.chart_block(
        withheld_heatmap(cells, [from_ds, to_ds], titles),
        pd.DataFrame(withheld_table(cells, titles)),
        f"{from_ds}-and-{to_ds}_withheld-by-department",
        key="withheld_heatmap",
        sources=pair_sources,
        datasets=[from_ds, to_ds],
        caveat="Share of each department's figures withheld, per cost field and release; "
        "A to Z, not a ranking",
        column_config={"Share withheld": st.column_config.NumberColumn(format="percent")},
    )
    st.caption(
        "Each cell: the share of that department's figures for that cost field withheld in "
        "that release, with the count beside it. A small department with 2 of 3 withheld is "
        "not like a large one with 40 of 60; the map is in A-Z order and is not a ranking."
    )

with st.expander("Every change type, per cost field (each row adds up to the matched projects)"):
    st.dataframe(view.field_breakdown(summary), hide_index=True)

st.subheader("Every change")
rows_total = sum(r["n"] for r in counts if not values["change"] or r["change"] in values["change"])
window = page_window(rows_total, values["page"], view.ONE_PAGE)
values = ui.settle_page(values, values["page"], window.page, window.pages)
rows = ui.change_data(
    "rows",
    from_ds,
    to_ds,
    page=(view.ONE_PAGE, window.offset),
    changes=values["change"],
    **chosen,
)
st.caption(
    f"{rows_total:,} rows: one per cost field of each project in both releases, plus one per "
    "project that joined or left. Each cell is shown as its release printed it, with the file, "
    "row and column it came from."
)
frame = view.table_frame(rows, from_ds, to_ds)
money = {c: st.column_config.NumberColumn(c, format="localized") for c in view.MONEY_COLUMNS}
st.dataframe(
    frame,
    hide_index=True,
    column_config={
        **money,
        "Moved (%)": st.column_config.NumberColumn("Moved (%)", format="percent"),
        "Project": st.column_config.TextColumn("Project", pinned=True),
    },
)
if window.pages > 1:
    ui.pager(st.columns([1, 1, 4]), window.page, window.pages)

today = dt.date.today()
chosen_values = {**values, "from": from_ds, "to": to_ds}
cols = st.columns(len(CHANGE_FORMATS))
for col, name in zip(cols, CHANGE_FORMATS, strict=True):
    fmt = format_of(name)
    col.download_button(
        fmt.label,
        data=partial(export_changes, ui.connection(), name, chosen_values, today),
        file_name=change_filename(chosen_values, name, today),
        mime=fmt.media_type,
        on_click="ignore",
        key=f"changes_download_{name}",
        icon=":material/download:",
    )
ui.link_to_view("changes")

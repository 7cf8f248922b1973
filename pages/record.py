"""Record: everything known about one figure, project, group or source, at its own address.

`/record?dataset=...&figure=<figure_id>` (or project=, group=, source=). Logic and
queries are in foi.views.record; every value from the data is escaped here.
"""

import streamlit as st

from foi import ui
from foi.console import MAX_EXPORT_BYTES
from foi.state import query_string
from foi.ui.links import _leave_legacy_page_mode
from foi.views import record as view

_leave_legacy_page_mode()
raw = {k: st.query_params.get_all(k) for k in st.query_params}
datasets = ui.query("datasets")["dataset"].tolist()
link, notices = view.read_link(raw, datasets)
for notice in notices:
    st.warning(ui.md_text(notice), icon=":material/link_off:")
asked = raw.get("dataset", [])
if len(asked) == 1 and asked[0] not in datasets:
    st.warning(
        ui.md_text(ui.private_dataset_notice(asked[0], link.dataset)), icon=":material/lock:"
    )

root = view.app_root(st.context.url)
dataset = link.dataset or ""
link_text = view.LINK_TEXT


def record_link(kind: str, key: str, label: str) -> None:
    """A link to another record of this dataset, labelled with text from the data (escaped)."""
    st.page_link(
        "pages/record.py",
        label=ui.md_text(label),
        icon=":material/arrow_forward:",
        query_params=view.link_query(dataset, kind, key),
    )


def link_table(frame, kind_label: str, key: str, **columns) -> None:
    """A table whose `record` column links to each row's record page."""
    st.dataframe(
        frame,
        hide_index=True,
        key=key,
        column_config={
            "record": st.column_config.LinkColumn(kind_label, display_text=link_text),
            **columns,
        },
    )


def show_source(source: dict, locator: str | None, claim: str | None) -> None:
    """The source block: who published what when, the link, and the passage used."""
    with st.container(border=True):
        st.markdown("**Source**")
        url = ui.safe_url(source.get("url"))
        title = ui.md_text(source.get("title") or source["source_id"])
        kind = (source.get("kind") or "").replace("_", " ")
        st.markdown(
            f"{ui.md_text(source.get('publisher') or '')}, {ui.md_text(source.get('published') or '')}"
            f" · {ui.md_text(kind)}  \n" + (f"[{title}]({url})" if url else title)
        )
        if url:  # safe_url: no spaces, quotes or backticks, so it can sit in inline code
            st.caption(f"`{url}`")
        if source.get("notes"):
            st.caption(ui.md_text(source["notes"]))
        if locator:
            st.markdown(f"Where in the source: {ui.md_text(locator)}")
        if claim:
            st.markdown(f"What it says (in our words): {ui.md_text(claim)}")
        record_link("source", source["source_id"], f"Everything citing {source['source_id']}")


def show_discrepancies(rows: list[dict]) -> None:
    st.subheader(f"Discrepancies ({len(rows)})")
    if not rows:
        st.caption("No declared disagreement involves this record.")
    for d in rows:
        with st.container(border=True):
            st.markdown(
                f"**{ui.md_text(d['discrepancy_id'])} · {ui.md_text(d['what_differs'])}**  \n"
                f"About: {ui.md_text(d['subject'] or d['subject_id'])} · "
                f"what differs: *{ui.md_text(d['aspect'])}*"
            )
            cols = st.columns(2)
            for col, side in zip(cols, ("a", "b"), strict=True):
                with col:
                    st.markdown(f"**{ui.md_text(d['value_' + side])}**")
                    st.markdown(
                        "Source: "
                        + ui.source_md(
                            d["source_" + side],
                            d["url_" + side],
                            d["publisher_" + side],
                            d["locator_" + side],
                        )
                        + f" ({ui.md_text(d['published_' + side] or '')})"
                    )
                    if d["figure_" + side]:
                        record_link("figure", d["figure_" + side], f"Figure {d['figure_' + side]}")
            if d["note"]:
                st.caption(ui.md_text(d["note"]))


def show_figures(rec: view.Record, heading: str) -> None:
    total = rec.figures_total or len(rec.figures)
    st.subheader(f"{heading} ({total:,})")
    if not rec.figures:
        st.caption("None.")
        return
    st.caption(ui.md_text(view.shown_of(len(rec.figures), total, "figure").capitalize() + "."))
    links = view.list_links(rec.figures, dataset, root, "figure", "figure_id")
    link_table(view.figures_frame(rec.figures, links), "Figure", key="record_figures")
    if total > len(rec.figures):
        sql = view.console_sql(*view.listing_of(rec))
        st.caption(
            f"Every one of them: in the SQL console, or as a file (up to "
            f"{MAX_EXPORT_BYTES // (1024 * 1024)} MB) at the address below."
        )
        st.page_link(
            "pages/sql.py",
            label="Open in the SQL console",
            icon=":material/terminal:",
            query_params={"dataset": dataset, "sql": sql},
        )
        st.code(
            f"{root or ''}/api/sql.csv" + query_string({"dataset": dataset, "sql": sql}),
            language=None,
            wrap_lines=True,
        )


if link.kind is None or link.key is None:
    st.title("Records")
    st.info(
        "A record page shows everything known about one figure, project, group or source. "
        "Open one from a figure id in the Projects table, or write its address: "
        "`/record?dataset=met-project-cull&figure=CC-CONTRACT-REG` (or `project=`, "
        "`group=`, `source=`).",
        icon=":material/info:",
    )
    st.stop()

rec = view.load(ui.connection(), link)
if rec is None:
    st.title("Record not found")
    st.error(
        ui.md_text(f"There is no {link.kind} {link.key!r} in the dataset {dataset!r}."),
        icon=":material/search_off:",
    )
    st.stop()

meta = ui.dataset_meta(dataset)
f = rec.fields
st.title(ui.md_text(view.title(rec)))
st.caption(
    f"{ui.md_text(rec.kind.capitalize())} in “{ui.md_text(meta.get('title') or dataset)}” "
    f"({ui.md_text(dataset)})"
)

if rec.kind == "figure":
    record_link(
        f["subject_type"], f["subject_id"], f"About: {f['subject_name'] or f['subject_id']}"
    )
elif rec.kind == "project":
    if f.get("group_id"):
        record_link("group", f["group_id"], f"In the group: {f['group_label'] or f['group_id']}")
    if f.get("related_id"):
        record_link(
            "project",
            f["related_id"],
            f"May be the same as: {f['related_name'] or f['related_id']} ({f['relation'] or ''})",
        )
elif rec.kind == "group" and f.get("parent_id"):
    record_link("group", f["parent_id"], f"Part of: {f['parent_label'] or f['parent_id']}")

st.subheader("Everything the data holds about it")
fields = view.fields_table(f)
st.dataframe(
    fields,
    hide_index=True,
    key="record_fields",
    height=38 + 35 * len(fields),
    column_config={
        "field": st.column_config.TextColumn("Field", width="small"),
        "value": st.column_config.TextColumn("Value", width="large"),
        "meaning": st.column_config.TextColumn("What it holds", width="large"),
    },
)

if rec.source is not None and rec.kind != "source":
    show_source(rec.source, f.get("locator"), f.get("claim"))
elif rec.kind == "source":
    url = ui.safe_url(f.get("url"))
    if url:
        st.markdown(f"Read it: [{ui.md_text(f.get('title') or url)}]({url})")
elif f.get("source_id"):
    st.caption(ui.md_text(f"Source {f['source_id']} is not in this dataset's list of sources."))

if rec.kind == "figure":
    show_discrepancies(rec.discrepancies)
    if rec.conflicts:
        st.subheader(f"Figures the data finds in conflict with it ({len(rec.conflicts)})")
        st.dataframe(rec.conflicts, hide_index=True, key="record_conflicts")
    show_figures(rec, "Other figures about the same project or group")
elif rec.kind in ("project", "group"):
    show_figures(rec, "Its figures")
    if rec.kind == "group":
        st.subheader(f"Its projects ({rec.members_total:,})")
        if rec.members:
            st.caption(
                ui.md_text(view.shown_of(len(rec.members), rec.members_total, "project") + ".")
            )
            frame = view.members_frame(rec.members, dataset, root)
            link_table(frame, "Project", key="record_members")
    show_discrepancies(rec.discrepancies)
    if rec.conflicts:
        st.subheader(f"Figures the data finds in conflict ({len(rec.conflicts)})")
        st.dataframe(rec.conflicts, hide_index=True, key="record_conflicts")
    if rec.cells:
        st.subheader(f"Every cell of its row, as the release printed it ({len(rec.cells)})")
        st.dataframe(rec.cells, hide_index=True, key="record_cells")
    if rec.events:
        st.subheader(f"Timeline ({len(rec.events)})")
        st.dataframe(rec.events, hide_index=True, key="record_events")
else:
    show_figures(rec, "Figures citing it")
    st.subheader(f"Projects and groups it names or counts ({rec.subjects_total:,})")
    if rec.subjects:
        frame = view.subjects_frame(rec.subjects, dataset, root)
        link_table(frame, "Record", key="record_subjects")
    else:
        st.caption("None.")
    show_discrepancies(rec.discrepancies)
    if rec.events:
        st.subheader(f"Events it reports ({len(rec.events)})")
        st.dataframe(rec.events, hide_index=True, key="record_events")

st.caption("Link to this record (copy and share)")
st.code(
    view.record_url(root or "http://localhost:8501", dataset, rec.kind, rec.key),
    language=None,
    wrap_lines=True,
)

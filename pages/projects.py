"""Projects: every figure and project, filtered, sorted and paged in DuckDB, and downloadable."""

import datetime as dt
from functools import partial

import streamlit as st

from foi import exports, filters, ui
from foi.charts import FACET_TITLES, facet_chart
from foi.filters import SORTS
from foi.formats import INFERRED_NOTE
from foi.paging import page_window
from foi.views import credits, record
from foi.views import facets as facet_view
from foi.views import projects as view
from foi.vocab import BASES, DISCLOSURES, basis_label, disclosure_label

values = ui.page_state("projects")
embedded = st.context.is_embedded
ui.dataset_picker(values)
dataset = values["dataset"]
vocab = ui.vocab(dataset)
statuses = ui.query("statuses", dataset=dataset)
status_labels = dict(zip(statuses["status"], statuses["label"], strict=True))
opts = ui.query("filter_options", dataset=dataset)
org_labels = dict(
    zip(
        opts.loc[opts["field"] == "org", "value"],
        opts.loc[opts["field"] == "org", "label"],
        strict=True,
    )
)


def _amount(text: str) -> str:
    return text.strip()


if not embedded:  # an embed is the rows alone: no widgets
    st.title("Projects and figures")
    st.caption(
        "One row per figure (an amount, or a refusal to give one) and one row for each counted project "
        "with no figure at all. Filters, sort and page are in the link."
    )

    with st.container(border=True):
        c = st.columns(4)
        ui.url_multiselect(
            c[0],
            "Status",
            vocab["status"],
            "status",
            values,
            format_func=lambda s: status_labels.get(s, s),
            placeholder="Any status",
        )
        ui.url_multiselect(
            c[1],
            "Organisation",
            vocab["org"],
            "org",
            values,
            format_func=lambda o: org_labels.get(o, o),
            placeholder="Any organisation",
        )
        ui.url_multiselect(
            c[2],
            "Basis (what the money means)",
            list(BASES),
            "basis",
            values,
            format_func=basis_label,
            placeholder="Any basis",
        )
        ui.url_multiselect(
            c[3],
            "Disclosure",
            list(DISCLOSURES),
            "disclosure",
            values,
            format_func=disclosure_label,
            placeholder="Any disclosure status",
        )
        if vocab["category"] or vocab["area"]:  # payment files: expense type and area
            c = st.columns(2)
            ui.url_multiselect(
                c[0], "Expense type", vocab["category"], "category", values, placeholder="Any type"
            )
            ui.url_multiselect(
                c[1],
                "Expense area or service",
                vocab["area"],
                "area",
                values,
                placeholder="Any area",
            )
        c = st.columns([1, 2, 1, 1, 1.5])
        ui.url_multiselect(
            c[0],
            "Exemption cited",
            vocab["exemption"],
            "exemption",
            values,
            format_func=lambda s: f"s.{s}",
            placeholder="Any",
        )
        c[1].text_input(
            "Search names, claims, suppliers, sources",
            key=ui.sync_widget("q", values["q"]),
            on_change=ui.on_widget_change,
            args=("q",),
            placeholder="e.g. Lockheed",
            max_chars=100,
        )
        c[2].text_input(
            "Amount at least",
            key=ui.sync_widget(
                "min", "" if values["min"] is None else format(values["min"].normalize(), "f")
            ),
            on_change=ui.on_widget_change,
            args=("min",),
            kwargs={"convert": _amount},
            placeholder="e.g. 10m",
        )
        c[3].text_input(
            "Amount at most",
            key=ui.sync_widget(
                "max", "" if values["max"] is None else format(values["max"].normalize(), "f")
            ),
            on_change=ui.on_widget_change,
            args=("max",),
            kwargs={"convert": _amount},
            placeholder="e.g. 100m",
        )
        c[4].toggle(
            "Named projects only",
            key=ui.sync_widget("named", values["named"]),
            on_change=ui.on_widget_change,
            args=("named",),
        )

params = filters.query_params(dataset, values)
order = filters.order_by(values)
# One pass over the filtered rows gives the facets and the counts over the table.
facets = ui.query(
    "figure_rows_facets", top=facet_view.TOP, subjects=values["facet"] == "subject", **params
)
facet_records = facets.to_dict("records")
count = filters.counts_from_facets(facet_records)
total_rows = count["rows"]
window = page_window(total_rows, values["page"], int(values["size"]))
values = ui.settle_page(values, values["page"], window.page, window.pages)
rows = ui.query("figure_rows", order_by=order, **filters.page_params(dataset, values))

facet_fields, facet = filters.facet_choices(facet_records, values["facet"])
described = filters.describe(values, {"status": status_labels, "org": org_labels})

st.markdown(
    f"**{total_rows:,} rows** match ({ui.md_text(described)}): "
    f"{ui.md_text(view.disclosure_breakdown(facet_records))}. "
    f"Showing {window.first:,}–{window.last:,}."
)

if not total_rows:
    low, high = ui.query("amount_range", dataset=dataset).iloc[0]
    st.info(
        ui.md_text(view.no_rows_notice(values, described, low, high)),
        icon=":material/filter_alt_off:",
    )
else:
    # Datasette's facets: each field's values among the matching rows, each a link that
    # adds it to the filters (or, once picked, takes it off).
    if not embedded:  # the facets are links to click through: not in an embed
        facet_lists = facet_view.build(
            facet_records, values, vocab, record.app_root(st.context.url)
        )
        with st.container(border=True):
            st.markdown("**What the matching rows are made of**")
            st.caption(
                "Each value with its matching rows, and the money disclosed in them where it is "
                "all on one basis (bases are never added). Click a value (+) to keep only its rows; "
                "a value with ✕ is in the filters, and a click takes it off. Each is a link: open it "
                "in a new tab, or share it."
            )
            for start in range(0, len(facet_lists), facet_view.PER_ROW):
                cols = st.columns(facet_view.PER_ROW)
                for col, facet_list in zip(
                    cols, facet_lists[start : start + facet_view.PER_ROW], strict=False
                ):
                    with col:
                        st.markdown(f"**{ui.md_text(facet_list.title)}**")
                        for item in facet_list.values:
                            st.page_link(
                                "pages/projects.py",
                                label=facet_view.link_text(item, ui.md_text),
                                query_params=item.query,
                                icon=facet_view.icon(item),
                                icon_position="right",
                                help=ui.md_text(facet_view.link_help(item, facet_list)),
                            )
                        if left_out := facet_view.note(facet_list):
                            st.caption(ui.md_text(left_out))
            if shared := facet_view.shared_values(facet_records, values, facet_lists):
                st.caption(ui.md_text(shared))
            if facet_view.says_inferred(facet_lists, facet_records):
                st.caption(ui.md_text(INFERRED_NOTE))
    with st.container(border=not embedded):
        if not embedded:
            st.radio(
                "Chart the matching rows",
                ["auto", *facet_fields],
                format_func=lambda f: "Automatic" if f == "auto" else f"By {FACET_TITLES[f]}",
                horizontal=True,
                key=ui.sync_widget("facet", values["facet"]),
                on_change=ui.on_widget_change,
                args=("facet",),
            )
        shown_facets = facets[facets["field"] == facet]
        if facet is None:
            st.caption("Pick a field to see how the matching rows divide.")
        else:
            ui.chart_block(
                facet_chart(
                    shown_facets.to_dict("records"),
                    facet,
                    f"The {total_rows:,} matching rows by {FACET_TITLES[facet]}",
                ),
                shown_facets[["label", "rows", "disclosed_gbp", "other"]],
                f"{dataset}-rows-by-{facet}",
                key="facet_chart",
                caveat=credits.FACETS,
            )

shown = view.table_rows(rows, status_labels)
if embedded:  # the first rows, read-only, and the way to the full view; no widgets
    ui.data_table(
        shown.drop(columns=["source_url"]),
        height=view.table_height(len(shown)),
        column_config={
            "name": "Project or group",
            "amount": st.column_config.NumberColumn("Amount (£)", format="accounting"),
            "counterparty": "Supplier",
            "original_text": "As written",
            "claim": "What the source says",
        },
    )
    full = ui.safe_url(ui.view_url("projects"))
    if full:
        st.caption(f"[Full view: filter, sort, page and download every row]({full})")
    st.stop()
shown.insert(0, "record", record.row_links(rows, dataset, record.app_root(st.context.url)))
sort = values["sort"]
head = partial(view.header_label, sort=sort)
st.caption(
    f"Sorted by {SORTS[sort][0].lower()}, over all {total_rows:,} matching rows. Click a column's "
    "name to sort by it (Amount again: smallest first); the sort is kept in the link."
)
ui.sorted_table(
    shown,
    {
        "record": st.column_config.LinkColumn(
            "Figure id", display_text=record.LINK_TEXT, help="Everything known about it"
        ),
        "name": st.column_config.TextColumn(
            head("name", "Project or group"),
            width=view.column_width(shown["name"], "Project or group"),
            pinned=True,
        ),
        "project_ref": st.column_config.TextColumn("Project id", help="The publisher's own id"),
        "status_label": head("status_label", "Status"),
        "organisation": head("organisation", "Organisation"),
        "amount": st.column_config.NumberColumn(
            head("amount", "Amount (£)"),
            format="accounting",
            width="medium",
            pinned=True,
            help="In pounds and pence; — when not disclosed",
        ),
        "basis": head("basis", "Basis"),
        "disclosure": head("disclosure", "Disclosure"),
        "exemption": st.column_config.TextColumn(
            "Exemption", help="(inferred): the source gave a reason, not a section number"
        ),
        "counterparty": head("counterparty", "Supplier"),
        "original_text": "As written",
        "source_id": st.column_config.TextColumn(
            head("source_id", "Source"),
            width=view.column_width(shown["source_id"], "Source"),
            pinned=True,
        ),
        "source_url": st.column_config.LinkColumn("Link", display_text="open source"),
        "locator": "Where in the source",
        "claim": st.column_config.TextColumn("What the source says", width="large"),
    },
    sort=sort,
    sort_for=view.sort_for_header,
    height=view.table_height(len(shown)),
)

nav = st.columns([1, 1, 2, 2, 2])
ui.pager(nav, window.page, window.pages)
nav[2].markdown(f"Page **{window.page}** of **{window.pages}**")
nav[3].selectbox(
    "Sort",
    list(SORTS),
    format_func=lambda k: SORTS[k][0],
    key=ui.sync_widget("sort", values["sort"]),
    on_change=ui.on_widget_change,
    args=("sort",),
)
nav[4].selectbox(
    "Rows per page",
    ["25", "50", "100", "200"],
    key=ui.sync_widget("size", values["size"]),
    on_change=ui.on_widget_change,
    args=("size",),
)

st.subheader("Download exactly these rows")
st.caption(
    f"All {total_rows:,} filtered rows (not just this page), in the order shown. Each file is built "
    "when you click. The zip adds a datapackage.json with the schema, the sources, the licence, "
    "the filters and the date."
)
today = dt.date.today()
applied = filters.active(values)
meta = ui.dataset_meta(dataset)
cols = st.columns(len(exports.REGISTRY))
export_params = filters.query_params(dataset, values)
for col, fmt in zip(cols, exports.REGISTRY, strict=True):
    col.download_button(
        fmt.label,
        data=partial(
            exports.export_rows,
            ui.connection(),
            fmt.name,
            export_params,
            order,
            filters_for_metadata=applied,
            dataset_meta=meta,
            today=today,
        ),
        file_name=exports.export_filename(dataset, fmt.name, applied, today),
        mime=fmt.media_type,
        on_click="ignore",
        key=f"download_{fmt.name}",
        icon=":material/download:",
        disabled=total_rows == 0 or total_rows > exports.IN_MEMORY_ROWS,
    )
if total_rows > exports.IN_MEMORY_ROWS:
    st.caption(
        f"{total_rows:,} rows is more than a download from this page can hold "
        f"({exports.IN_MEMORY_ROWS:,}: the server builds each file in memory). Narrow the "
        "filters, or write the file of any size on the machine holding the database with:"
    )
    st.code(exports.cli_command(dataset, values), language="bash")

ui.link_to_view("projects")

"""Explore your own file: upload a CSV or XLSX disclosure, check the mapping, load it for this session."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from foi import ui, upload
from foi.importing import ImportFailed, render_report, sheet_names
from foi.importing.lines import ReadError
from foi.importing.mapping import FIELDS, SHAPES, AmountColumn, Mapping
from foi.importing.read import read_table
from foi.importing.roles import propose_mapping
from foi.money import UNIT_LABELS, UNIT_MULTIPLIERS
from foi.text import slug
from foi.views import upload as view
from foi.vocab import BASES, basis_label

values = ui.page_state("upload")
ui.dataset_picker(values)
limit_mb = upload.max_upload_mb()

st.title("Explore your own file")
st.markdown(
    f"Upload an FOI response, an annual-report table or a payment file (**CSV or XLSX, up to "
    f"{limit_mb} MB**). Check how its columns were read, adjust the mapping, then load it. "
    "It is loaded into a private copy of the database for **this browser session only**: "
    "nobody else sees it, and it is gone when the session ends."
)
ui.link_to_view("upload")

uploaded = st.file_uploader(
    "Disclosure file", type=["csv", "tsv", "txt", "xlsx", "xlsm"], accept_multiple_files=False
)
if uploaded is None:
    st.info(
        "Every amount cell is read as a value or as a reason it is missing (withheld with the "
        "exemption cited, redacted, not held, not yet available, blank); nothing is turned into 0."
    )
    st.stop()

path = upload.save_upload(st.session_state, uploaded.name, uploaded.getvalue())


def _plain(message: object) -> str:
    """A message about the upload with the server's private folder taken out, as inert text."""
    return ui.md_text(
        str(message).replace(str(path.parent) + "/", "").replace(str(path), path.name)
    )


sheets = []
try:
    sheets = sheet_names(path)
except ReadError as exc:
    st.error(_plain(exc))
    st.stop()

c = st.columns([2, 1]) if sheets else st.columns([1, 2])
sheet = c[0].selectbox("Sheet", sheets, key="up_sheet") if sheets else None
header_row = c[-1 if sheets else 0].number_input(
    "Header row (0 = detect)", min_value=0, max_value=1000, value=0, step=1, key="up_header"
)

try:
    table = read_table(path, sheet=sheet, header_row=int(header_row) or None, max_rows=200_000)
except ReadError as exc:
    st.error(_plain(exc), icon=":material/error:")
    st.stop()

st.caption(
    ui.md_text(
        f"Read {len(table.rows):,} rows; header on row {table.header_row}"
        + (f"; encoding {table.encoding}" if table.encoding else "")
        + (f"; sheet {table.sheet}" if table.sheet else "")
    )
)
for warning in table.warnings:
    st.warning(_plain(warning))

with st.expander("The first rows, as read (text, nothing converted)", expanded=False):
    st.dataframe(pd.DataFrame(table.rows[:20], columns=list(table.header)), hide_index=True)

proposed = propose_mapping(table.header, table.rows, raw_header=table.raw_header)
st.subheader("Which column is which")
none = "(none)"
columns = [none, *table.header]
fields: dict[str, str] = {}
grid = st.columns(3)
for i, name in enumerate(f for f in FIELDS if f != "amount"):
    chosen = proposed.fields.get(name, none)
    value = grid[i % 3].selectbox(
        name.replace("_", " ").capitalize(),
        columns,
        index=columns.index(chosen) if chosen in columns else 0,
        key=f"up_field_{name}",
    )
    if value != none:
        fields[name] = value

shape = st.radio(
    "Shape",
    SHAPES,
    index=SHAPES.index(proposed.shape),
    format_func={
        "payments": "Payments: one row per payment",
        "projects": "Projects: one row per project",
    }.get,
    horizontal=True,
    key="up_shape",
)
amount_columns = st.multiselect(
    "Amount columns",
    list(table.header),
    default=[a.column for a in proposed.amounts],
    key="up_amounts",
)
defaults = {a.column: a for a in proposed.amounts}
payment_column = None
if shape == "payments" and amount_columns:
    if st.session_state.get("up_payment") not in amount_columns:
        st.session_state.pop("up_payment", None)  # its column was taken out of the list
    proposed_payment = next(
        (a.column for a in proposed.amounts if a.basis == "payment" and a.column in amount_columns),
        amount_columns[0],
    )
    payment_column = st.selectbox(
        "Payment amount",
        amount_columns,
        index=amount_columns.index(proposed_payment),
        key="up_payment",
        help="The column each row's payment is read from. Other amount columns keep the basis "
        "chosen for them below.",
    )
elif shape == "payments":
    st.warning("A payment file needs an amount column: choose the one that holds each payment.")

amounts: list[AmountColumn] = []
for column in amount_columns:
    a = defaults.get(column)
    row = st.columns([3, 2, 1])
    row[0].markdown(f"**{ui.md_text(column)}**")
    if column == payment_column:
        row[1].selectbox(
            "Basis",
            ["payment"],
            format_func=basis_label,
            disabled=True,
            key=f"up_basis_paid_{column}",
            help="The payment amount is always a payment.",
        )
        basis = "payment"
    else:
        basis = row[1].selectbox(
            "Basis",
            list(BASES),
            index=list(BASES).index(a.basis if a else "unspecified"),
            format_func=basis_label,
            key=f"up_basis_{column}",
        )
    unit_keys = list(UNIT_MULTIPLIERS)
    current = next((k for k, v in UNIT_MULTIPLIERS.items() if a and v == a.unit), "1")
    unit = row[2].selectbox(
        "Unit",
        unit_keys,
        index=unit_keys.index(current),
        format_func=UNIT_LABELS.get,
        key=f"up_unit_{column}",
    )
    amounts.append(AmountColumn(column, basis, Decimal(UNIT_MULTIPLIERS[unit])))
# The payment amount comes first: the importer reads each row's payment from Mapping.amounts[0].
amounts.sort(key=lambda amount: amount.column != payment_column)

st.subheader("Where the file comes from")
st.caption(
    "Every figure loaded from the file cites this source, as the shipped figures cite theirs: "
    "on the Sources page, in the Projects table and in every download."
)
if st.session_state.get("_up_file") != uploaded.name or "up_src_title" not in st.session_state:
    st.session_state["up_src_title"] = uploaded.name
if st.session_state.get("_up_file") != uploaded.name or "up_name" not in st.session_state:
    st.session_state["up_name"] = slug(
        Path(uploaded.name).stem, limit=40, fallback="my-file", fold_accents=False, trim_cut=False
    )
st.session_state["_up_file"] = uploaded.name
src = st.columns([3, 2])
title = src[0].text_input("Title", key="up_src_title", max_chars=300)
publisher = src[1].text_input(
    "Publisher", key="up_src_publisher", max_chars=200, placeholder="e.g. Camden Council"
)
src = st.columns([3, 2])
url = src[0].text_input(
    "Address (URL)",
    key="up_src_url",
    max_chars=2000,
    placeholder="https://www.example.gov.uk/spending-over-500.csv",
)
published = src[1].date_input(
    "Published (optional)",
    value=None,
    min_value=date(1900, 1, 1),
    max_value=date.today(),
    format="YYYY-MM-DD",
    key="up_src_date",
)
url = url.strip()
link = ui.safe_url(url) if upload.WEB_ADDRESS.fullmatch(url) else None
bad_url = bool(url) and link is None
if bad_url:
    st.error(
        "The address must be a web address that starts with http:// or https://, for example "
        "https://www.example.gov.uk/spending.csv. Correct it, or leave it empty.",
        icon=":material/link_off:",
    )
if not publisher.strip():
    st.caption("No publisher given: the source will say “Not stated”.")
if published is None:
    st.caption("No publication date given: the day of the upload is recorded, with a note.")

dataset = st.text_input("Dataset name (letters, digits and hyphens)", key="up_name")
allow = st.checkbox(
    "Load even if more than 1% of amount cells cannot be read (they are kept as unknown)",
    key="up_allow",
)

EXPLORE = [
    ("pages/overview.py", "Overview"),
    ("pages/stopped.py", "By status"),
    ("pages/gaps.py", "What was withheld"),
    ("pages/projects.py", "Every row"),
    ("pages/sources.py", "Source"),
]


def _skipped(report: dict[str, Any]) -> None:
    """The rows of the file that were not loaded: how many, why, and which (the first 1,000)."""
    if "skipped_rows" not in report:  # an importer that does not count them yet
        return
    total = int(report.get("skipped_rows") or 0)
    if not total:
        st.caption("0 rows skipped: every row read was loaded.")
        return
    st.markdown("**Rows not loaded**")
    st.caption(ui.md_text(view.skipped_count(total)))
    reasons = report.get("skipped_by_reason") or {}
    if reasons:
        st.dataframe(view.skipped_reasons(reasons), hide_index=True)
    listed = report.get("skipped") or []
    if listed:
        with st.expander(view.skipped_label(len(listed), total)):
            st.dataframe(view.skipped_rows(listed), hide_index=True)


def _columns_read(report: dict[str, Any]) -> None:
    """Per file: which column the payments come from and why; what was not read as money."""
    for entry in report.get("files") or []:
        choice = entry.get("amount_choice") or {}
        not_money = entry.get("not_money") or []
        other = entry.get("other_money") or []
        if not (choice or not_money or other):
            continue
        if len(report.get("files") or []) > 1:
            st.markdown(f"**{ui.md_text(entry.get('file', ''))}**")
        if choice.get("column"):
            why = choice.get("why")
            st.markdown(
                f"**Payment amount:** {ui.md_text(choice['column'])}"
                + (f" — {ui.md_text(why)}" if why else "")
            )
        if other:
            st.markdown("**Other money columns** (kept with their own basis, never added up):")
            st.dataframe(view.other_money(other), hide_index=True)
        if not_money:
            st.markdown("**Not read as money:**")
            st.dataframe(view.not_money(not_money), hide_index=True)


def _cited_source(dataset: str) -> None:
    """The source the uploaded figures cite, as the Sources page shows it."""
    for s in ui.query("sources", dataset=dataset).to_dict("records"):
        link = ui.safe_url(s["url"])
        title = ui.md_text(s["title"])
        st.markdown(
            "Its figures cite: "
            + (f"[{title}]({link})" if link else title)
            + f" · {ui.md_text(s['publisher'])}, {ui.md_text(s['published'])}"
        )


if st.button("Load into my session", type="primary", disabled=not amounts or bad_url):
    mapping = Mapping(
        fields=fields,
        amounts=tuple(amounts),
        shape=shape,
        unmapped=tuple(
            c for c in table.header if c not in fields.values() and c not in amount_columns
        ),
    )
    try:
        loaded = upload.load_for_session(
            st.session_state,
            ui.ensure_database(),
            path,
            dataset=dataset,
            mapping=mapping,
            sheet=sheet,
            header_row=int(header_row) or None,
            allow_unparsed=allow,
            title=title or uploaded.name,
            publisher=publisher,
            url=link,
            published=published.isoformat() if published else None,
        )
    except ImportFailed as exc:
        st.session_state.pop("up_report", None)
        st.error(_plain(f"Not loaded: {exc}"), icon=":material/error:")
    else:
        st.session_state["up_report"] = loaded
        if loaded.rows_loaded:
            # Open the upload here and on every page reached from here; the rerun redraws the
            # page (its dataset picker too) from the session's database, which now holds it.
            st.query_params["dataset"] = loaded.dataset
            st.rerun()

report = st.session_state.get("up_report")
if report is not None:
    as_json = report.as_json()
    st.subheader("Import report")
    if not report.rows_loaded:
        st.error(
            _plain(
                f"Nothing was loaded into {report.dataset}: no row of the file gave a figure. "
                "Check the header row, the amount columns and the shape, then load again."
            ),
            icon=":material/error:",
        )
    else:
        st.success(
            _plain(f"Loaded {report.rows_loaded:,} rows as dataset {report.dataset}."),
            icon=":material/check_circle:",
        )
        st.page_link(
            "pages/overview.py",
            label=f"Open {report.dataset} on the Overview",
            query_params={"dataset": report.dataset},
            icon=":material/arrow_forward:",
        )
        _cited_source(report.dataset)
    _skipped(as_json)
    _columns_read(as_json)
    st.code(render_report(report), language=None, wrap_lines=True)
    st.markdown("**Every amount cell, by what it says**")
    st.dataframe(view.cells_table(as_json.get("columns") or []), hide_index=True)
    if report.rows_loaded:
        st.markdown("Explore it on every page:")
        links = st.columns(len(EXPLORE))
        for col, (page, label) in zip(links, EXPLORE, strict=True):
            col.page_link(page, label=label, query_params={"dataset": report.dataset})
        st.caption(
            "These links open it in this browser session only. The upload is private to this "
            "session: a link shared with someone else, or opened in another browser, will not "
            "show it."
        )

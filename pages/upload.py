"""Explore your own file: upload a CSV or XLSX disclosure, check the mapping, load it for this session."""

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import streamlit as st

from foi import ui, upload
from foi.importer import ImportFailed, render_report, sheet_names
from foi.mapping import FIELDS, SHAPES, AmountColumn, Mapping, propose_mapping
from foi.readers import ReadError, read_table
from foi.vocab import BASES, basis_label

ui.page_state("upload")
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

c = st.columns([2, 1])
sheet = c[0].selectbox("Sheet", sheets, key="up_sheet") if sheets else None
header_row = c[1].number_input(
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

proposed = propose_mapping(table.header, table.rows[:200], raw_header=table.raw_header)
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

amount_columns = st.multiselect(
    "Amount columns",
    list(table.header),
    default=[a.column for a in proposed.amounts],
    key="up_amounts",
)
defaults = {a.column: a for a in proposed.amounts}
amounts = []
for column in amount_columns:
    a = defaults.get(column)
    row = st.columns([3, 2, 1])
    row[0].markdown(f"**{ui.md_text(column)}**")
    basis = row[1].selectbox(
        "Basis",
        list(BASES),
        index=list(BASES).index(a.basis) if a else list(BASES).index("unspecified"),
        format_func=basis_label,
        key=f"up_basis_{column}",
    )
    units = {"£": Decimal(1), "£k": Decimal(1_000), "£m": Decimal(1_000_000), "£bn": Decimal(10**9)}
    unit_names = list(units)
    current = next((k for k, v in units.items() if a and v == a.unit), "£")
    unit = row[2].selectbox(
        "Unit", unit_names, index=unit_names.index(current), key=f"up_unit_{column}"
    )
    amounts.append(AmountColumn(column, basis, units[unit]))

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
if shape == "payments" and len(amounts) != 1:
    st.warning("A payment file needs exactly one amount column.")

default_name = (
    re.sub(r"[^a-z0-9]+", "-", Path(uploaded.name).stem.lower()).strip("-")[:40] or "my-file"
)
dataset = st.text_input(
    "Dataset name (letters, digits and hyphens)", value=default_name, key="up_name"
)
allow = st.checkbox(
    "Load even if more than 1% of amount cells cannot be read (they are kept as unknown)",
    key="up_allow",
)

if st.button("Load into my session", type="primary", disabled=not amounts):
    mapping = Mapping(
        fields=fields,
        amounts=tuple(amounts),
        shape=shape,
        unmapped=tuple(
            c for c in table.header if c not in fields.values() and c not in amount_columns
        ),
    )
    try:
        report = upload.load_for_session(
            st.session_state,
            ui.ensure_database(),
            path,
            dataset=dataset,
            mapping=mapping,
            sheet=sheet,
            header_row=int(header_row) or None,
            allow_unparsed=allow,
            title=uploaded.name,
        )
    except ImportFailed as exc:
        st.error(_plain(f"Not loaded: {exc}"), icon=":material/error:")
    else:
        st.session_state["up_report"] = report
        st.success(f"Loaded {report.rows_loaded:,} rows as dataset {dataset}.")

report = st.session_state.get("up_report")
if report is not None:
    st.subheader("Import report")
    st.code(render_report(report), language=None, wrap_lines=True)
    cols = pd.DataFrame([c.as_json() for c in report.columns.values()])
    st.dataframe(cols.drop(columns=["unparsed_examples"]), hide_index=True)
    st.markdown("Explore it on every page:")
    links = st.columns(5)
    for col, (page, label) in zip(
        links,
        [
            ("pages/overview.py", "Overview"),
            ("pages/stopped.py", "By status"),
            ("pages/gaps.py", "What was withheld"),
            ("pages/projects.py", "Every row"),
            ("pages/sources.py", "Source"),
        ],
        strict=True,
    ):
        col.page_link(page, label=label, query_params={"dataset": report.dataset})

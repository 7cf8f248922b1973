"""About & method: how gaps are computed, what the words mean, the licence, how to cite."""

import pandas as pd
import streamlit as st

from foi import changes, ui
from foi.gaps import __doc__ as GAPS_DOC
from foi.summary import INFERENCE_CAVEAT
from foi.vocab import BASES, DISCLOSURES, QUALIFIERS

values = ui.page_state("about")
ui.dataset_picker(values)
dataset = values["dataset"]
meta = ui.dataset_meta(dataset)

st.title("About & method")
st.markdown(
    "FOI Spend Explorer puts side by side what public bodies disclosed about spending and what "
    "they withheld, so that a journalist can see what is known, what is kept back, and where "
    "sources disagree. Every number links to the document and passage it comes from."
)

st.header("This dataset")
st.markdown(f"**{ui.md_text(meta['title'])}** (dataset name: {ui.md_text(dataset)})")
if isinstance(meta.get("description"), str):
    st.markdown(ui.md_text(meta["description"]))  # data: shown as text, never as Markdown
licence_url = ui.safe_url(meta.get("licence_url"))
licence = ui.md_text(meta.get("licence") or "not stated")
st.markdown(f"Licence: [{licence}]({licence_url})" if licence_url else f"Licence: {licence}")
st.caption(
    "Claims are written in our own words; the sources keep their own copyright. Material from "
    "UK public bodies is generally available under the Open Government Licence v3.0."
)

st.header("How the redacted-cost gap is computed")
st.markdown(
    '- A **group** is a set of projects a source describes only as a whole ("20 projects worth '
    '£24m were stopped"). Each unnamed member is kept as an explicit placeholder row so that the '
    "counts reconcile with the source.\n"
    "- **Gap = group total − itemised member figures.** Parts plus gap always equal the total.\n"
    "- Only member figures of the **same, stated basis** as the total are itemised. A total whose "
    'basis is *unspecified* ("worth £83m") cannot be shown to be the same kind of money as a '
    'member\'s "£65m spent to date", so by default nothing is subtracted from it.\n'
    "- Subtracting anyway is an **inference** you can switch on, on the Redacted-cost gaps page. "
    + ui.md_text(INFERENCE_CAVEAT)
    + "\n"
    "- A project whose amount two sources repeat is counted once. A **negative gap** (members "
    "itemised to more than the total) is reported as a discrepancy, never hidden.\n"
    "- Withheld figures have no amount: a refusal is a fact about the disclosure, not a zero."
)
with st.expander("The rule as written in the code (foi/gaps.py)"):
    st.text(GAPS_DOC or "")

st.header("How releases are compared (What changed)")
st.markdown(
    "\n".join(f"- **{ui.md_text(title)}.** {ui.md_text(text)}" for title, text in changes.METHOD)
)

st.header("What the words mean")
st.subheader("Basis: what the money measures")
ui.data_table(
    pd.DataFrame([{"basis": k, "label": v[0], "meaning": v[1]} for k, v in BASES.items()])
)
st.subheader("Disclosure status")
ui.data_table(
    pd.DataFrame([{"status": k, "label": v[0], "meaning": v[1]} for k, v in DISCLOSURES.items()])
)
st.subheader("Qualifier")
ui.data_table(pd.DataFrame([{"qualifier": k, "reads as": v} for k, v in QUALIFIERS.items()]))
st.subheader("Statuses in this dataset")
ui.data_table(ui.query("statuses", dataset=dataset))

st.header("How to cite a view")
st.markdown(
    "Every page keeps its whole state in its link: dataset, filters, chart options, sort and page. "
    "Copy the link shown at the foot of any page. A citation for this page:"
)
url = ui.view_url("about")
st.code(ui.citation(dataset, url), language=None, wrap_lines=True)
st.caption("Add `?embed=true` to a page's link for a clean, chart-only view to embed.")

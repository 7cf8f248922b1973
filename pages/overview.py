"""Overview: the headline numbers and where each comes from."""

import streamlit as st

from foi.config import DEFAULT_DATASET
from foi.money import format_gbp
from foi.summary import summarise
from foi.ui import connection

summary = summarise(connection(), DEFAULT_DATASET)
st.title(summary["title"])
groups = {g["status"]: g for g in summary["groups"]}
cols = st.columns(3)
cols[0].metric("Live technology projects", summary["live_projects"])
for col, key in zip(cols[1:], ("stopped", "corrective_action"), strict=True):
    g = groups[key]
    col.metric(g["label"], f"{g['projects']} projects · {format_gbp(g['total_gbp'])}")
    col.caption("Source: " + ", ".join(g["source_ids"]))

"""SQL console (placeholder until the sandbox lands)."""

import streamlit as st

from foi import ui

values = ui.page_state("console")
st.title("SQL console")
st.info("Coming soon.")
ui.link_to_view("sql")

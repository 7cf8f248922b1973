"""FOI Spend Explorer: the Streamlit entry point. Pages live in pages/, logic in foi/."""

import streamlit as st

from foi.ui import ensure_database

st.set_page_config(page_title="FOI Spend Explorer", page_icon="£", layout="wide")
ensure_database()

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
]
st.navigation(pages).run()

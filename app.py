"""FOI Spend Explorer: the Streamlit entry point. Pages live in pages/, logic in foi/."""

import streamlit as st

from foi.ui import ensure_database

st.set_page_config(page_title="FOI Spend Explorer", page_icon="£", layout="wide")
ensure_database()

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(
        "pages/stopped.py",
        title="Stopped vs corrected",
        icon=":material/bar_chart:",
        url_path="stopped",
    ),
    st.Page(
        "pages/gaps.py",
        title="Redacted-cost gaps",
        icon=":material/visibility_off:",
        url_path="gaps",
    ),
    st.Page("pages/projects.py", title="Projects", icon=":material/table:", url_path="projects"),
    st.Page(
        "pages/changes.py",
        title="What changed",
        icon=":material/difference:",
        url_path="changes",
    ),
    st.Page(
        "pages/sources.py",
        title="Sources",
        icon=":material/compare_arrows:",
        url_path="sources",
    ),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/sql.py", title="SQL", icon=":material/terminal:", url_path="sql"),
    st.Page(
        "pages/upload.py",
        title="Your own file",
        icon=":material/upload_file:",
        url_path="upload",
    ),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
    # One figure, project, group or source: reached from links (a figure id), not the menu.
    st.Page("pages/record.py", title="Record", url_path="record", visibility="hidden"),
]
# An embed (?embed=true) is the chart alone: no navigation bar around it.
st.navigation(pages, position="hidden" if st.context.is_embedded else "top").run()

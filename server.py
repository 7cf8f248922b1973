"""The server: the app's pages (app.py) and its data addresses (/api/...), in one process.

`python -m foi serve` (so `make run`) starts this with `streamlit run server.py`.
Streamlit finds the `st.App` below, serves app.py as the page script exactly as
`streamlit run app.py` would, and adds the routes of `foi.api` beside its own, so
`/api/projects.csv?status=stopped` is served from the same address as `/projects?status=stopped`.
"""

import streamlit as st

from foi.api import ROUTES

app = st.App("app.py", routes=ROUTES)

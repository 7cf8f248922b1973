"""What each page shows, as plain functions: one module a page, tested without Streamlit.

A page file in `pages/` only lays out widgets and calls these; the rows, titles and
tables behind every chart are decided here.
"""

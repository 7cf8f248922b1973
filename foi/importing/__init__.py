"""The import side: how a researcher's file becomes columns, rows and figures.

One module a concern: `profile` reads what a column's values look like, and decides from them
(and its heading) whether a column is money; the readers, the mapping and the loader use it.
"""

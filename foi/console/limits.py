"""What the SQL console allows one query: time, memory, threads, and how much it hands back.

In one place because the page states them to the researcher (`pages/sql.py`) and every
other module of the console enforces one of them.
"""

from __future__ import annotations

#: Rows in one page of results.
PAGE_SIZE = 100
#: Seconds a page (with its row count) may take before it is stopped.
DEFAULT_TIMEOUT = 5.0
#: Seconds a download may take: it runs the whole query, not one page.
EXPORT_TIMEOUT = 30.0
#: DuckDB's memory cap on a console connection; beyond it a query fails, it does not spill.
MEMORY_LIMIT = "512MB"
#: One thread per query, so one researcher's query cannot take every core of the server.
THREADS = 1
#: One page of results goes to the browser; this keeps a page of huge cells from flooding it.
MAX_PAGE_BYTES = 16 * 1024 * 1024
#: A download is held in memory until the browser fetches it.
MAX_EXPORT_BYTES = 100 * 1024 * 1024

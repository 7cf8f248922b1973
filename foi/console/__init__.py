"""Researchers' own SQL, read-only, over one dataset, under a time and memory limit.

A researcher who wants a cut the pages do not offer can write a SELECT. The console
must let them read the current dataset and nothing else: no file on the server, no
other visitor's upload, no write to the database, no setting changed, no extension
loaded, and no query that holds the server for minutes. Two layers, so that either
alone stops an escape, and around them what runs a query and what it can see:

- `check`: one SELECT or a refusal, judged by DuckDB's own parser and syntax tree;
- `connection`: a fresh in-memory DuckDB per query that attaches the visitor's file
  READ_ONLY, shows one dataset through plain-named views, and is locked down;
- `runner`: a page, its row count or a whole download, under a time limit;
- `catalog`: the schema browser's tables, columns and descriptions, and the examples;
- `limits` and `errors`: the limits the page states, and the messages it shows.

Callers import from here; the modules are how the work is divided, not an interface.
"""

from __future__ import annotations

from foi.console.catalog import (
    COLUMN_DESCRIPTIONS,
    column_descriptions,
    describe,
    example_title,
    examples,
    schema,
)
from foi.console.check import DENIED_FUNCTIONS, DENIED_TABLES, TABLE_FUNCTIONS, check_sql
from foi.console.connection import STORAGE_ONLY, TABLE_ORDER, open_sandbox
from foi.console.errors import (
    ExportTooLarge,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    SandboxError,
)
from foi.console.limits import (
    DEFAULT_TIMEOUT,
    EXPORT_TIMEOUT,
    MAX_EXPORT_BYTES,
    MAX_PAGE_BYTES,
    MEMORY_LIMIT,
    PAGE_SIZE,
    THREADS,
)
from foi.console.runner import (
    EXPORT_FORMATS,
    GRID_TYPES,
    QueryResult,
    export_query,
    run_page,
    run_query,
)

__all__ = [
    "COLUMN_DESCRIPTIONS",
    "DEFAULT_TIMEOUT",
    "DENIED_FUNCTIONS",
    "DENIED_TABLES",
    "EXPORT_FORMATS",
    "EXPORT_TIMEOUT",
    "GRID_TYPES",
    "MAX_EXPORT_BYTES",
    "MAX_PAGE_BYTES",
    "MEMORY_LIMIT",
    "PAGE_SIZE",
    "STORAGE_ONLY",
    "TABLE_FUNCTIONS",
    "TABLE_ORDER",
    "THREADS",
    "ExportTooLarge",
    "QueryFailed",
    "QueryRefused",
    "QueryResult",
    "QueryTimeout",
    "SandboxError",
    "check_sql",
    "column_descriptions",
    "describe",
    "example_title",
    "examples",
    "export_query",
    "open_sandbox",
    "run_page",
    "run_query",
    "schema",
]

"""Download exactly the filtered rows a reader sees, in the format their tools take.

One module a concern:

- `formats`: the one registry of formats (name, extension, media type, label, COPY options);
- `naming`: the filters a file records, its file name, the CLI command for the same rows;
- `copy`: the page's query unpaged, written by DuckDB COPY or fetched as Arrow;
- `sources`: the dataset's licence and the sources the rows cite;
- `xlsx`: the Excel writer (text always text, never a formula);
- `package`: the zip with a Frictionless `datapackage.json` and a README;
- `rows`: `export_rows`, which picks among them.

The names below are the ones callers use; import from here.
"""

from foi.exports.columns import COLUMN_DESCRIPTIONS
from foi.exports.copy import copy_to_file, export_query, unpaged
from foi.exports.formats import (
    BY_NAME,
    COPY_FORMATS,
    FORMATS,
    MEDIA_TYPES,
    REGISTRY,
    ExportFormat,
    copy_format,
    format_of,
)
from foi.exports.naming import applied_filters, cli_command, describe_filters, export_filename
from foi.exports.package import datapackage, readme
from foi.exports.rows import IN_MEMORY_ROWS, export_rows

__all__ = [
    "BY_NAME",
    "COLUMN_DESCRIPTIONS",
    "COPY_FORMATS",
    "FORMATS",
    "IN_MEMORY_ROWS",
    "MEDIA_TYPES",
    "REGISTRY",
    "ExportFormat",
    "applied_filters",
    "cli_command",
    "copy_format",
    "copy_to_file",
    "datapackage",
    "describe_filters",
    "export_filename",
    "export_query",
    "export_rows",
    "format_of",
    "readme",
    "unpaged",
]

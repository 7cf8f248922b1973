"""The import side: how a researcher's file becomes columns, rows and figures.

One module a concern, in the order a file goes through them:

- `read`: bytes to text (encodings, CSV, XLSX), one reader for the preview and the import;
- `header`: where the header is (below preambles, across two rows) and what columns are called;
- `profile`: what a column's values look like, and so whether it is money (the one place that
  decides "how a column becomes money");
- `roles`: which column is which field, the payment amount, bases, and `--map` overrides;
- `stream`: the file's records into DuckDB, checked against the preview;
- `rows`: the rows that are not records (totals, notes, filler), each with its reason;
- `classify`: each distinct cell text read once (amounts, names kept back, dates);
- `payments`, `projects`: the set-based loads of the two table shapes;
- `report`: every cell and row accounted for;
- `load`: the whole import, all or nothing (`import_files`), and `options`.
"""

from foi.importing.load import import_files, plan, sheet_names
from foi.importing.options import DATASET_NAME, BadMapping, ImportFailed, ImportOptions
from foi.importing.report import ColumnReport, ImportReport, render_report

__all__ = [
    "DATASET_NAME",
    "BadMapping",
    "ColumnReport",
    "ImportFailed",
    "ImportOptions",
    "ImportReport",
    "import_files",
    "plan",
    "render_report",
    "sheet_names",
]

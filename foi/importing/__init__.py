"""The import side: how a researcher's file becomes columns, rows and figures.

One module a concern, in the order a file goes through them:

- `read`: a CSV or XLSX file to a header and rows of text, one reader for the preview and the
  import; under it `encoding` (which bytes are which text), `csvfile` and `xlsxfile` (a
  file's rows as `lines`), and `table` (where the table is and what its records are);
- `header`: where the header is (below preambles, across two rows) and what columns are called;
- `profile`: what a column's values look like, and so whether it is money (the one place that
  decides "how a column becomes money");
- `roles`: the proposed mapping (`mapping`) of columns to fields, from what the headings say
  (`headings`) and what the values show (`by_content`), with the money's bases and the
  payment amount (`amounts`); `overrides` applies `--map`;
- `stream`: the file's records into DuckDB, checked against the preview;
- `rows`: the rows that are not records (totals, notes, filler), each with its reason;
- `classify`: each distinct cell text read once (amounts, names kept back, dates);
- `payments`, `projects`: the set-based loads of the two table shapes;
- `report`: every cell and row accounted for;
- `load`: the whole import, all or nothing (`import_files`), and `options`;
- `table_sql`: the one way a table's name reaches SQL text (allow-listed, quoted). Every
  statement is a named file, `queries/import_*.sql`.
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

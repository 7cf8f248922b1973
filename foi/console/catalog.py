"""What there is to query: the schema browser's tables and columns, and the example questions.

A column's description comes from, in rising precedence: the comment the database file
gives it (`COMMENT ON COLUMN` at the end of queries/schema.sql, read back from DuckDB's
catalog), this module's own notes on derived tables and views, the Projects table's
export descriptions (`foi.exports`), and the data package's field descriptions. A column
none of them describes but every table has (`dataset`) gets one shared note.

The examples are questions a reader of the data would ask ("Which withheld figures cite no
section?"), not the explorer's own plumbing: one file each in queries/questions/, whose
first line is the question as a sentence. They read the console's plain-named views, which
hold only the current dataset, so one text answers it for every dataset. Each ends by
saying why it found nothing, in a row whose one value is `nothing_found`, so an empty
answer is never mistaken for a broken query.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from foi.config import DATA_DIR, QUERIES_DIR
from foi.console.connection import open_sandbox, table_rank
from foi.exports import COLUMN_DESCRIPTIONS
from foi.queries import UnknownQuery, load_sql

#: Descriptions for columns no data package describes (derived tables and views).
_EXTRA_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "*": {"dataset": "The dataset the row belongs to; here always the current one."},
    "group_members": {
        "group_id": "A group the project belongs to, directly or through a nested group.",
        "project_id": "A project in that group.",
        "named": "False for placeholders standing in for projects a source counts but does "
        "not name.",
    },
    "figure_keys": {
        "fact_id": "The figure this row is about (empty for a project with no figure): "
        "the Projects page sorts and pages these lean rows, then fetches the details of the "
        "rows it shows.",
        "subject_id": "project_id or group_id of the project or group the row is about.",
        "level": "Whether the row is about one project or about a group of projects.",
    },
    "figures": {
        "fact_id": "A number for the figure, unique in the database file; figure_keys points "
        "to it.",
        "line": "Row of the source file the figure was read from, for figures loaded from a "
        "file's rows (payment files); empty for figures compiled by hand.",
    },
    "figure_rows": {
        "group_id": "For a project, the innermost group it belongs to; for a group, the group "
        "enclosing it.",
        "search_text": "Lower-cased text the Projects page's search looks in (name, claim, "
        "supplier, category, area, reference, source).",
    },
    "sources": {"published_date": "First day of `published`, for sorting."},
    "datasets": {
        "title": "Title of the dataset.",
        "description": "What the dataset holds and where it comes from.",
        "licence": "Licence of the compiled dataset.",
        "licence_url": "Where to read the licence.",
        "is_default": "True for the dataset a link without ?dataset= opens.",
        "built_at": "When the build or import loaded the dataset.",
    },
}

#: Where the example questions live, one `<name>.sql` each.
QUESTIONS_DIR = QUERIES_DIR / "questions"

#: The example questions, in the order the console offers them: what was withheld and why,
#: where the money hides, who disagrees, then the biggest sums, who gives what, what changed.
QUESTIONS = (
    "withheld_without_cited_section",
    "exemptions_cited",
    "money_only_as_a_total",
    "unnamed_projects",
    "sources_disagree",
    "largest_figures_by_basis",
    "suppliers_most_money",
    "figures_per_source",
    "disclosure_by_status",
    "what_changed",
)

_NAME = re.compile(r"[a-z][a-z0-9_]*")

#: Tables whose columns are the Projects table's, described as its exports describe them.
_PROJECTS_TABLES = ("figure_rows", "figure_rows_source", "figure_keys")


@cache
def column_descriptions() -> dict[str, dict[str, str]]:
    """table -> column -> what it holds, from the data package, the exports and our notes.

    Read once per process: these sources ship with the code. The database file's own
    column comments are per file, so `schema` reads them with the columns.
    """
    found: dict[str, dict[str, str]] = {}
    for table, columns in _EXTRA_DESCRIPTIONS.items():
        found.setdefault(table, {}).update(columns)
    for table in _PROJECTS_TABLES:
        found.setdefault(table, {}).update(COLUMN_DESCRIPTIONS)
    package = DATA_DIR / "datapackage.json"
    if package.is_file():
        for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
            fields = resource.get("schema", {}).get("fields", [])
            described = {f["name"]: f["description"] for f in fields if f.get("description")}
            found.setdefault(resource.get("name", ""), {}).update(described)
    return found


def describe(table: str, column: str, comment: str | None = None) -> str:
    """What a column of one of the console's tables holds ("" when nothing says).

    `comment` is the database file's own comment on the column, the weakest source.
    """
    known = column_descriptions()
    return known.get(table, {}).get(column) or comment or known["*"].get(column) or ""


def schema(db_path: Path | str, dataset: str) -> list[dict[str, str]]:
    """Every column of every table the console offers: table, column, type, description."""
    con = open_sandbox(db_path, dataset)
    try:
        rows = con.execute(load_sql("console_columns")).fetchall()
    finally:
        con.close()
    rows.sort(key=lambda r: table_rank(r[0]))
    return [
        {"table": t, "column": c, "type": ty, "description": describe(t, c, comment)}
        for t, c, ty, comment in rows
    ]


@cache
def question_sql(name: str) -> str:
    """The text of `queries/questions/<name>.sql`; names are checked so no path slips in.

    `foi.queries.load_sql` reads only the top folder, where every file is one of the
    explorer's own statements; the questions sit apart so they never mix with those.
    """
    if not _NAME.fullmatch(name):
        raise UnknownQuery(name)
    path = QUESTIONS_DIR / f"{name}.sql"
    if not path.is_file():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8").strip()


def examples() -> dict[str, str]:
    """The example questions, name -> SQL, in the order the console offers them.

    Each runs as it is on any dataset: the console's views already hold only the current
    one, so there is nothing to fill in.
    """
    return {name: question_sql(name) for name in QUESTIONS}


def example_title(name: str, sql: str) -> str:
    """An example's question, the first line of its leading comment ("" when it has none).

    `name` is kept for callers that label an example by its file; the sentence is all
    that is shown.
    """
    first = sql.strip().splitlines()[0] if sql.strip() else ""
    return first[2:].strip() if first.startswith("--") else ""

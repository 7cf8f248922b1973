"""Download exactly the filtered rows a reader sees, in the format their tools take.

A researcher who filters the Projects table and downloads it must get those
rows and no others, with every amount to the penny and every row still
citing its source. So every format runs `queries/figure_rows.sql`,
the page's own query without paging, with the page's own bound parameters.

CSV, Parquet and JSON are written by DuckDB itself (`COPY (query) TO ...`),
which keeps DECIMAL amounts exact and dates ISO without a detour through
pandas and floats. DuckDB 2.0 binds prepared parameters inside COPY, the
target path included, so no value is ever spliced into SQL text.

XLSX is for people who open files in a spreadsheet, where text beginning
with `=`, `+`, `-` or `@` can become a live formula: every text cell is
written as a string, never a formula or a link. The zip is the citable
bundle: the CSV plus a Frictionless Data Package describing each column,
the licence, the sources the rows rest on and the filters that chose them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import xlsxwriter

from foi.queries import load_sql, run

FORMATS = ("csv", "xlsx", "parquet", "json", "zip")

#: What to tell the browser each download is (Streamlit's `mime`).
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "zip": "application/zip",
}

#: What each column of `figure_rows.sql` holds, for the zip's Table Schema.
COLUMN_DESCRIPTIONS = {
    "level": "Whether the row is about one project or about a group of projects.",
    "subject_id": "project_id or group_id of the project or group the row is about.",
    "name": "Project name, or a placeholder label for a project a source counts but does "
    "not name; for groups, the label and the member count the source gives.",
    "named": "False for placeholder rows standing in for projects a source counts but does "
    "not name.",
    "status": "Status code (stopped, corrective_action, ...) from the dataset's vocabulary.",
    "status_label": "The status as shown to readers.",
    "org_id": "Short id of the organisation the project belongs to.",
    "organisation": "Name of the organisation the project belongs to.",
    "figure_id": "Id of the figure; empty for a project with no figure at all.",
    "basis": "What the money means (spent_to_date, contract_value, budget, ...). Figures of "
    "different bases must not be added together.",
    "disclosure": "Whether the amount was disclosed, withheld, redacted, ...; no_figure when "
    "the project has no figure at all.",
    "qualifier": "exact, approximate ('about'), lower_bound ('more than'), upper_bound "
    "('up to') or range.",
    "amount_gbp": "Amount in pounds; empty when it was not disclosed (a withheld figure is "
    "not a zero).",
    "period": "Period the amount covers, when the source gives one.",
    "counterparty": "Supplier named with the figure, or the project's supplier.",
    "counterparty_status": "Whether the supplier's name was disclosed, redacted or withheld "
    "(payment files).",
    "category": "Expense type or category, when the source gives one.",
    "area": "Expense area or service, when the source gives one.",
    "reference": "Transaction or invoice number, when the source gives one.",
    "exemption_statute": "Statute of the exemption cited for withholding (FOIA 2000, EIR 2004).",
    "exemption_sections": "Section(s) of the exemption, separated by ';'.",
    "exemption_basis": "Whether the source stated the section or it was inferred from the "
    "reason given.",
    "exemption_reason": "The reason the body gave for withholding, in our words.",
    "original_text": "The amount as the source wrote it.",
    "as_of": "Date the amount applies to, when known.",
    "source_id": "Id of the source the row comes from (see the package's sources).",
    "source_publisher": "Who published the source.",
    "source_url": "Where to read the source.",
    "locator": "Where in the source the fact is.",
    "claim": "What the source says, in our words.",
}

#: Paging belongs to the table on screen, not to the file: a download holds every page.
_PAGING = ("limit", "offset")

#: Page state that is not a filter, in case the page passes its whole state.
_NOT_FILTERS = frozenset({"dataset", "sort", "page", "size", "limit", "offset"})

#: Filter names in the order of the WHERE clause, so a file name reads the same each time.
_FILTER_ORDER = (
    "status",
    "org",
    "basis",
    "disclosure",
    "exemption",
    "q",
    "min",
    "max",
    "named",
    "named_only",
)

_COPY_OPTIONS = {
    "csv": "FORMAT csv, HEADER true, DELIMITER ','",
    "parquet": "FORMAT parquet",
    "json": "FORMAT json, ARRAY true",
}

_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)
_MAX_DATASET_SLUG = 40
_MAX_FILTER_SLUG = 80
_XLSX_MAX_WIDTH = 60
_PACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
_TABLE_SCHEMA = "https://datapackage.org/profiles/2.0/tableschema.json"


# --- filters and names ------------------------------------------------------------------


def applied_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that narrow the rows, in WHERE-clause order, as JSON-ready values.

    Empty values (None, "", an empty list, False) mean "no filter" on the page, so
    they are left out: a file should not claim a filter that changed nothing.
    Amounts stay exact as plain decimal strings.
    """
    known = [k for k in _FILTER_ORDER if k in filters]
    extra = sorted(k for k in filters if k not in _FILTER_ORDER and k not in _NOT_FILTERS)
    applied: dict[str, Any] = {}
    for key in known + extra:
        value = _json_value(filters[key])
        if value is None or value is False or value == "" or value == []:
            continue
        applied[key] = value
    return applied


def describe_filters(filters: Mapping[str, Any]) -> str:
    """The applied filters as one line for people: `status: stopped; q: lockheed`."""
    applied = applied_filters(filters)
    if not applied:
        return "none (every row of the dataset)"
    parts = []
    for key, value in applied.items():
        if value is True:
            parts.append(key)
        elif isinstance(value, list):
            parts.append(f"{key}: {', '.join(str(v) for v in value)}")
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def export_filename(dataset: str, fmt: str, filters: dict, today: dt.date) -> str:
    """A file name that says what the file holds: dataset, filters and date.

    `met-project-cull_figures_status-stopped_q-lockheed_2026-11-26.csv`; with no
    filter, `..._figures_all_...`. Only [a-z0-9-] inside each part, so the name is
    safe on every file system; a long filter part is cut and ends in a short hash
    of the whole, so two long searches never share a name.
    """
    _check_format(fmt)
    ds = _slug(dataset)[:_MAX_DATASET_SLUG].strip("-") or "dataset"
    part = _filter_slug(filters) or "all"
    if len(part) > _MAX_FILTER_SLUG:
        digest = hashlib.sha256(part.encode()).hexdigest()[:8]
        part = part[: _MAX_FILTER_SLUG - len(digest) - 1].rstrip("-_") + "-" + digest
    return f"{ds}_figures_{part}_{today.isoformat()}.{fmt}"


def _filter_slug(filters: Mapping[str, Any]) -> str:
    parts = []
    for key, value in applied_filters(filters).items():
        name = _slug(key)
        if value is True:
            parts.append(name)
            continue
        values = value if isinstance(value, list) else [value]
        text = "-".join(s for s in (_slug(str(v)) for v in values) if s)
        parts.append(f"{name}-{text}" if text else name)
    return "_".join(parts)


def _slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: `£24m Lockheed` -> `24m-lockheed`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _json_value(value: Any) -> Any:
    """Tuples as lists and Decimals as exact strings, so the value goes into JSON unchanged."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [_json_value(v) for v in items]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


# --- the query --------------------------------------------------------------------------


def export_query(order_by: str) -> str:
    """`figure_rows.sql` with its sort filled in, ready to sit inside COPY (...).

    The page's own query, bound with `$limit` NULL (see `unpaged`), so a download
    holds exactly the rows, columns and order of every page. `order_by` must already
    be an allow-listed fragment, as for `foi.queries.run`.
    """
    sql = load_sql("figure_rows").replace("{order_by}", order_by or "1")
    return sql.strip().rstrip(";")


def unpaged(params: dict) -> dict:
    """The page's parameters with every row asked for: LIMIT NULL OFFSET 0."""
    return {**{k: v for k, v in params.items() if k not in _PAGING}, "limit": None, "offset": 0}


def export_rows(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    params: dict,
    order_by: str,
    *,
    filters_for_metadata: dict,
    dataset_meta: dict | None = None,
    today: dt.date | None = None,
) -> bytes:
    """Every row the page's filters match, as the bytes of a `fmt` file.

    `params` is the dict the page binds to `figure_rows.sql`; `limit` and `offset`
    are dropped if present, because a download holds every page. `filters_for_metadata`
    is what the file records as the filters applied (XLSX About sheet, zip).
    `dataset_meta` (title, licence, licence_url, as in `datasets.sql`) is looked up
    when not given.
    """
    _check_format(fmt)
    bound = unpaged(params)
    query = export_query(order_by)
    if fmt in _COPY_OPTIONS:
        return _copy(con, query, bound, fmt)
    found = dataset_meta if dataset_meta is not None else _dataset_meta(con, bound["dataset"])
    meta = {"dataset": bound["dataset"], **found}
    when = today or dt.date.today()
    if fmt == "xlsx":
        table = _arrow(con, query, bound)
        sources = _sources(con, bound["dataset"], table.column("source_id").to_pylist())
        return _xlsx(table, meta, filters_for_metadata, sources, when)
    data = _copy(con, query, bound, "csv")
    fields = _fields(con, query, bound)
    return _zip(data, fields, meta, filters_for_metadata, con, bound["dataset"], when)


#: A download from the page is built in the server's memory (Streamlit hands the browser
#: bytes), so the page offers files of at most this many rows; `python -m foi export`
#: writes any number straight to disk.
IN_MEMORY_ROWS = 1_000_000


def cli_command(dataset: str, values: dict, fmt: str = "csv") -> str:
    """The `python -m foi export` command that writes the same rows as the page's filters."""
    import shlex

    parts = ["python -m foi export", "--dataset", shlex.quote(dataset)]
    for name in ("status", "org", "basis", "disclosure", "exemption", "category", "area"):
        for value in values.get(name) or ():
            parts += [f"--{name}", shlex.quote(str(value))]
    if values.get("q"):
        parts += ["--q", shlex.quote(values["q"])]
    for bound in ("min", "max"):
        if values.get(bound) is not None:
            parts += [f"--{bound}", format(values[bound], "f")]
    if values.get("named"):
        parts.append("--named")
    if values.get("sort") and values["sort"] != "amount_desc":
        parts += ["--sort", values["sort"]]
    parts += ["--format", fmt, "--out", shlex.quote(f"{dataset}-rows.{fmt}")]
    return " ".join(parts)


def copy_to_file(
    con: duckdb.DuckDBPyConnection, fmt: str, params: dict, order_by: str, path: Path
) -> None:
    """Write every row the filters match straight to `path` with DuckDB COPY (CSV, Parquet, JSON).

    The same query, rows and order as the page's downloads, without holding the file in
    memory: for extracts too big for a browser download.
    """
    if fmt not in _COPY_OPTIONS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(_COPY_OPTIONS)}")
    cur = con.cursor()
    try:
        cur.execute(
            f"COPY ({export_query(order_by)}) TO $export_path ({_COPY_OPTIONS[fmt]})",
            {**unpaged(params), "export_path": str(path)},
        )
    finally:
        cur.close()


def _copy(con: duckdb.DuckDBPyConnection, query: str, params: dict, fmt: str) -> bytes:
    """Let DuckDB write the file into a private temporary directory, then read it back.

    The directory is ours alone and removed on the way out, so no export is left on
    disk and no other user can swap the file between write and read.
    """
    with tempfile.TemporaryDirectory(prefix="foi-export-") as tmp:
        path = Path(tmp) / f"export.{fmt}"
        cur = con.cursor()
        try:
            cur.execute(
                f"COPY ({query}) TO $export_path ({_COPY_OPTIONS[fmt]})",
                {**params, "export_path": str(path)},
            )
        finally:
            cur.close()
        return path.read_bytes()


def _arrow(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> pa.Table:
    cur = con.cursor()
    try:
        return cur.sql(query, params=params).to_arrow_table()
    finally:
        cur.close()


def _fields(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> list[dict[str, str]]:
    """Table Schema fields from the query's own column types (bound, not run)."""
    cur = con.cursor()
    try:
        rel = cur.sql(query, params=params)
        columns = list(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    finally:
        cur.close()
    return [
        {
            "name": name,
            "type": _table_schema_type(sql_type),
            "description": COLUMN_DESCRIPTIONS.get(name, ""),
        }
        for name, sql_type in columns
    ]


def _table_schema_type(sql_type: str) -> str:
    """Table Schema type for a DuckDB type; anything unknown is a string, which always fits."""
    base = sql_type.upper().split("(")[0]
    if base in ("DECIMAL", "DOUBLE", "FLOAT", "REAL"):
        return "number"
    if base in _INTEGER_TYPES:
        return "integer"
    return {"BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime"}.get(base, "string")


def _dataset_meta(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, Any]:
    """Title and licence of `dataset` from the database, when the caller has none to hand."""
    for row in run(con, "datasets").to_pylist():
        if row["dataset"] == dataset:
            return row
    return {"dataset": dataset, "title": dataset}


def _sources(
    con: duckdb.DuckDBPyConnection, dataset: str, source_ids: Iterable[str | None]
) -> list[dict[str, Any]]:
    """The sources the exported rows cite, oldest first, so a file lists what it rests on."""
    wanted = {s for s in source_ids if s}
    rows = run(con, "sources", {"dataset": dataset}).to_pylist()
    return [
        {k: r[k] for k in ("source_id", "publisher", "published", "title", "url")}
        for r in rows
        if r["source_id"] in wanted
    ]


# --- XLSX -------------------------------------------------------------------------------


def _xlsx(
    table: pa.Table,
    meta: Mapping[str, Any],
    filters: Mapping[str, Any],
    sources: list[dict[str, Any]],
    today: dt.date,
) -> bytes:
    """A workbook with the rows on "Figures" and what they are on "About"."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    wb.set_properties(
        {
            "title": str(meta.get("title") or ""),
            "created": dt.datetime.combine(today, dt.time()),
        }
    )
    styles = {
        "bold": wb.add_format({"bold": True}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "money": wb.add_format({"num_format": "#,##0.00"}),
    }
    _figures_sheet(wb.add_worksheet("Figures"), table, styles)
    _about_sheet(wb.add_worksheet("About"), table.num_rows, meta, filters, sources, today, styles)
    wb.close()
    return buf.getvalue()


def _figures_sheet(ws: Any, table: pa.Table, styles: dict[str, Any]) -> None:
    names = table.column_names
    for col, name in enumerate(names):
        ws.write_string(0, col, name, styles["bold"])
    ws.freeze_panes(1, 0)
    widths = [len(n) for n in names]
    money = {i for i, f in enumerate(table.schema) if pa.types.is_decimal(f.type)}
    for r, row in enumerate(table.to_pylist(), start=1):
        for c, name in enumerate(names):
            style = styles["money"] if c in money else None
            widths[c] = max(widths[c], _write_cell(ws, r, c, row[name], style, styles["date"]))
    if names:
        ws.autofilter(0, 0, table.num_rows, len(names) - 1)
    for c, width in enumerate(widths):
        ws.set_column(c, c, min(width + 2, _XLSX_MAX_WIDTH))


def _write_cell(ws: Any, row: int, col: int, value: Any, style: Any, date_style: Any) -> int:
    """Write one value as its own type, never as a formula; return its display width.

    Text always goes through `write_string`, so `=HYPERLINK(...)`, `+SUM(A1)`,
    `-1+2` and `@cmd` stay text whatever the workbook options say.
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
        return 5
    if isinstance(value, int | float | Decimal):
        ws.write_number(row, col, float(value), style)
        return len(f"{value:,.2f}")
    if isinstance(value, dt.date):
        ws.write_datetime(row, col, value, date_style)
        return 10
    text = str(value)
    ws.write_string(row, col, text)
    return len(text)


def _about_sheet(
    ws: Any,
    row_count: int,
    meta: Mapping[str, Any],
    filters: Mapping[str, Any],
    sources: list[dict[str, Any]],
    today: dt.date,
    styles: dict[str, Any],
) -> None:
    """What the rows are, under what licence, chosen how, and what they rest on."""
    facts: list[tuple[str, Any]] = [
        ("Title", meta.get("title") or ""),
        ("Dataset", meta.get("dataset") or ""),
        ("Licence", meta.get("licence") or ""),
        ("Licence URL", meta.get("licence_url") or ""),
        ("Filters applied", describe_filters(filters)),
        ("Rows", row_count),
        ("Generated", today),
        ("Generated by", "FOI Spend Explorer"),
    ]
    for r, (label, value) in enumerate(facts):
        ws.write_string(r, 0, label, styles["bold"])
        _write_cell(ws, r, 1, value, None, styles["date"])
    top = len(facts) + 1
    ws.write_string(top, 0, "Sources", styles["bold"])
    header = ("Source ID", "Publisher", "Published", "Title", "URL")
    for c, label in enumerate(header):
        ws.write_string(top + 1, c, label, styles["bold"])
    for r, src in enumerate(sources, start=top + 2):
        for c, key in enumerate(("source_id", "publisher", "published", "title", "url")):
            _write_cell(ws, r, c, src.get(key), None, styles["date"])
    ws.set_column(0, 0, 18)
    ws.set_column(1, 4, 40)


# --- zip: CSV + Data Package ------------------------------------------------------------


def _zip(
    data: bytes,
    fields: list[dict[str, str]],
    meta: Mapping[str, Any],
    filters: Mapping[str, Any],
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    today: dt.date,
) -> bytes:
    """data.csv, datapackage.json and README.txt, described from the CSV actually shipped.

    Row count and sources are read from `data` itself, so the description can never
    disagree with the file beside it.
    """
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    sources = _sources(con, dataset, (r.get("source_id") for r in rows))
    package = datapackage(data, fields, meta, filters, sources, len(rows), today)
    files = {
        "data.csv": data,
        "datapackage.json": (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode(),
        "README.txt": readme(meta, filters, sources, len(rows), today).encode(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(today.year, today.month, today.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return buf.getvalue()


def datapackage(
    data: bytes,
    fields: list[dict[str, str]],
    meta: Mapping[str, Any],
    filters: Mapping[str, Any],
    sources: list[dict[str, Any]],
    row_count: int,
    today: dt.date,
) -> dict[str, Any]:
    """A Frictionless Data Package (v2) for one exported `data.csv`.

    Sources use the spec's names (`title`, `path` for the link) plus `id` and
    `publisher`; the resource records the filters that chose its rows and how many
    there are, so the file still explains itself once it has left the app.
    """
    dataset = str(meta.get("dataset") or "dataset")
    title = str(meta.get("title") or dataset)
    licence = {
        k: v for k, v in (("title", meta.get("licence")), ("path", meta.get("licence_url"))) if v
    }
    return {
        "$schema": _PACKAGE_SCHEMA,
        "name": f"{_slug(dataset) or 'dataset'}-figures",
        "title": f"{title}: figures",
        "description": (
            "Rows of the Projects table of FOI Spend Explorer, as filtered on screen "
            f"(recorded in resources[0].filters). Filters: {describe_filters(filters)}."
        ),
        "created": today.isoformat(),
        "licenses": [licence] if licence else [],
        "contributors": [{"title": "FOI Spend Explorer", "roles": ["creator"]}],
        "sources": [
            {
                "id": s["source_id"],
                "publisher": s["publisher"],
                "title": s["title"],
                **({"path": s["url"]} if s.get("url") else {}),
            }
            for s in sources
        ],
        "resources": [
            {
                "name": "figures",
                "path": "data.csv",
                "title": "Figures",
                "description": "One row per figure, plus one row per project with no figure.",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "dialect": {"header": True, "delimiter": ","},
                "schema": {"$schema": _TABLE_SCHEMA, "fields": fields, "missingValues": [""]},
                "filters": applied_filters(filters),
                "rowCount": row_count,
            }
        ],
    }


def readme(
    meta: Mapping[str, Any],
    filters: Mapping[str, Any],
    sources: list[dict[str, Any]],
    row_count: int,
    today: dt.date,
) -> str:
    """A plain-text note for whoever opens the zip, ending with how to cite it."""
    title = str(meta.get("title") or meta.get("dataset") or "FOI Spend Explorer export")
    shown = describe_filters(filters)
    licence = " ".join(str(v) for v in (meta.get("licence"), meta.get("licence_url")) if v)
    lines = [
        title,
        "=" * len(title),
        "",
        f"Figures exported from FOI Spend Explorer on {today.isoformat()}.",
        f"Filters: {shown}",
        f"Rows: {row_count}",
        f"Licence: {licence or 'not stated'}",
        "",
        "Files",
        "  data.csv          the rows: UTF-8, comma separated, header row; amounts in pounds",
        "                    to the penny, dates as YYYY-MM-DD, empty cell = no value",
        "  datapackage.json  what each column means, the licence, the sources and the filters",
        "                    (a Frictionless Data Package, https://datapackage.org)",
        "",
        "Sources",
        *(
            f"  {s['source_id']}: {s['publisher']}, {s['title']}"
            + (f" <{s['url']}>" if s.get("url") else "")
            for s in sources
        ),
        *([] if sources else ["  (none: no rows)"]),
        "",
        "Cite as",
        f"  {title}. Figures exported from FOI Spend Explorer; filters: {shown}; "
        f"downloaded {today.isoformat()}.",
        "",
    ]
    return "\n".join(lines)

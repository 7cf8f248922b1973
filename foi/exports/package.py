"""The citable zip: the CSV, a Frictionless Data Package describing it, and a README.

The package describes each column, the licence, the sources the rows rest on and the
filters that chose them, so the bundle still explains itself once it has left the app.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

import duckdb

from foi.exports.formats import BY_NAME
from foi.exports.naming import applied_filters, dataset_slug, describe_filters
from foi.exports.sources import cited_sources

_PACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
_TABLE_SCHEMA = "https://datapackage.org/profiles/2.0/tableschema.json"
_CSV = BY_NAME["csv"]
_DATA_FILE = "data.csv"

#: The rule every CSV the explorer writes follows (queries/export_safe_cells.sql), recorded
#: in the data package so a reader knows an apostrophe at the start of a cell is ours.
FORMULA_RULE = (
    "A text cell that begins with =, +, -, @, a tab or a carriage return starts with an "
    "added apostrophe ('), so that no spreadsheet runs it as a formula (OWASP's advice on CSV "
    "injection); cells that are plain numbers, and numeric and date columns, are left as they are."
)


def zip_package(
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
    sources = cited_sources(con, dataset, (r.get("source_id") for r in rows))
    package = datapackage(data, fields, meta, filters, sources, len(rows), today)
    files = {
        _DATA_FILE: data,
        "datapackage.json": (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode(),
        "README.txt": readme(meta, filters, sources, len(rows), today).encode(),
    }
    return _zip_files(files, today)


def _zip_files(files: Mapping[str, bytes], today: dt.date) -> bytes:
    """A deflated zip whose entries are dated `today`, so the same rows give the same bytes."""
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
        "name": f"{dataset_slug(dataset)}-figures",
        "title": f"{title}: figures",
        "description": (
            "Rows of the Projects table of FOI Spend Explorer, as filtered on screen "
            f"(recorded in resources[0].filters). Filters: {describe_filters(filters)}."
        ),
        "created": today.isoformat(),
        "licenses": [licence] if licence else [],
        "contributors": [{"title": "FOI Spend Explorer", "roles": ["creator"]}],
        "sources": [_package_source(s) for s in sources],
        "resources": [_resource(data, fields, filters, row_count)],
    }


def _package_source(source: Mapping[str, Any]) -> dict[str, Any]:
    """One source in the spec's terms: `title`, and `path` for the link when there is one."""
    return {
        "id": source["source_id"],
        "publisher": source["publisher"],
        "title": source["title"],
        **({"path": source["url"]} if source.get("url") else {}),
    }


def _resource(
    data: bytes, fields: list[dict[str, str]], filters: Mapping[str, Any], row_count: int
) -> dict[str, Any]:
    """The one resource, data.csv: its bytes and hash, its columns, and the filters behind it."""
    return {
        "name": "figures",
        "path": _DATA_FILE,
        "title": "Figures",
        "description": "One row per figure, plus one row per project with no figure. "
        + FORMULA_RULE,
        "format": _CSV.name,
        "mediatype": _CSV.media_type,
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": {"header": True, "delimiter": ","},
        "schema": {"$schema": _TABLE_SCHEMA, "fields": fields, "missingValues": [""]},
        "filters": applied_filters(filters),
        "rowCount": row_count,
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

"""Addresses for data: the Projects rows and a SQL console result at URLs a script can fetch.

A story or a script should be able to cite `/api/projects.csv?status=stopped` and get the
very file the Projects page's download button gives for `/projects?status=stopped`. So
nothing here decides which rows a link means: the link is read by the page's parser
(`foi.state.parse`, page "projects"), the filters bound by the page's registry
(`foi.filters`), and the file written by the page's own query, sort, COPY and file name
(`foi.exports`). Likewise `/api/sql.csv?sql=...` runs the SQL console's download
(`foi.console.export_query`): the same checks, sandbox, time and size limits.

One thing differs on purpose: the page drops a bad value and shows a notice, which a
script never reads, so it would silently get rows it did not ask for. Here a bad or
unknown parameter is a 400 naming it, and an unknown dataset a 404; nothing is sent.
Paging (`page`, `size`) and the facet chart (`facet`) are checked but, as for the page's
download, the file holds every matching row.

The routes are served by the Streamlit server itself (`server.py` hands `ROUTES` to
`st.App`). They read only the shared database, read-only, a cursor per query; an upload
stays private to its browser session and is never reachable here. CSV, JSON and Parquet
are written by DuckDB into a private temporary folder, the file opened and the folder
removed before the first byte is sent, so a file of any size streams from disk and
nothing is left behind, even when the client goes away half-way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from foi import console, exports, filters, state
from foi.config import default_db_path
from foi.db import SERVER_MEMORY, reader
from foi.importing import DATASET_NAME
from foi.queries import run
from foi.state import shown_value
from foi.text import slug

#: Formats of `/api/projects.<ext>`: every format the Projects page offers a button for.
PROJECT_FORMATS: tuple[str, ...] = exports.FORMATS
#: Formats of `/api/sql.<ext>`: those the SQL console's download offers.
SQL_FORMATS: tuple[str, ...] = tuple(console.EXPORT_FORMATS)

#: Bytes handed to the server per read while streaming a file.
CHUNK = 256 * 1024

#: Downloads built at once; more get a 503 and a Retry-After, so a loop of requests from
#: one script cannot take every worker thread (or core) of the server.
MAX_BUSY = 4
_busy = threading.BoundedSemaphore(MAX_BUSY)

#: Every response may be read by a page on any site: the data is public.
_OPEN = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"}


class ApiError(Exception):
    """A request the API refuses: its HTTP status and a message in plain English."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


# --- the database ----------------------------------------------------------------------------


def connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection to the shared database, one per build of the file.

    Each query takes its own cursor from it (as the pages do), so requests never share
    a result set. A rebuilt file (new mtime) gets a new connection.
    """
    db = default_db_path()
    try:
        mtime = db.stat().st_mtime
    except FileNotFoundError:
        raise ApiError(503, "The database is not built yet; try again in a minute.") from None
    return reader(db, mtime, SERVER_MEMORY)  # the pages' own connection (foi.db.reader)


def datasets(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The datasets of the shared database, the default first (as the pages list them)."""
    return [r["dataset"] for r in run(con, "datasets").to_pylist()]


def projects_vocab(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, list[str]]:
    """The values each Projects link parameter may take in `dataset`.

    The same lists the page checks a link against (`foi.ui.data.vocab`, from the same
    named queries), so a value the page keeps is kept here and one it drops is refused.
    """
    opts = run(con, "filter_options", {"dataset": dataset}).to_pylist()
    statuses = [r["status"] for r in run(con, "statuses", {"dataset": dataset}).to_pylist()]

    def values(name: str) -> list[str]:
        return [str(r["value"]) for r in opts if r["field"] == name]

    return {
        "dataset": datasets(con),
        "status": list(dict.fromkeys(statuses + values("status"))),
        "org": values("org"),
        "exemption": values("exemption"),
        "category": values("category"),
        "area": values("area"),
    }


# --- reading a link --------------------------------------------------------------------------


def raw_params(request: Request) -> dict[str, list[str]]:
    """The query string as the pages read it: each name with all its values, in order."""
    return {name: request.query_params.getlist(name) for name in request.query_params}


def refusal(page: str, raw: Mapping[str, Sequence[str]], vocab: Mapping[str, Sequence[str]]) -> str:
    """Why a link was refused, one line per parameter the page would drop (plain text).

    The page's own notices say what is wrong with a value; each line starts with the
    parameter and the value as given, found by checking each parameter alone. A value
    that is only wrong beside another (min above max) names every parameter involved.
    """
    lines = []
    for name, items in raw.items():
        _, own = state.parse(page, {name: items}, vocab)
        given = ", ".join(repr(shown_value(i)) for i in items) or "''"
        lines += [f"- {shown_value(name)}={given}: {notice}" for notice in own]
    if not lines:
        _, together = state.parse(page, raw, vocab)
        involved = [
            name
            for name in raw
            if not state.parse(page, {k: v for k, v in raw.items() if k != name}, vocab)[1]
        ]
        names = " and ".join(shown_value(n) for n in involved) or "the link"
        lines = [f"- {names}: {notice}" for notice in together]
    return (
        "This address was refused and no rows were sent. The Projects page would drop "
        "these values, as each note says, and show other rows:\n" + "\n".join(lines) + "\n"
    )


def _dataset_of(raw: Mapping[str, Sequence[str]], known: Sequence[str]) -> None:
    """Refuse a link to a dataset the shared database does not hold (404), or to two."""
    given = list(raw.get("dataset", []))
    if len(given) > 1:
        raise ApiError(400, "dataset: give one dataset, not several.\n")
    if given and given[0] not in known:
        name = shown_value(given[0])
        private = (
            " A dataset uploaded on the “Your own file” page stays private to the browser "
            "session that uploaded it and has no address here."
            if DATASET_NAME.fullmatch(given[0])
            else ""
        )
        raise ApiError(
            404,
            f"There is no dataset {name!r} here; there are {', '.join(known)}.{private}\n",
        )


@dataclass(frozen=True)
class ProjectsRequest:
    """A Projects link, checked: the dataset, the parsed values, the bound query parts."""

    dataset: str
    values: dict[str, Any]
    params: dict[str, Any]
    order_by: str
    applied: dict[str, Any]


def projects_request(
    con: duckdb.DuckDBPyConnection, raw: Mapping[str, Sequence[str]]
) -> ProjectsRequest:
    """The Projects rows a link asks for, read exactly as the page reads its link.

    Raises ApiError (404 for an unknown dataset, 400 for any value the page would drop).
    """
    known = datasets(con)
    if not known:
        raise ApiError(503, "The database holds no dataset yet.")
    _dataset_of(raw, known)
    chosen = list(raw.get("dataset", [])) or known[:1]
    vocab = projects_vocab(con, chosen[0])
    values, notices = state.parse("projects", raw, vocab)
    if notices:
        raise ApiError(400, refusal("projects", raw, vocab))
    dataset = values["dataset"]
    return ProjectsRequest(
        dataset=dataset,
        values=values,
        params=filters.query_params(dataset, values),
        order_by=filters.order_by(values),
        applied=filters.active(values),
    )


# --- responses -------------------------------------------------------------------------------


def _headers(filename: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The download's name (the page's own file name) and the open-data headers."""
    return {**_OPEN, "Content-Disposition": f'attachment; filename="{filename}"', **(extra or {})}


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    """A file's bytes in CHUNK pieces; the file is closed when the stream ends or is dropped."""
    with handle:
        while block := handle.read(CHUNK):
            yield block


def _streamed(path: Path, folder: Path, media_type: str, headers: dict[str, str]) -> Response:
    """Open the written file, remove its folder, and stream the open file to the client.

    Once the folder is gone the file has no name left; its space is freed when the stream
    closes the handle, however the request ends.
    """
    handle = path.open("rb")
    try:
        size = os.fstat(handle.fileno()).st_size
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return StreamingResponse(
        _chunks(handle),
        media_type=media_type,
        headers={**headers, "Content-Length": str(size)},
    )


def _claim() -> None:
    """Take one of the MAX_BUSY download slots, or refuse with 503 while all are taken."""
    if not _busy.acquire(blocking=False):
        raise ApiError(
            503,
            f"The server is already building {MAX_BUSY} downloads; try again in a few seconds.",
            {"Retry-After": "5"},
        )


def projects_file(request: Request) -> Response:
    """GET /api/projects.<csv|json|parquet|xlsx|zip>?<the Projects page's link parameters>."""
    try:
        name = request.path_params["fmt"]
        if name not in PROJECT_FORMATS:
            raise _no_such_address()
        fmt = exports.format_of(name)
        con = connection()
        asked = projects_request(con, raw_params(request))
        today = dt.date.today()
        filename = exports.export_filename(asked.dataset, fmt.name, asked.applied, today)
        _claim()
        try:
            if fmt.written_by_duckdb:
                folder = Path(tempfile.mkdtemp(prefix="foi-api-"))
                try:
                    path = folder / f"export.{fmt.extension}"
                    exports.copy_to_file(con, fmt.name, asked.params, asked.order_by, path)
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                return _streamed(path, folder, fmt.media_type, _headers(filename))
            return _in_memory(con, fmt.name, asked, today, filename)
        finally:
            _busy.release()
    except ApiError as exc:
        return _error(exc)


def _in_memory(
    con: duckdb.DuckDBPyConnection, fmt: str, asked: ProjectsRequest, today: dt.date, name: str
) -> Response:
    """Excel and the zip are built whole in memory, as on the page, and within its row limit."""
    rows = run(con, "figure_rows_count", asked.params).to_pylist()[0]["rows"]
    if rows > exports.IN_MEMORY_ROWS:
        raise ApiError(
            413,
            f"{rows:,} rows is more than an Excel file or zip is built for "
            f"({exports.IN_MEMORY_ROWS:,}, as on the Projects page). The same address ending "
            ".csv, .json or .parquet streams any number of rows.\n",
        )
    meta = next((r for r in run(con, "datasets").to_pylist() if r["dataset"] == asked.dataset), {})
    data = exports.export_rows(
        con,
        fmt,
        asked.params,
        asked.order_by,
        filters_for_metadata=asked.applied,
        dataset_meta=meta,
        today=today,
    )
    return Response(data, media_type=exports.MEDIA_TYPES[fmt], headers=_headers(name))


def sql_filename(dataset: str, sql: str, extension: str, today: dt.date) -> str:
    """The SQL console's download name: dataset, a short hash of the query, the date."""
    digest = hashlib.sha256(sql.encode("utf-8")).hexdigest()[:8]
    ds_slug = slug(dataset, fallback="dataset", fold_accents=False, keep_hyphens=True)
    return f"{ds_slug}_sql_{digest}_{today.isoformat()}.{extension}"


def sql_file(request: Request) -> Response:
    """GET /api/sql.<csv|json|parquet>?dataset=...&sql=SELECT...: a console result as a file.

    Runs through the console's own download (`foi.console.export_query`): one checked
    SELECT, on a fresh locked in-memory connection that attaches the shared file read-only
    and sees one dataset, stopped after its time limit or at its size limit.
    """
    try:
        name = request.path_params["fmt"]
        if name not in SQL_FORMATS:
            raise _no_such_address()
        fmt = exports.format_of(name)
        raw = raw_params(request)
        db = default_db_path()
        con = connection()
        known = datasets(con)
        _dataset_of(raw, known)
        vocab = {"dataset": known}
        values, notices = state.parse("console", raw, vocab)
        if notices:
            raise ApiError(400, refusal("console", raw, vocab))
        sql, dataset = values["sql"], values["dataset"]
        if not sql.strip():
            raise ApiError(400, "sql: give the query to run, e.g. ?sql=SELECT * FROM projects\n")
        _claim()
        try:
            data = console.export_query(str(db), dataset, sql, fmt.name)
        except console.QueryRefused as exc:
            raise ApiError(400, f"sql: {exc}\n") from None
        except console.QueryTimeout as exc:
            raise ApiError(504, f"{exc}\n") from None
        except console.ExportTooLarge as exc:
            raise ApiError(413, f"{exc}\n") from None
        except console.SandboxError as exc:  # DuckDB's own error: a missing column, ...
            raise ApiError(400, f"sql: {exc}\n") from None
        finally:
            _busy.release()
        today = dt.date.today()
        headers = _headers(sql_filename(dataset, sql, fmt.extension, today))
        return Response(data, media_type=fmt.media_type, headers=headers)
    except ApiError as exc:
        return _error(exc)


def addresses() -> list[str]:
    """Every data address, for the 404 that says which ones there are."""
    return [f"/api/projects.{f}" for f in PROJECT_FORMATS] + [f"/api/sql.{f}" for f in SQL_FORMATS]


def _no_such_address() -> ApiError:
    return ApiError(404, "No such address; there are " + ", ".join(addresses()) + ".")


def not_found(request: Request) -> Response:
    """Any other /api/ address: a 404 that lists the ones there are (not the app's page)."""
    del request
    return _error(_no_such_address())


def _error(exc: ApiError) -> Response:
    message = exc.message if exc.message.endswith("\n") else exc.message + "\n"
    return PlainTextResponse(message, status_code=exc.status, headers={**_OPEN, **exc.headers})


#: The routes `server.py` adds to Streamlit's own (GET, and HEAD with it).
ROUTES: list[Route] = [
    Route("/api/projects.{fmt}", projects_file, methods=["GET"]),
    Route("/api/sql.{fmt}", sql_file, methods=["GET"]),
    Route("/api/{rest:path}", not_found),
    Route("/api", not_found),
]

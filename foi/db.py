"""The one database module: how the explorer connects, quotes names and rewrites the file.

Every reader and writer goes through here, so a memory cap, a quoting rule or the
swap-on-success guarantee is decided once:

- `connect` opens the built file (read-only unless a writer asks) or a scratch in-memory
  database, with DuckDB's memory capped when asked;
- `quote` and `literal` are the only ways a name or a setting's value reaches SQL text
  (the few places a bound parameter cannot go: identifiers and `SET`);
- `rewrite` is the one way the file changes. `foi build` and `foi import` both change the
  database a running server is reading. Neither writes into it: each writes a new file
  beside it (empty, or a copy), checkpoints it, and renames it over the old one only when
  complete. On any failure the new file and its write-ahead log are removed and the
  database is byte-for-byte as it was.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from foi.queries import ATTACHED, fill, load_sql

#: DuckDB's share of the server's memory (the rest: Python, Streamlit, pandas, Plotly).
SERVER_MEMORY = "500MB"


def quote(name: str) -> str:
    """A SQL identifier, double-quoted with inner quotes doubled (Datasette's escape_sqlite).

    Only ever applied to names from an allow-list or the database's own catalog; it makes
    such a name safe to splice, it does not make user text a safe name.
    """
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal, for the statements that take no bound parameter (SET, ATTACH)."""
    return "'" + text.replace("'", "''") + "'"


def connect(
    path: Path | str | None = None,
    *,
    read_only: bool = True,
    memory: str | None = None,
    threads: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to the database file at `path`, or to a new in-memory database.

    `memory` caps DuckDB's memory (it spills sorts and joins to disk beyond it). It is set
    with a statement after connecting, not through `config=`: DuckDB hands every opener of
    one file in a process the same instance, and refuses a second opener whose
    configuration differs.
    """
    if path is None:
        config = {"threads": threads} if threads else {}
        con = duckdb.connect(":memory:", config=config)
    else:
        con = duckdb.connect(str(path), read_only=read_only)
    if memory is not None:
        con.execute(fill(load_sql("set_memory_limit"), memory=literal(memory)))
        con.execute(fill(load_sql("set_temp_directory"), path=literal(str(spill_dir()))))
    return con


_READERS: dict[str, tuple[float, duckdb.DuckDBPyConnection]] = {}
_READERS_LOCK = threading.Lock()


def reader(path: Path | str, mtime: float, memory: str) -> duckdb.DuckDBPyConnection:
    """The process's one read-only connection to the database file at `path`, as built at `mtime`.

    Never stale: `duckdb.connect(path)` hands back the instance already open on that path,
    even after `foi build` or `foi import` replaced the file, so the pages would keep the
    old data while a new connection (the SQL console) saw the new. Here each build of the
    file is ATTACHed into a fresh in-memory instance of its own, and the previous build's
    connection is closed. Callers take a cursor per query; the pages and /api share it.
    """
    key = str(Path(path).resolve())
    with _READERS_LOCK:
        held = _READERS.get(key)
        if held is not None and held[0] == mtime:
            return held[1]
        con = connect(None, memory=memory)
        con.execute(load_sql("attach_read_only"), {"path": key})
        con.execute(load_sql("use_attached"))
        _READERS[key] = (mtime, con)
        ATTACHED.add(id(con))
    if held is not None:
        ATTACHED.discard(id(held[1]))
        held[1].close()  # cursors running on it finish; new ones go to the new build
    return con


_SPILL: list[Path] = []


def spill_dir() -> Path:
    """This process's own folder for DuckDB's spill files: private (0700), removed at exit.

    Never `data/`: a spill beside the database file would sit among the shipped data and
    outlive the server.
    """
    if not _SPILL:
        folder = Path(tempfile.mkdtemp(prefix="foi-spill-"))
        atexit.register(shutil.rmtree, folder, True)
        _SPILL.append(folder)
    return _SPILL[0]


def _discard(path: Path) -> None:
    """Remove a half-written file and its write-ahead log, if any."""
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z]+-(?P<pid>\d+)-[0-9a-f]{8}(\.wal)?")


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs (its rewrite may still be writing its file)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive, not ours to judge
        return True
    return True


def sweep_leftovers(db_path: Path) -> list[Path]:
    """Remove the temporary files of rewrites that died (a killed `foi import`): return them.

    A rewrite's file is named for its process (".foi.duckdb.import-<pid>-<hex>"); one whose
    process is gone will never be swapped in, so it, and its write-ahead log, is removed
    at the start of the next rewrite instead of staying for ever.
    """
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}.*"):
        found = _LEFTOVER.fullmatch(path.name)
        if found and found["name"] == db_path.name and not _alive(int(found["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def rewrite(db_path: Path, *, purpose: str, copy: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection to a new file that replaces `db_path` when the block ends.

    `copy` starts the new file as a copy of the database (an import adds to what is there);
    otherwise it starts empty (a build). `purpose` names the temporary file (".foi.duckdb.
    import-…"), so a leftover says what made it.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{purpose}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    _discard(tmp)
    try:
        if copy and db_path.exists():
            shutil.copy2(db_path, tmp)
        con = connect(tmp, read_only=False)
        try:
            yield con
            con.execute(load_sql("checkpoint"))
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        _discard(tmp)
        raise

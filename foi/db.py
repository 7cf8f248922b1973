"""The one way the database file is rewritten: build a new file, then swap it in.

`foi build` and `foi import` both change the database a running server is reading. Neither
writes into it: each writes a new file beside it (empty, or a copy), checkpoints it, and
renames it over the old one only when complete. On any failure the new file and its
write-ahead log are removed and the database is byte-for-byte as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


def _discard(path: Path) -> None:
    """Remove a half-written file and its write-ahead log, if any."""
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)


@contextmanager
def rewrite(db_path: Path, *, purpose: str, copy: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection to a new file that replaces `db_path` when the block ends.

    `copy` starts the new file as a copy of the database (an import adds to what is there);
    otherwise it starts empty (a build). `purpose` names the temporary file (".foi.duckdb.
    import-…"), so a leftover says what made it.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{purpose}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    _discard(tmp)
    try:
        if copy and db_path.exists():
            shutil.copy2(db_path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        _discard(tmp)
        raise

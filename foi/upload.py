"""Uploads for one browser session: saved privately, loaded into that session's own database.

A visitor's file never touches the shared database. The first upload copies
the shared database to a private temporary file; imports go into that copy
(atomically, like every import), and the session reads from it from then on.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import tomllib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from foi.config import ROOT
from foi.importing import ImportFailed, ImportOptions, ImportReport, import_files
from foi.importing.mapping import Mapping

SESSION_DB = "_foi_session_db"
_UPLOAD_DIR = "_foi_upload_dir"
DEFAULT_MAX_MB = 50
#: A source's address: a plain http(s) link with a host, nothing a browser would run.
WEB_ADDRESS = re.compile(r"https?://[^\s/?#<>\"'`]+[^\s<>\"'`]*")


def max_upload_mb() -> int:
    """The upload limit in MB, as configured for the server (.streamlit/config.toml)."""
    try:
        config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        return int(config.get("server", {}).get("maxUploadSize", DEFAULT_MAX_MB))
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return DEFAULT_MAX_MB


#: A session folder untouched this long is its visitor gone: swept, upload and all.
IDLE_SECONDS = 6 * 3600
_PREFIX = "foi-session-"


def sweep_sessions(idle_seconds: float = IDLE_SECONDS, now: float | None = None) -> list[Path]:
    """Delete the upload folders of sessions idle for `idle_seconds`: return what went.

    Each uploading session holds a private folder (and its own database) in the temp
    directory; nothing tells the server when a visitor closes the tab, so folders are
    swept when the server starts and whenever a new one is made. A session in use keeps
    its folder fresh (`keep_alive`).
    """
    now = time.time() if now is None else now
    gone = []
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            idle = now - folder.stat().st_mtime
        except FileNotFoundError:
            continue
        if folder.is_dir() and idle > idle_seconds:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder)
    return gone


def keep_alive(db: Path, every_seconds: float = 60) -> None:
    """Mark a session folder as in use (its mtime), at most once a minute."""
    folder = db.parent
    try:
        if time.time() - folder.stat().st_mtime > every_seconds:
            os.utime(folder)
    except OSError:
        pass


def _private_dir(state: MutableMapping[str, Any]) -> Path:
    folder = state.get(_UPLOAD_DIR)
    if not folder or not Path(folder).is_dir():
        sweep_sessions()
        folder = tempfile.mkdtemp(prefix=_PREFIX)
        state[_UPLOAD_DIR] = folder
    return Path(folder)


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the folder or confuse a shell: letters, digits, . - _"""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "upload"
    suffix = Path(clean).suffix[:10]
    stem = clean[: len(clean) - len(suffix)] if suffix else clean
    return stem[: 120 - len(suffix)] + suffix


def save_upload(state: MutableMapping[str, Any], name: str, data: bytes) -> Path:
    """Write an uploaded file into this session's private folder; return its path."""
    path = _private_dir(state) / safe_name(name)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


def session_db(state: MutableMapping[str, Any], shared_db: Path) -> Path:
    """This session's own database, copied from the shared one on first use."""
    own = state.get(SESSION_DB)
    if own and Path(own).exists():
        return Path(own)
    path = _private_dir(state) / "session.duckdb"
    shutil.copy2(shared_db, path)
    state[SESSION_DB] = str(path)
    return path


def _given(text: str | None) -> str | None:
    """A form field's text, or None when it was left blank."""
    return text.strip() or None if isinstance(text, str) else None


def load_for_session(
    state: MutableMapping[str, Any],
    shared_db: Path,
    path: Path,
    *,
    dataset: str,
    mapping: Mapping,
    sheet: str | None = None,
    header_row: int | None = None,
    allow_unparsed: bool = False,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> ImportReport:
    """Import one uploaded file into this session's database (replacing a same-named dataset).

    `title`, `publisher`, `url` and `published` (YYYY-MM-DD) describe the file's source, so its
    figures cite it as the shipped figures cite theirs; blank ones are left for the importer to
    fill (the file's name, "Not stated", no link, the file's date).
    """
    url = _given(url)
    if url is not None and not WEB_ADDRESS.fullmatch(url):
        raise ImportFailed("the source's address must be a web address starting with http(s)://")
    db = session_db(state, shared_db)
    options = ImportOptions(
        dataset=dataset,
        sheet=sheet,
        header_row=header_row,
        mapping=mapping,
        replace=True,
        allow_unparsed=allow_unparsed,
        source_title=_given(title),
        source_publisher=_given(publisher),
        source_url=url,
        source_date=_given(published),
    )
    return import_files([path], db, options)

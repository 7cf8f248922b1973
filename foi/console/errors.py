"""What the console reports instead of a result, worded for the researcher.

Every failure reaches the page as one of these exceptions, with a message fit to show as
plain text: DuckDB's own wording where it helps, never a server path or a traceback.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from foi.console.limits import MEMORY_LIMIT


class SandboxError(Exception):
    """Anything the console reports to the researcher instead of a result."""


class QueryRefused(SandboxError, ValueError):
    """The text is not a single read-only SELECT the console may run."""


class QueryTimeout(SandboxError, RuntimeError):
    """The query ran past the time limit and was stopped."""


class QueryFailed(SandboxError, RuntimeError):
    """DuckDB ran the query and reported an error (missing column, no permission, ...)."""


class ExportTooLarge(SandboxError, RuntimeError):
    """A download grew past the size the console will build."""


def first_line(exc: BaseException) -> str:
    """The first line of an error's text: DuckDB puts the gist there and context below."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def failure(exc: BaseException, hide: tuple[str, ...]) -> BaseException:
    """A DuckDB error as the researcher should read it: no server paths, no traceback.

    Errors that are not DuckDB's (bugs, interrupts) pass through unchanged, so they are
    not dressed up as the researcher's mistake.
    """
    if isinstance(exc, SandboxError) or not isinstance(exc, duckdb.Error):
        return exc
    message = str(exc).strip()
    for secret in sorted((h for h in hide if h), key=len, reverse=True):
        message = message.replace(secret, "<server path>")
    if len(message) > 1000:
        message = message[:1000] + " ..."
    if isinstance(exc, duckdb.PermissionException):
        message += (
            "\nThe console cannot read or write files, attach databases, install or load "
            "extensions, or change settings; it reads the dataset's tables only."
        )
    elif isinstance(exc, duckdb.OutOfMemoryException):
        message = (
            f"The query needed more than the console's {MEMORY_LIMIT} of memory. Aggregate or "
            "filter earlier, or select fewer columns."
        )
    return QueryFailed(message)


def hidden(db_path: Path | str, *extra: Path) -> tuple[str, ...]:
    """The server paths an error message must not show: the file, its folder, `extra`."""
    path = Path(db_path)
    hide = [str(path.resolve()), str(path), *(str(e) for e in extra)]
    if len(path.resolve().parent.parts) > 2:  # a private folder, never "/" or "/tmp" alone
        hide.append(str(path.resolve().parent))
    return tuple(hide)

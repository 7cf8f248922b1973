"""The Datasette half of the side-by-side benchmark: the same user operations, same data.

Usage: .venv/bin/python benchmarks/datasette_side.py --csv FILE [--runs 3] [--work DIR]

The issue asks for "the same user operations in Datasette on the same data in the
same run (sqlite-utils import, facet page, grouped aggregate, streamed CSV export),
with the ratio". This module measures the Datasette side; `measure()` returns the
figures so that a caller timing the explorer on the same CSV can print the ratios.

Datasette and sqlite-utils never enter the app's venv: on first use this module
creates its own venv at benchmarks/.venv-datasette (gitignored) and pip-installs
the pinned versions in PINS there; later runs reuse it.

What is timed, each as the median of --runs runs (the samples are returned too):
  - import: `sqlite-utils insert DB payments CSV --csv --detect-types` into a fresh
    database file, the whole command as a subprocess. --detect-types makes Amount a
    number, which the sums need. No index is created afterwards: the table is left
    as a user has it after a plain import, so every facet and aggregate scans it.
  - then ONE `datasette serve` of the last imported database, with the SQL and facet
    time limits raised to 600 s (so nothing is cut short) and the CSV size cap
    lifted (max_csv_mb, default 100 MiB: the 1M-row export is 96 MB, just under it,
    and a larger file would be cut off mid-stream), and HTTP GETs with urllib,
    reading the whole body:
      - facet_page: the table page (HTML) after a filter change (Service=Housing)
        with two facets, Expense Category and Supplier Name;
      - facet_page_unfiltered: the same two facets on the whole table;
      - grouped_aggregate: count and total Amount per Service and per redacted
        counterparty flag, as SQL through the JSON API;
      - csv_export: the whole table streamed as CSV (_stream=on), checked to hold
        every row of the table.
    Datasette keeps no cache of pages or facet results, so a repeat request does the
    same work; each page/query gets one untimed warm-up request first, which only
    warms SQLite's and the OS's page cache. The CSV export has no warm-up (the
    earlier requests have already read the whole table).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "benchmarks" / ".venv-datasette"
#: Datasette 0.65 does not depend on sqlite-utils; 3.39.1 is the last of the 3.x line,
#: the one contemporary with 0.65, whose `insert --csv` still needs --detect-types for
#: numeric columns (4.0 made detection the default and changed FLOAT to REAL).
PINS = ("datasette==0.65.5", "sqlite-utils==3.39.1")
TIMEOUT_S = 600
TABLE = "payments"
DB_NAME = "foi"  # Datasette names a database after its file's stem: /foi/payments
REDACTED = "REDACTED PERSONAL DATA"
GROUPED_SQL = (
    f'select "Service", "Supplier Name" = \'{REDACTED}\' as redacted, '
    f'count(*) as n, sum("Amount") as total from {TABLE} group by 1, 2 order by 1, 2'
)
SETTINGS = {
    "sql_time_limit_ms": "600000",
    "facet_time_limit_ms": "600000",
    "max_returned_rows": "1000",
    "allow_csv_stream": "on",
    "max_csv_mb": "0",  # default 100 MiB; 1M rows export as 96 MB, more rows get cut off
}
FACETS = ("Expense Category", "Supplier Name")

Log = Callable[[str], None]


class BenchmarkError(RuntimeError):
    """An operation failed; the message names it."""


def _run(cmd: list[str], operation: str, timeout: float = TIMEOUT_S) -> str:
    """Run a command to completion; raise BenchmarkError naming the operation on failure."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{operation}: timed out after {timeout:.0f} s: {cmd}") from exc
    except OSError as exc:
        raise BenchmarkError(f"{operation}: could not start {cmd[0]}: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip()[-2000:]
        raise BenchmarkError(f"{operation}: exit status {done.returncode}: {cmd}\n{tail}")
    return done.stdout


def _bin(name: str) -> Path:
    return VENV / "bin" / name


def ensure_venv(log: Log = print) -> dict[str, str]:
    """Create benchmarks/.venv-datasette with PINS installed (once); return the versions."""
    marker = VENV / "foi-pins.txt"
    wanted = "\n".join(PINS) + "\n"
    if not (marker.exists() and marker.read_text() == wanted and _bin("datasette").exists()):
        if not (VENV / "bin" / "python").exists():
            log(f"creating {VENV.relative_to(ROOT)} with {sys.executable} -m venv")
            _run([sys.executable, "-m", "venv", str(VENV)], "create venv")
        log(f"installing into {VENV.relative_to(ROOT)}: {' '.join(PINS)}")
        out = _run(
            [str(_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", *PINS],
            "pip install",
        )
        for line in out.splitlines():
            if line.startswith("Successfully installed"):
                log(line)
        marker.write_text(wanted)
    versions = {
        "datasette": _run([str(_bin("datasette")), "--version"], "datasette --version").split()[-1],
        "sqlite-utils": _run(
            [str(_bin("sqlite-utils")), "--version"], "sqlite-utils --version"
        ).split()[-1],
    }
    return versions


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, operation: str, sink: Path | None = None) -> tuple[bytes, int]:
    """GET url, reading the whole body; return (body or b"" when written to sink, size)."""
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp:
            if sink is None:
                while chunk := resp.read(1 << 20):
                    chunks.append(chunk)
                    size += len(chunk)
            else:
                with sink.open("wb") as out:
                    while chunk := resp.read(1 << 20):
                        out.write(chunk)
                        size += len(chunk)
    except urllib.error.HTTPError as exc:
        body = exc.read(2000).decode("utf-8", "replace")
        raise BenchmarkError(f"{operation}: HTTP {exc.code} for {url}\n{body}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise BenchmarkError(f"{operation}: request failed for {url}: {exc}") from exc
    return b"".join(chunks), size


def _timed(action: Callable[[], Any], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def _result(what: str, samples: list[float], **extra: Any) -> dict[str, Any]:
    return {"what": what, "median_s": statistics.median(samples), "samples": samples, **extra}


def _check_facet_page(html: bytes, operation: str) -> None:
    text = html.decode("utf-8", "replace")
    if "facets-timed-out" in text:
        raise BenchmarkError(f"{operation}: Datasette reports facets timed out")
    for column in FACETS:
        if f'data-column="{column}"' not in text:
            raise BenchmarkError(f"{operation}: no facet results for {column!r} in the page")


def _count_csv_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1  # less the header


def _start_server(db: Path, port: int, log_file: Path) -> subprocess.Popen[bytes]:
    cmd = [str(_bin("datasette")), "serve", str(db), "--port", str(port), "--host", "127.0.0.1"]
    for name, value in SETTINGS.items():
        cmd += ["--setting", name, value]
    with log_file.open("wb") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_for_server(proc: subprocess.Popen[bytes], base: str, log_file: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchmarkError(
                f"datasette serve: exited with status {proc.returncode}\n"
                + log_file.read_text(errors="replace")[-2000:]
            )
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5) as resp:
                resp.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise BenchmarkError(f"datasette serve: no answer on {base} within 60 s")


def _stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def measure(csv: Path, runs: int = 3, work: Path | None = None, log: Log = print) -> dict[str, Any]:
    """Time the four user operations in Datasette on `csv`; return figures per operation.

    Returns {"import", "facet_page", "facet_page_unfiltered", "grouped_aggregate",
    "csv_export"} -> {"what", "median_s", "samples", ...}, plus "rows" (the imported
    table's row count, an int) and "versions" ({"datasette", "sqlite-utils"}).
    `work` holds the database and downloads (a temporary directory, removed
    afterwards, when None).
    """
    csv = Path(csv).resolve()
    if not csv.exists():
        raise BenchmarkError(f"import: no such CSV file {csv}")
    if runs < 1:
        raise ValueError("runs must be at least 1")
    versions = ensure_venv(log)
    log(f"datasette {versions['datasette']}, sqlite-utils {versions['sqlite-utils']}")
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="foi-datasette-")) if work is None else Path(work)
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"{DB_NAME}.db"
    results: dict[str, Any] = {"versions": versions}
    try:
        # import: a fresh database file each run; the last one is served afterwards
        insert = [str(_bin("sqlite-utils")), "insert", str(db), TABLE, str(csv)]
        insert += ["--csv", "--detect-types"]

        def do_import() -> None:
            for path in (db, db.with_name(db.name + "-journal")):
                path.unlink(missing_ok=True)
            _run(insert, "import")

        log(f"import: {runs} x {' '.join(insert[1:])}")
        samples = _timed(do_import, runs)
        with sqlite3.connect(db) as con:
            rows = con.execute(f"select count(*) from {TABLE}").fetchone()[0]
            types = {r[1]: r[2] for r in con.execute(f"pragma table_info({TABLE})")}
        con.close()
        if types.get("Amount", "").upper() not in ("FLOAT", "REAL", "INTEGER"):
            raise BenchmarkError(f"import: Amount was imported as {types.get('Amount')!r}")
        results["rows"] = rows
        results["import"] = _result(
            "sqlite-utils insert --csv --detect-types into a fresh file, whole command; "
            f"no indexes afterwards (as after a plain import); Amount -> {types['Amount']}",
            samples,
            db_bytes=db.stat().st_size,
        )
        log(f"import: {rows:,} rows, median {results['import']['median_s']:.2f} s")

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = work / "datasette.log"
        proc = _start_server(db, port, server_log)
        try:
            _wait_for_server(proc, base, server_log)
            table_url = f"{base}/{DB_NAME}/{TABLE}"
            facet_qs = [("_facet", column) for column in FACETS]
            pages = {
                "facet_page": (
                    f"{table_url}?{urllib.parse.urlencode([('Service', 'Housing'), *facet_qs])}",
                    "table page (HTML) filtered to Service=Housing, facets Expense Category "
                    "and Supplier Name; 1 untimed warm-up",
                ),
                "facet_page_unfiltered": (
                    f"{table_url}?{urllib.parse.urlencode(facet_qs)}",
                    "table page (HTML), whole table, facets Expense Category and "
                    "Supplier Name; 1 untimed warm-up",
                ),
            }
            for operation, (url, what) in pages.items():
                log(f"{operation}: GET {url}")
                _check_facet_page(_get(url, operation)[0], operation)  # warm-up
                samples = _timed(lambda url=url, op=operation: _get(url, op), runs)
                results[operation] = _result(what, samples, url=url)
                log(f"{operation}: median {results[operation]['median_s']:.2f} s")

            operation = "grouped_aggregate"
            sql_qs = urllib.parse.urlencode({"sql": GROUPED_SQL, "_shape": "array"})
            url = f"{base}/{DB_NAME}.json?{sql_qs}"
            log(f"{operation}: GET {url}")
            answer = json.loads(_get(url, operation)[0])  # warm-up, and a check
            if not isinstance(answer, list) or sum(r["n"] for r in answer) != rows:
                raise BenchmarkError(f"{operation}: counts do not add up to {rows}: {answer!r}")
            samples = _timed(lambda: _get(url, operation), runs)
            results[operation] = _result(
                "SQL via /db.json?_shape=array: count and sum(Amount) per Service and "
                "redacted flag; 1 untimed warm-up",
                samples,
                url=url,
                groups=len(answer),
            )
            log(f"{operation}: median {results[operation]['median_s']:.2f} s")

            operation = "csv_export"
            url = f"{table_url}.csv?_stream=on&_size=max"
            sink = work / "export.csv"
            log(f"{operation}: GET {url}")
            sizes: list[int] = []

            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                sizes.append(_get(url, operation, sink=sink)[1])
                samples.append(time.perf_counter() - start)
                got = _count_csv_rows(sink)  # after the clock: the client's parsing is not timed
                if got != rows:
                    raise BenchmarkError(f"{operation}: CSV has {got:,} rows, table {rows:,}")
            results[operation] = _result(
                "whole table streamed as CSV (_stream=on, max_csv_mb=0), written to a "
                f"file; row count checked ({rows:,} rows)",
                samples,
                url=url,
                bytes=sizes[-1],
            )
            log(f"{operation}: {sizes[-1]:,} bytes, median {results[operation]['median_s']:.2f} s")
        finally:
            _stop_server(proc)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    return results


OPERATIONS = ("import", "facet_page", "facet_page_unfiltered", "grouped_aggregate", "csv_export")


def format_table(results: dict[str, Any]) -> str:
    lines = [f"{'operation':<24}{'median s':>10}  samples s", "-" * 60]
    for operation in OPERATIONS:
        figure = results[operation]
        samples = ", ".join(f"{s:.2f}" for s in figure["samples"])
        lines.append(f"{operation:<24}{figure['median_s']:>10.2f}  {samples}")
    lines.append("")
    for operation in OPERATIONS:
        lines.append(f"{operation}: {results[operation]['what']}")
    versions = results["versions"]
    lines.append("")
    lines.append(
        f"rows {results['rows']:,}; CSV export {results['csv_export']['bytes']:,} bytes; "
        f"datasette {versions['datasette']}, sqlite-utils {versions['sqlite-utils']}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, required=True, help="payment CSV (foi generate)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the database and downloads here")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        results = measure(args.csv, runs=args.runs, work=args.work)
    except BenchmarkError as exc:
        sys.exit(f"error: {exc}")
    print()
    print(format_table(results))
    print(f"\nwhole run {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

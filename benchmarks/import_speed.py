"""Import speed: `python -m foi import` against DuckDB's own read_csv of the same file.

Usage: .venv/bin/python benchmarks/import_speed.py [--rows 1000000] [--runs 3]

Writes a seeded payment file with `python -m foi generate` (once, cached under
benchmarks/.data/), then times, as the median of --runs runs each:
  - DuckDB read_csv of the file into an in-memory table (the floor);
  - DuckDB read_csv into a table of a database file (the same, written to disk);
  - `python -m foi import` into a fresh database file, end to end (a new
    process each time, so start-up and imports are counted).
and prints a table with the ratios. No test times anything: this prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = ROOT / "benchmarks" / ".data" / f"payments-{args.rows}.csv"
    if not data.exists():
        subprocess.run(
            [sys.executable, "-m", "foi", "generate", "--rows", str(args.rows), "--out", str(data)],
            cwd=ROOT,
            check=True,
        )
    size_mb = data.stat().st_size / 1e6
    work = Path(tempfile.mkdtemp(prefix="foi-bench-"))

    def read_memory() -> None:
        con = duckdb.connect()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{data}')")
        con.close()

    def read_disk() -> None:
        db = work / "plain.duckdb"
        db.unlink(missing_ok=True)
        con = duckdb.connect(str(db))
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{data}')")
        con.close()

    def foi_import() -> None:
        db = work / "foi.duckdb"
        db.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "foi",
                "import",
                str(data),
                "--dataset",
                "bench",
                "--db",
                str(db),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    floor = median_seconds(read_memory, args.runs)
    disk = median_seconds(read_disk, args.runs)
    ours = median_seconds(foi_import, args.runs)
    print(f"file: {data.name}, {args.rows:,} rows, {size_mb:.0f} MB; median of {args.runs} runs")
    print(f"{'operation':<48}{'seconds':>10}{'vs read_csv':>14}")
    for label, seconds in (
        ("DuckDB read_csv -> in-memory table", floor),
        ("DuckDB read_csv -> table in a database file", disk),
        ("python -m foi import (end to end, new process)", ours),
    ):
        print(f"{label:<48}{seconds:>10.2f}{seconds / floor:>13.1f}x")


if __name__ == "__main__":
    main()

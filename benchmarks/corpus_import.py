"""Import every real file of ../shared/corpus with no options, and print how long each took.

Usage: .venv/bin/python benchmarks/corpus_import.py [--runs 3] [--rows N]
    --rows N  also time a seeded N-row payment file (python -m foi generate), for scale

Each file is imported into its own fresh database in this process (start-up not counted),
and the figure is the median of --runs runs. It also prints whether the import matched the
corpus key (rows and total to the penny), so a faster import that is wrong cannot hide here.
No test times anything: this prints figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foi.importing import ImportOptions, import_files  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def timed(files: list[Path], runs: int) -> tuple[float, dict]:
    """Median seconds to import `files` into a new database, and the last report."""
    samples, report = [], {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = import_files(files, Path(folder) / "b.duckdb", ImportOptions(dataset="b"))
            samples.append(time.perf_counter() - start)
            report = result.as_json()
    return statistics.median(samples), report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=0)
    args = parser.parse_args()
    if not (CORPUS / "keys.json").is_file():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    key = json.loads((CORPUS / "keys.json").read_text(encoding="utf-8"))
    print("| file | rows loaded | rows set aside | seconds | rows/s | matches the key |")
    print("|---|---:|---:|---:|---:|---|")
    total_rows = total_time = 0.0
    for entry in key["payments"] + key["gmpp"]:
        files = [CORPUS / f for f in entry.get("files") or [entry["file"]]]
        seconds, report = timed(files, args.runs)
        rows = report["rows_loaded"]
        if "payment_rows" in entry:
            paid = Decimal(str(report.get("payments_total_gbp", 0))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            ok = rows == entry["payment_rows"] and paid == Decimal(entry["amount_total"])
        else:
            ok = rows == entry["rows"]
        total_rows += rows
        total_time += seconds
        print(
            f"| {entry['id']} | {rows:,} | {report['skipped_rows']:,} | {seconds:.2f} | "
            f"{rows / seconds:,.0f} | {'yes' if ok else 'NO'} |"
        )
    print(
        f"| all 16 files | {total_rows:,.0f} | | {total_time:.2f} | {total_rows / total_time:,.0f} | |"
    )
    if args.rows:
        from foi.generate import write_payments

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"seeded-{args.rows}.csv"
            write_payments(path, args.rows)
            seconds, report = timed([path], args.runs)
            print(
                f"\nseeded payment file, {report['rows_loaded']:,} rows "
                f"({path.stat().st_size / 1e6:.0f} MB): {seconds:.2f} s, "
                f"{report['rows_loaded'] / seconds:,.0f} rows/s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Server-side run time of each page after a filter change, through Streamlit's own runner.

Usage: .venv/bin/python benchmarks/page_runs.py --db FILE --dataset NAME [--runs 7]

Each page is opened once, then each of its filter changes is applied and the
page re-run, timing the re-run (the work the server does between a reader
changing a widget and the new page being sent). Streamlit's data cache is
cleared before every timed run, so each run is a filter combination the
server has not seen: the slow case, not the cached one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: page -> (url_path file, list of filter changes applied one after another)
CHANGES: dict[str, tuple[str, list[dict[str, str | list[str]]]]] = {
    "overview": ("pages/overview.py", [{}]),
    "stopped": (
        "pages/stopped.py",
        [{"unit": "count"}, {"split": "organisation"}, {"unit": "gbp", "split": "named"}],
    ),
    "gaps": ("pages/gaps.py", [{"view": "table"}, {"view": "chart"}]),
    "projects": (
        "pages/projects.py",
        [
            {"q": "Crown"},
            {"q": "", "disclosure": ["disclosed"], "min": "100000"},
            {"min": "", "sort": "name"},
            {"sort": "amount_asc", "page": "3"},
            {"status": ["redacted"], "page": "1"},
        ],
    ),
    "sources": ("pages/sources.py", [{}]),
    "timeline": ("pages/timeline.py", [{"view": "table"}]),
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank, of at least one value."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def time_pages(db: Path, dataset: str, runs: int) -> dict[str, list[float]]:
    """Seconds per timed re-run, for each page."""
    os.environ["FOI_DB"] = str(db)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    results: dict[str, list[float]] = {}
    for name, (path, changes) in CHANGES.items():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        if name != "overview":
            at.switch_page(path)
        at.query_params["dataset"] = dataset
        at.run()
        timings: list[float] = []
        for _ in range(runs):
            for change in changes:
                for key, value in change.items():
                    at.query_params[key] = value
                st.cache_data.clear()
                start = time.perf_counter()
                at.run()
                timings.append(time.perf_counter() - start)
                if at.exception:
                    raise SystemExit(f"{name}: {at.exception[0].value}")
        results[name] = timings
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = time_pages(args.db, args.dataset, args.runs)
    print(f"{'page':<10} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, times in results.items():
        p50 = statistics.median(times) * 1000
        p95 = percentile(times, 95) * 1000
        print(f"{name:<10} {len(times):>5} {p50:>8.0f} {p95:>8.0f}")


if __name__ == "__main__":
    main()

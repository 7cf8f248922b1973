"""Server-side run time of each page after a filter change, through Streamlit's own runner.

Usage: .venv/bin/python benchmarks/page_runs.py --db FILE --dataset NAME [--runs 5] [--json FILE]

Each page is opened on the dataset, then its filter changes are applied one after
another and each re-run is timed: the work the server does between a reader
changing a widget and the new page being sent (queries, charts, tables), without
the browser. Two kinds of run:

- cold: Streamlit's data cache is cleared before every timed run, so every query of
  the page runs, the ones that depend only on the dataset included (the first
  visit to a dataset, or a server just restarted). The slow case.
- new filter (Projects only): the cache is kept, as on a running server, and every
  change is a filter value the server has not seen before (a new amount floor, a
  new search term), so the queries that depend on the filters run and only the
  dataset's vocabulary comes from the cache. What a reader waits for when they
  change a filter.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: page -> (page file, the filter changes applied one after another)
CHANGES: dict[str, tuple[str, list[dict[str, Any]]]] = {
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
            {"q": "", "area": ["Housing"], "min": "100000"},
            {"min": "", "sort": "name"},
            {"sort": "amount_asc", "page": "3"},
            {"area": [], "sort": "amount_desc", "page": "1", "facet": "subject"},
        ],
    ),
    "sources": ("pages/sources.py", [{}]),
    "timeline": ("pages/timeline.py", [{"view": "table"}]),
}

#: Search terms for the "new filter" runs: each is new to the server.
TERMS = ("Crown", "Allied", "Trust", "Oak", "Summit", "Premier", "Harbour", "Civic", "Apex")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank, of at least one value."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _open(name: str, path: str, dataset: str) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    if name != "overview":
        at.switch_page(path)
    at.query_params["dataset"] = dataset
    at.run()
    if at.exception:
        raise SystemExit(f"{name}: {at.exception[0].value}")
    return at


def _timed_run(at: Any, name: str, change: dict[str, Any], clear: bool) -> float:
    import streamlit as st

    for key, value in change.items():
        at.query_params[key] = value
    if clear:
        st.cache_data.clear()
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"{name} {change}: {at.exception[0].value}")
    return elapsed


def time_pages(db: Path, dataset: str, runs: int) -> dict[str, dict[str, Any]]:
    """Seconds per timed re-run: every page cold, and Projects with new filters."""
    os.environ["FOI_DB"] = str(db)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    results: dict[str, dict[str, Any]] = {}
    for name, (path, changes) in CHANGES.items():
        at = _open(name, path, dataset)
        samples = [_timed_run(at, name, c, clear=True) for _ in range(runs) for c in changes]
        results[f"{name} (cold)"] = _series(samples)
    at = _open("projects", CHANGES["projects"][0], dataset)
    samples = []
    for i in range(runs * 2):
        change: dict[str, Any] = {"min": str(1000 + 137 * i), "q": ""}
        if i % 2:
            change = {"min": "", "q": TERMS[i // 2 % len(TERMS)]}
        samples.append(_timed_run(at, "projects", change, clear=False))
    results["projects (new filter)"] = _series(samples)
    return results


def _series(samples: list[float]) -> dict[str, Any]:
    return {
        "samples": samples,
        "p50_s": statistics.median(samples),
        "p95_s": percentile(samples, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = time_pages(args.db.resolve(), args.dataset, args.runs)
    print(f"{'page run':<24} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, r in results.items():
        print(
            f"{name:<24} {len(r['samples']):>5} {r['p50_s'] * 1000:>8.0f} {r['p95_s'] * 1000:>8.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Server-side run time of each page, through Streamlit's own runner, as a reader meets it.

Usage: .venv/bin/python benchmarks/page_runs.py --db FILE --dataset NAME [--runs 5] [--json FILE]

Times the re-run of a page (the work the server does between a reader's click and
the new page being sent: queries, charts, tables), without the browser. Two cases
per page, each repeated --runs times:

- open (cold): Streamlit's data cache is cleared, then the page is run on the
  dataset, so every query runs, the ones that depend only on the dataset included:
  the first visit to a dataset, or the first after a server restart. The slow case.
- filter change: the page is opened (untimed, cache cleared first), then each of its
  filter changes is applied once and timed. The dataset's vocabulary and headline
  stay cached, as on a running server, and every change is a combination the server
  has not seen in this pass, so the queries that depend on the filters run. On
  Projects every change is a new value (an amount floor, a search term, an area, an
  expense type, a sort), so nothing comes from the cache. What a reader waits for
  when they change a filter: the p50 target of the issue applies here.
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
    "overview": ("pages/overview.py", []),  # no filters: only the dataset
    "stopped": (
        "pages/stopped.py",
        [{"unit": "count"}, {"split": "organisation"}, {"unit": "gbp", "split": "named"}],
    ),
    "gaps": ("pages/gaps.py", [{"view": "table"}, {"view": "chart"}]),
    "projects": ("pages/projects.py", []),  # see projects_changes()
    "sources": ("pages/sources.py", []),  # no filters
    "timeline": ("pages/timeline.py", [{"view": "table"}, {"view": "chart"}]),
}

#: Search terms for the Projects changes: each is new to the server.
TERMS = ("Crown", "Allied", "Trust", "Oak", "Summit", "Premier", "Harbour", "Civic", "Apex")
AREAS = ("Housing", "Libraries", "Planning", "Schools", "Finance", "Highways", "Public Health")
TYPES = ("Grants", "Equipment", "Consultancy", "Transport", "Utilities", "Agency Staff")


def projects_changes(n: int) -> list[dict[str, Any]]:
    """Pass `n` of Projects filter changes: a search, an amount floor, an area, an expense
    type, a sort and a page, each value new to the server."""
    return [
        {"kind": "search", "q": TERMS[n % len(TERMS)]},
        {"kind": "amount floor", "q": "", "min": str(1000 + 137 * n)},
        {"kind": "area (as Datasette's ?Service=)", "area": [AREAS[n % len(AREAS)]]},
        {"kind": "expense type", "area": [], "category": [TYPES[n % len(TYPES)]]},
        {
            "kind": "sort",
            "category": [],
            "min": str(2000 + 137 * n),
            "sort": ("name", "amount_asc")[n % 2],
        },
        {"kind": "page", "page": str(2 + n), "sort": "amount_desc"},
        {"kind": "clear", "page": "1", "min": ""},
    ]


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
    """Seconds per timed run: each page opened cold, and after each filter change."""
    import streamlit as st

    os.environ["FOI_DB"] = str(db)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    results: dict[str, dict[str, Any]] = {}
    for name, (path, changes) in CHANGES.items():
        at = _open(name, path, dataset)
        cold = [_timed_run(at, name, {}, clear=True) for _ in range(runs)]
        results[f"{name}: open (cold)"] = _series(cold)
        samples: list[float] = []
        kinds: dict[str, list[float]] = {}
        for n in range(runs):
            steps = projects_changes(n) if name == "projects" else changes
            if not steps:
                break
            st.cache_data.clear()
            at = _open(name, path, dataset)
            for change in steps:
                kind = change.pop("kind", "")
                samples.append(_timed_run(at, name, change, clear=False))
                kinds.setdefault(kind, []).append(samples[-1])
        if samples:
            results[f"{name}: filter change"] = _series(samples)
        if name == "projects":
            for kind, times in kinds.items():
                results[f"projects, {kind}"] = _series(times)
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
    print(f"{'page run':<28} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, r in results.items():
        print(
            f"{name:<28} {len(r['samples']):>5} {r['p50_s'] * 1000:>8.0f} {r['p95_s'] * 1000:>8.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

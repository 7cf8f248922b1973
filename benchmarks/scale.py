"""Fast at scale: the explorer against raw DuckDB and Datasette, on the same payments, in one run.

Usage (one command; `make bench` runs the first):
    .venv/bin/python benchmarks/scale.py                 # 1,000,000 rows
    .venv/bin/python benchmarks/scale.py --rows 5000000  # the 5M case
    options: --runs N (repeats per figure, default 3), --skip-datasette, --skip-browser,
             --json FILE (every sample), --work DIR (keep the databases)

What it does, in order, printing a table at the end (every figure a median of --runs
runs unless it says p95):
 1. writes the seeded payment file with `python -m foi generate` (cached under
    benchmarks/.data/) and builds the shipped dataset into a fresh database;
 2. import: `python -m foi import` (a new process each run, start-up counted) against
    DuckDB's own read_csv of the same file, also a new process, into a database
    file and into memory;
 3. every page's server-side run after a filter change, p50 and p95
    (benchmarks/page_runs.py, in its own process);
 4. export of all rows (CSV and Parquet) with the Projects download code, against
    DuckDB COPY of the same query;
 5. the same user operations as step 6 on the explorer's side, and on raw DuckDB:
    the Projects page's queries after a filter (rows, count, facets), and a grouped
    aggregate through the SQL console;
 6. Datasette on the same file (benchmarks/datasette_side.py: its own venv, its own
    process): sqlite-utils import, a table page with two facets after a filter, the
    grouped aggregate, the streamed CSV export;
 7. a real Chromium (benchmarks/browser_side.py): cold start to the first chart,
    filter change to updated chart and table, and the server's peak memory.
No test times anything: this prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import duckdb  # noqa: E402

from foi import (  # noqa: E402
    console,  # noqa: E402
    exports,
    filters,
)
from foi.db import connect  # noqa: E402
from foi.queries import fill, load_sql, run  # noqa: E402

DATASET = "bench"
#: The grouped aggregate, as the same SQL on both sides: rows and money per service
#: and by whether the supplier's name was kept back.
AGGREGATE_SQL = (
    "SELECT area, counterparty_status = 'redacted' AS redacted, count(*) AS n, "
    "sum(amount_gbp) AS total FROM figures GROUP BY 1, 2 ORDER BY 1, 2"
)
#: The filter change a facet page answers: one service, as Datasette's ?Service=Housing.
FACET_FILTER = {"area": ("Housing",), "size": "50", "page": 1}


def timed(action: Callable[[], Any], runs: int) -> list[float]:
    """Seconds for each of `runs` calls of `action`."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def say(text: str) -> None:
    print(text, flush=True)


def sh(cmd: list[str], **kw: Any) -> None:
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, **kw)


# --- 1. data ---------------------------------------------------------------------------------


def payment_file(rows: int) -> Path:
    data = BENCH / ".data" / f"payments-{rows}.csv"
    if not data.exists():
        say(f"writing {rows:,} payment rows to {data.relative_to(ROOT)}")
        data.parent.mkdir(parents=True, exist_ok=True)
        sh([sys.executable, "-m", "foi", "generate", "--rows", str(rows), "--out", str(data)])
    return data


# --- 2. import -------------------------------------------------------------------------------


def measure_import(csv: Path, base: Path, work: Path, runs: int) -> dict[str, list[float]]:
    """foi import into a copy of the built database, against read_csv in a new process."""
    target = work / "import.duckdb"
    plain = work / "plain.duckdb"
    read_file = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[2]); "
        "con.execute('CREATE TABLE t AS SELECT * FROM read_csv($p)', {'p': sys.argv[1]}); "
        "con.close()"
    )
    read_memory = (
        "import duckdb, sys; con = duckdb.connect(); "
        "con.execute('CREATE TABLE t AS SELECT * FROM read_csv($p)', {'p': sys.argv[1]})"
    )

    def duck_file() -> None:
        plain.unlink(missing_ok=True)
        sh([sys.executable, "-c", read_file, str(csv), str(plain)])

    def duck_memory() -> None:
        sh([sys.executable, "-c", read_memory, str(csv)])

    def foi_import() -> None:
        shutil.copy2(base, target)
        sh(
            [sys.executable, "-m", "foi", "import", str(csv)]
            + ["--dataset", DATASET, "--db", str(target)]
        )

    out = {
        "read_csv_file": timed(duck_file, runs),
        "read_csv_memory": timed(duck_memory, runs),
        "foi_import": timed(foi_import, runs),
    }
    return out


# --- 3. pages, server side -------------------------------------------------------------------


def measure_pages(db: Path, runs: int, work: Path) -> dict[str, Any]:
    out = work / "pages.json"
    cmd = [sys.executable, str(BENCH / "page_runs.py"), "--db", str(db), "--dataset", DATASET]
    subprocess.run(
        cmd + ["--runs", str(runs), "--json", str(out)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return json.loads(out.read_text(encoding="utf-8"))


# --- 4 and 5. exports and the same user operations -------------------------------------------


def measure_explorer_ops(db: Path, runs: int, work: Path) -> dict[str, list[float]]:
    """Exports against COPY; the Projects queries and the console aggregate against raw DuckDB."""
    con = connect(db)
    values = {"sort": "amount_desc"}
    order = filters.order_by(values)
    everything = filters.query_params(DATASET, values)
    query = exports.export_query(order)
    bound = exports.unpaged(everything)
    results: dict[str, list[float]] = {}
    for fmt, options in ((f, exports.BY_NAME[f].copy_options) for f in ("csv", "parquet")):
        out = work / f"copy.{fmt}"

        def copy(fmt: str = fmt, options: str = options, out: Path = out) -> None:
            copy_sql = fill(load_sql("export_copy"), options=options, query=query)
            con.cursor().execute(copy_sql, {**bound, "export_path": str(out)}).fetchall()

        def download(fmt: str = fmt) -> None:
            data = exports.export_rows(
                con.cursor(), fmt, everything, order, filters_for_metadata={}, dataset_meta={}
            )
            assert len(data) > 1_000_000

        results[f"copy_{fmt}"] = timed(copy, runs)
        results[f"export_{fmt}"] = timed(download, runs)

    # The facet page's work, straight on DuckDB: the Projects queries after a filter.
    facet_values = {**values, **FACET_FILTER}
    page = filters.page_params(DATASET, facet_values)
    where = filters.query_params(DATASET, facet_values)

    def facet_queries() -> None:  # what pages/projects.py runs after a filter change
        cur = con.cursor()
        run(cur, "figure_rows_facets", {**where, "top": 10, "subjects": False})
        run(cur, "figure_rows", page, order_by=filters.order_by(facet_values))

    results["duckdb_facet_queries"] = timed(facet_queries, runs)
    results["duckdb_aggregate"] = timed(
        lambda: con.cursor().execute(AGGREGATE_SQL).fetchall(), runs
    )
    con.close()

    def console_query() -> None:
        result = console.run_query(db, DATASET, AGGREGATE_SQL, timeout=60)
        assert result.total_rows > 0

    results["console_aggregate"] = timed(console_query, runs)
    return results


# --- 6 and 7. Datasette and the browser ------------------------------------------------------


def measure_datasette(csv: Path, runs: int, work: Path) -> dict[str, Any]:
    import datasette_side

    return datasette_side.measure(csv, runs=runs, work=work / "datasette", log=say)


def measure_browser(db: Path, runs: int, work: Path) -> dict[str, Any]:
    out = work / "browser.json"
    cmd = [sys.executable, str(BENCH / "browser_side.py"), "--db", str(db), "--dataset", DATASET]
    subprocess.run(
        cmd + ["--runs", str(max(runs, 5)), "--cold-runs", str(runs), "--json", str(out)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(out.read_text(encoding="utf-8"))


# --- the table -------------------------------------------------------------------------------


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.machine()}, {cpus} cores{mem}, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}"
    )


def report(rows: int, size_mb: float, r: dict[str, Any]) -> str:
    lines: list[str] = []

    def ms(s: float) -> str:
        return f"{s * 1000:,.0f} ms" if s < 10 else f"{s:,.1f} s"

    def row(op: str, ours: float, other: float | None, target: str, met: bool | None) -> None:
        ratio = f"{ours / other:.2f}x" if other else ""
        mark = "" if met is None else ("met" if met else "NOT met")
        lines.append(
            f"| {op} | {ms(ours)} | {ms(other) if other else ''} | {ratio} | {target} | {mark} |"
        )

    lines.append(f"**{rows:,} payment rows** ({size_mb:.0f} MB CSV) on {machine()}.\n")
    lines.append("| operation | explorer | raw DuckDB | explorer / DuckDB | target | |")
    lines.append("|---|---:|---:|---:|---|---|")
    imp = r["import"]
    ours = median(imp["foi_import"])
    row(
        "import (`foi import` vs `read_csv` into a file)",
        ours,
        median(imp["read_csv_file"]),
        "≤ 1.5x",
        ours <= 1.5 * median(imp["read_csv_file"]),
    )
    row(
        "import (vs `read_csv` into memory)",
        ours,
        median(imp["read_csv_memory"]),
        "",
        None,
    )
    ops = r["ops"]
    for fmt in ("csv", "parquet"):
        ours = median(ops[f"export_{fmt}"])
        copy = median(ops[f"copy_{fmt}"])
        row(f"export all rows, {fmt.upper()} (vs COPY)", ours, copy, "≤ 1.3x", ours <= 1.3 * copy)
    row(
        "Projects page after a new filter (server run, p50) vs its SQL alone on DuckDB",
        r["pages"]["projects: filter change"]["p50_s"],
        median(ops["duckdb_facet_queries"]),
        "",
        None,
    )
    row(
        "grouped aggregate in the SQL console (vs the same SQL)",
        median(ops["console_aggregate"]),
        median(ops["duckdb_aggregate"]),
        "",
        None,
    )
    lines.append("")
    lines.append("| page run on the server | p50 | p95 | target (p50) | |")
    lines.append("|---|---:|---:|---|---|")
    for name, p in r["pages"].items():
        judged = name.endswith("filter change")
        verdict = ("met" if p["p50_s"] <= 0.150 else "NOT met") if judged else ""
        lines.append(
            f"| {name} | {ms(p['p50_s'])} | {ms(p['p95_s'])} | "
            f"{'≤ 150 ms' if judged else ''} | {verdict} |"
        )
    if "browser" in r:
        b = r["browser"]
        lines.append("")
        lines.append("| in Chromium | median | p95 | target | |")
        lines.append("|---|---:|---:|---|---|")
        for name, target in (
            ("cold_start", 2.5),
            ("server_ready", None),
            ("first_chart_after_ready", None),
            ("filter_change_projects", 1.0),
            ("filter_change_stopped", 1.0),
        ):
            if name in b:
                m = b[name]["median_s"]
                lines.append(
                    f"| {name.replace('_', ' ')} | {ms(m)} | {ms(b[name]['p95_s'])} | "
                    + (
                        f"≤ {target} s | {'met' if m <= target else 'NOT met'} |"
                        if target
                        else "| |"
                    )
                )
        peak = b["server_peak_rss_mb"]["peak_mb"]
        limit = 1024
        lines.append(
            f"| server peak memory (RSS) | {peak:,.0f} MB | | ≤ 1 GB at 5M rows | "
            f"{'met' if peak <= limit else 'NOT met'} |"
        )
    if "datasette" in r:
        d = r["datasette"]
        v = d.get("versions", {})
        lines.append("")
        lines.append(
            f"| same operation vs Datasette {v.get('datasette', '')} "
            f"(sqlite-utils {v.get('sqlite-utils', '')}) | explorer | Datasette | "
            "Datasette / explorer | target | |"
        )
        lines.append("|---|---:|---:|---:|---|---|")
        pairs = (
            ("import", median(imp["foi_import"]), "import", 10),
            (
                "facet page after a filter: one service (server side)",
                r["pages"]["projects, area (as Datasette's ?Service=)"]["p50_s"],
                "facet_page",
                10,
            ),
            (
                "facet page after a filter: any Projects filter (server side)",
                r["pages"]["projects: filter change"]["p50_s"],
                "facet_page",
                10,
            ),
            ("grouped aggregate", median(ops["console_aggregate"]), "grouped_aggregate", 1),
            ("full CSV export", median(ops["export_csv"]), "csv_export", 10),
        )
        for label, ours, key, want in pairs:
            theirs = d[key]["median_s"]
            speedup = theirs / ours
            lines.append(
                f"| {label} | {ms(ours)} | {ms(theirs)} | {speedup:,.1f}x faster | "
                f"≥ {want}x | {'met' if speedup >= want else 'NOT met'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-datasette", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--work", type=Path, help="keep the databases here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="foi-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    csv = payment_file(args.rows)
    base = work / "base.duckdb"
    base.unlink(missing_ok=True)
    sh([sys.executable, "-m", "foi", "build", "--db", str(base)])
    results: dict[str, Any] = {}
    say(f"import x{args.runs}")
    results["import"] = measure_import(csv, base, work, args.runs)
    db = work / "import.duckdb"  # holds the shipped dataset and the payments
    say(f"pages x{args.runs}")
    results["pages"] = measure_pages(db, args.runs, work)
    say(f"exports and queries x{args.runs}")
    results["ops"] = measure_explorer_ops(db, args.runs, work)
    if not args.skip_browser:
        say("browser")
        results["browser"] = measure_browser(db, args.runs, work)
    if not args.skip_datasette:
        say("datasette")
        results["datasette"] = measure_datasette(csv, args.runs, work)
    print()
    print(report(args.rows, csv.stat().st_size / 1e6, results))
    print(f"\n(whole run {time.perf_counter() - started:,.0f} s; work files in {work})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

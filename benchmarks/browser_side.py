"""What a reader waits for in a real browser: cold start, filter changes, and server memory.

Usage: .venv/bin/python benchmarks/browser_side.py --db FILE --dataset NAME [--runs 5]
       [--cold-runs 3] [--screenshots DIR] [--json FILE]

`benchmarks/page_runs.py` times the server's script runs alone. This is the other
half: the app served as `make run` serves it (`python -m foi serve`) and driven by a real Chromium (Playwright),
timing what a reader sees, so the websocket, the serialisation of tables and
figures, React and Plotly drawing are all counted too. Measured:

- cold_start: launching the server process to the Overview's first Plotly chart drawn
  in a fresh browser context (no HTTP cache, no session), split into server_ready
  (launch to `/_stcore/health` answering "ok": Python imports and start-up) and
  first_chart_after_ready (the page's JS, the first script run with empty caches,
  the chart drawn). A new server every run (`cold_runs`).
- filter_change_projects: on /projects, a new term in the search box, from the Enter
  key to the "N rows match" caption showing the new filter with the script idle (and,
  if the page has a chart, the chart redrawn), then the next paint. Every term is new
  to that server, so no `st.cache_data` hit: the DuckDB count and page queries run.
- filter_change_stopped: on /stopped, a click on the "Split projects by" control
  (cycling Named / unnamed, Organisation, Status only), from the click to the
  project-count chart drawn with new data and the script idle, then the next paint.
- server_peak_rss_mb: the peak resident memory of the server's process group (VmRSS
  from /proc, every 50 ms) while the two filter-change series run on one server.

Both filter-change clocks are read in the browser (`performance.now()` at the key
press or click, and when the page has settled, checked every animation frame), so
Playwright's round trips are not counted. One unmeasured change comes first on each
page (its time is reported as warmup_s). To show where the time goes, each entry also
holds the median moments seen on the way (phases_median_s: script running, caption
changed, chart redrawn, idle, painted; for the cold start, from the browser's
navigation and resource timings: JS loaded, first element, Plotly's chunk, chart).

The app rebuilds its database on start when `queries/schema.sql` or `data/` is newer
than the file; that would be timed as a cold start, so such a database gets one
unmeasured start first (and runs_with_db_rebuild flags any rebuild seen while timing).
No test times anything: this prints figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 2400}

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
TABLE = '[data-testid="stDataFrame"]'
SEARCH_LABEL = "Search names, claims, suppliers, sources"
SPLIT_OPTIONS = ["Named / unnamed", "Organisation", "Status only"]

#: Search terms, each used once per server (all occur in generated payment files).
TERMS = [
    "Crown",
    "Allied",
    "Trust",
    "Ltd",
    "Services",
    "Oak",
    "Summit",
    "Premier",
    "Greenway",
    "Apex",
    "Harbour",
    "Meridian",
    "Civic",
    "Contractors",
    "Group",
    "LLP",
    "Care",
    "City",
]
WARMUP_TERM = "North"

STARTUP_TIMEOUT_S = 120
WAIT_MS = 120_000
#: After the caption has changed and the script is idle, how long a chart may take to redraw
#: before we accept that it legitimately did not change.
CHART_GRACE_MS = 1_500
RSS_INTERVAL_S = 0.05

Log = Callable[[str], None]

#: Installed in the page: arms a measurement, stamps the start on the next Enter key or
#: click, and decides (polled every animation frame) when the page has settled.
BENCH_JS = r"""
() => {
  if (window.__bench) return;
  const IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]';
  const CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot';
  const caption = () => {
    for (const s of document.querySelectorAll('[data-testid="stMarkdownContainer"] p > strong')) {
      if (/^[\d,]+ rows?$/.test(s.textContent.trim()) && s.parentElement.textContent.includes(' match')) {
        return s.parentElement.textContent;
      }
    }
    return null;
  };
  const sig = (el) => {
    try { return JSON.stringify([el.data, el.layout && el.layout.title]); } catch (e) { return String(Math.random()); }
  };
  const charts = () => Array.from(document.querySelectorAll(CHART));
  const drawn = (el) => !!(el._fullLayout && el.querySelector('.main-svg') && el.getBoundingClientRect().height > 0);
  const b = {
    armed: false, t0: null, tSettled: null, tChart: null, tRunning: null, tCaption: null,
    painted: {},
    caption,
    arm(wantCaption) {
      this.armed = true; this.t0 = null; this.tSettled = null; this.tChart = null;
      this.tRunning = null; this.tCaption = null; this.wantCaption = wantCaption;
      this.painted = {};
      this.caption0 = caption();
      this.base = new Map(charts().map((el) => [el, {ref: el.data, sig: sig(el)}]));
      this.hadChart = this.base.size > 0;
    },
    mark(name, now) {  // stamp a moment, and the paint two frames after it
      this[name] = now;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (this[name] === now) this.painted[name] = performance.now();
      }));
    },
    chartChanged() {
      for (const el of charts()) {
        if (!drawn(el)) continue;
        const old = this.base.get(el);
        if (!old) return true;  // a chart element that was not there before
        if (el.data !== old.ref) {
          if (sig(el) !== old.sig) return true;
          old.ref = el.data;  // redrawn with the same data: keep waiting
        }
      }
      return false;
    },
    check(graceMs) {
      if (this.t0 === null) return false;
      const now = performance.now();
      const idle = !!document.querySelector(IDLE);
      if (!idle && this.tRunning === null) this.tRunning = now;
      const text = caption();
      if (this.tCaption === null && text !== null && text !== this.caption0) this.tCaption = now;
      if (this.tChart === null && this.hadChart && this.chartChanged()) this.mark('tChart', now);
      if (this.tSettled === null) {
        const captionDone = !this.wantCaption || this.tCaption !== null;
        const chartDone = this.wantCaption || this.tChart !== null;
        if (idle && captionDone && chartDone) this.mark('tSettled', now);
        else return false;
      }
      if (!idle) { this.tSettled = null; return false; }  // a second run started: wait for it
      if (!this.hadChart || this.tChart !== null) return true;
      return now - this.tSettled > graceMs;  // the chart legitimately did not change
    },
  };
  const stamp = () => { if (b.armed && b.t0 === null) b.t0 = performance.now(); };
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') stamp(); }, true);
  window.addEventListener('click', stamp, true);
  window.__bench = b;
}
"""

#: When the settled page (and the redrawn chart, if any) was painted: the later of the paint
#: stamps, waiting a few frames for them if need be.
PAINTED_JS = """
async () => {
  const b = window.__bench;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const want = b.tChart === null ? ['tSettled'] : ['tSettled', 'tChart'];
  for (let i = 0; i < 30 && !want.every((k) => k in b.painted); i++) await frame();
  const painted = Math.max(...want.map((k) => b.painted[k] ?? performance.now()));
  return {t0: b.t0, settled: b.tSettled, chart: b.tChart, painted,
          running: b.tRunning, captionChanged: b.tCaption, caption: b.caption()};
}
"""


# --- figures ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank, of at least one value."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def series(what: str, samples: list[float], **extra: Any) -> dict[str, Any]:
    """A measurement: its samples in seconds, their median and p95, and what was timed."""
    return {
        "what": what,
        "median_s": statistics.median(samples) if samples else None,
        "p95_s": percentile(samples, 95) if samples else None,
        "samples": [round(s, 4) for s in samples],
        **extra,
    }


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The app as `make run` serves it (`python -m foi serve`), in its own process group."""

    def __init__(self, db: Path, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log_path
        self._log = log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "foi",
                "serve",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",  # as in tests/browser: edits to the tree must not touch the server
            ],
            cwd=ROOT,
            env={**os.environ, "FOI_DB": str(db), "PYTHONUNBUFFERED": "1"},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with {self.proc.returncode}; log:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after {STARTUP_TIMEOUT_S} s")
            time.sleep(0.02)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the whole process group, then kill it if it lingers."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._log.close()


@contextmanager
def serve(db: Path, log_path: Path) -> Iterator[Server]:
    server = Server(db, log_path)
    try:
        yield server
    finally:
        server.stop()


class RssSampler:
    """Peak summed VmRSS of a process group, read from /proc every `interval` seconds."""

    def __init__(self, pgid: int, interval: float = RSS_INTERVAL_S) -> None:
        self.pgid = pgid
        self.interval = interval
        self.peak_kb = 0
        self.samples = 0
        self._members: list[int] = [pgid]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _scan(self) -> list[int]:
        members = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.pgid:  # state, ppid, pgrp
                members.append(int(entry.name))
        return members or [self.pgid]

    def rss_kb(self) -> int:
        total = 0
        for pid in self._members:
            try:
                with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                continue
        return total

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            if n % 10 == 0:  # membership every 0.5 s; memory every tick
                self._members = self._scan()
            self.peak_kb = max(self.peak_kb, self.rss_kb())
            self.samples += 1
            n += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --- the browser -----------------------------------------------------------------------------


def launch(playwright: Any) -> Browser:
    exe = os.environ.get("FOI_CHROMIUM", CHROMIUM)
    return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)


def wait_idle(page: Page) -> None:
    """The script has finished and has not started again (a canonicalising rerun)."""
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)


def check_no_exception(page: Page) -> None:
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(f"{page.url}: exception on the page: {errors.first.inner_text()[:800]}")


def open_settled(page: Page, url: str) -> None:
    page.goto(url, timeout=WAIT_MS)
    wait_idle(page)
    check_no_exception(page)
    page.evaluate(BENCH_JS)


def timed_change(page: Page, act: Callable[[], None], *, want_caption: bool) -> dict[str, Any]:
    """Arm, act (a key press or click), wait for the page to settle; browser-clock seconds."""
    page.evaluate("(w) => window.__bench.arm(w)", want_caption)
    act()
    page.wait_for_function(
        "(g) => window.__bench.check(g)", arg=CHART_GRACE_MS, polling="raf", timeout=WAIT_MS
    )
    r = page.evaluate(PAINTED_JS)
    check_no_exception(page)
    stamps = {
        "script_running": r["running"],
        "caption_changed": r["captionChanged"],
        "chart_redrawn": r["chart"],
        "idle": r["settled"],
        "painted": r["painted"],
    }
    return {
        "seconds": (r["painted"] - r["t0"]) / 1000,
        "phases": {k: (v - r["t0"]) / 1000 for k, v in stamps.items() if v is not None},
        "chart_redrawn": r["chart"] is not None,
        "caption": r["caption"],
    }


def moments(r: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in r["phases"].items())


def phase_medians(results: list[dict[str, Any]]) -> dict[str, float]:
    """Median seconds from the action to each moment seen (first seen, polled every frame)."""
    names = dict.fromkeys(k for r in results for k in r["phases"])
    return {
        k: round(statistics.median(r["phases"][k] for r in results if k in r["phases"]), 3)
        for k in names
    }


#: Added to a cold-start page before it loads: stamps (ms after navigation start) when the
#: app's script first ran and when the first chart element arrived.
COLD_JS = """
(() => {
  const c = (window.__cold = {});
  const obs = new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    const t = performance.now();
    if (c.running === undefined && app.getAttribute('data-test-script-state') === 'running') {
      c.running = t;
    }
    if (c.firstElement === undefined && document.querySelector('[data-testid="stMain"] h1')) {
      c.firstElement = t;
    }
    if (c.chartElement === undefined && document.querySelector('[data-testid="stPlotlyChart"]')) {
      c.chartElement = t;
    }
    if (c.running !== undefined && c.chartElement !== undefined) obs.disconnect();
  });
  obs.observe(document, {subtree: true, childList: true, attributes: true,
                         attributeFilter: ['data-test-script-state']});
})();
"""

#: Where the cold page's time went, in ms after navigation start; and the JS it downloaded.
COLD_PHASES_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const js = performance.getEntriesByType('resource').filter((r) => /\\.m?js(\\?|$)/.test(r.name));
  const c = window.__cold;
  const biggest = js.reduce((a, r) => (!a || r.decodedBodySize > a.decodedBodySize ? r : a), null);
  return {
    html: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd, script_running: c.running ?? null,
    first_element: c.firstElement ?? null, chart_element: c.chartElement ?? null,
    chart_drawn: c.drawn,
    biggest_js_requested: biggest ? biggest.startTime : null,
    biggest_js_loaded: biggest ? biggest.responseEnd : null,
    biggest_js_kb: biggest ? biggest.decodedBodySize / 1024 : null,
    js_files: js.length, js_kb: js.reduce((a, r) => a + (r.decodedBodySize || 0), 0) / 1024,
    last_js_loaded: Math.max(0, ...js.map((r) => r.responseEnd)),
  };
}
"""


def first_chart_drawn(page: Page) -> None:
    """The first Plotly chart is attached, drawn, visible, and the script is idle."""
    page.wait_for_function(
        """([chart, idle]) => {
            const el = document.querySelector(chart);
            const ok = !!(el && el._fullLayout && el.querySelector('.main-svg')
                          && el.getBoundingClientRect().height > 0
                          && document.querySelector(idle));
            if (ok && window.__cold) window.__cold.drawn = performance.now();
            return ok;
        }""",
        arg=[CHART, IDLE],
        polling="raf",
        timeout=WAIT_MS,
    )


def app_would_rebuild(db: Path) -> bool:
    """The app rebuilds its database on start when schema.sql or data/ is newer than it."""
    sys.path.insert(0, str(ROOT))
    try:
        from foi.build import needs_build
        from foi.config import DATA_DIR
    except ImportError:
        return False
    finally:
        sys.path.remove(str(ROOT))
    return needs_build(DATA_DIR, db)


# --- the measurements ------------------------------------------------------------------------


def cold_start(browser: Browser, db: Path, dataset: str, runs: int, work: Path, log: Log) -> dict:
    total, ready, chart = [], [], []
    phases: list[dict[str, float]] = []
    rebuilt: list[int] = []
    for i in range(runs):
        ctx = browser.new_context(viewport=VIEWPORT)
        try:
            page = ctx.new_page()
            page.add_init_script(COLD_JS)
            mtime = db.stat().st_mtime
            start = time.perf_counter()
            with serve(db, work / f"server-cold-{i}.log") as server:
                server.wait_healthy()
                t_ready = time.perf_counter()
                page.goto(f"{server.url}?dataset={dataset}", timeout=WAIT_MS, wait_until="commit")
                first_chart_drawn(page)
                t_chart = time.perf_counter()
                check_no_exception(page)
                phases.append(page.evaluate(COLD_PHASES_JS))
            if db.stat().st_mtime != mtime:
                rebuilt.append(i)
                log(f"  ! run {i + 1}: the app rebuilt {db.name} (schema.sql or data/ is newer)")
        finally:
            ctx.close()
        total.append(t_chart - start)
        ready.append(t_ready - start)
        chart.append(t_chart - t_ready)
        log(
            f"  cold start {i + 1}/{runs}: {total[-1]:.2f} s "
            f"(server ready {ready[-1]:.2f} s + first chart {chart[-1]:.2f} s)"
        )
        log("    page phases (s after navigation start): " + phase_line(phases[-1]))
    timings = [k for k in phases[0] if not k.startswith("js_") and not k.endswith("_kb")]
    return {
        "cold_start": series(
            "server process launched -> Overview's first Plotly chart drawn, script idle "
            "(new server, new browser context each run)",
            total,
            page_phases_median_s={
                k: round(statistics.median(p[k] for p in phases if p[k] is not None) / 1000, 3)
                for k in timings
                if any(p[k] is not None for p in phases)
            },
            js_files=phases[0]["js_files"],
            js_mb=round(phases[0]["js_kb"] / 1024, 2),
            runs_with_db_rebuild=rebuilt,
        ),
        "server_ready": series("server process launched -> /_stcore/health says ok", ready),
        "first_chart_after_ready": series(
            "health ok -> page loaded, first script run, first chart drawn and idle", chart
        ),
    }


def phase_line(p: dict[str, Any]) -> str:
    names = [
        "html",
        "dom_content_loaded",
        "load",
        "script_running",
        "first_element",
        "biggest_js_requested",
        "biggest_js_loaded",
        "last_js_loaded",
        "chart_element",
        "chart_drawn",
    ]
    text = ", ".join(f"{n} {p[n] / 1000:.2f}" for n in names if p.get(n) is not None)
    return text + (
        f"; {p['js_files']} JS files, {p['js_kb'] / 1024:.1f} MB, "
        f"biggest {p['biggest_js_kb'] / 1024:.1f} MB"
    )


def projects_changes(
    page: Page, base_url: str, dataset: str, runs: int, log: Log, shot: Path | None
) -> dict:
    open_settled(page, f"{base_url}projects?dataset={dataset}")
    page.wait_for_selector(TABLE, state="attached", timeout=WAIT_MS)
    box = page.get_by_label(SEARCH_LABEL)
    terms = TERMS[:runs] + [f"{n:03d}" for n in range(max(0, runs - len(TERMS)))]

    def search(term: str) -> dict[str, Any]:
        box.fill(term)
        return timed_change(page, lambda: box.press("Enter"), want_caption=True)

    warm = search(WARMUP_TERM)
    log(f"  projects warm-up {WARMUP_TERM!r}: {warm['seconds']:.3f} s")
    samples, redrawn, seen = [], 0, []
    for term in terms:
        r = search(term)
        if f"“{term}”" not in (r["caption"] or ""):
            raise RuntimeError(f"caption does not show the search {term!r}: {r['caption']!r}")
        samples.append(r["seconds"])
        seen.append(r)
        redrawn += r["chart_redrawn"]
        log(f"  projects search {term!r}: {r['seconds']:.3f} s ({moments(r)})")
    if shot:
        page.screenshot(path=str(shot / "projects-after-search.png"), full_page=True)
    has_chart = page.locator(CHART).count() > 0
    return series(
        "/projects: new search term + Enter -> 'N rows match' caption shows it, script idle"
        + (", chart redrawn" if has_chart else " (no chart on the page)")
        + ", next paint; every term new to the server",
        samples,
        phases_median_s=phase_medians(seen),
        warmup_s=round(warm["seconds"], 4),
        terms=terms,
        chart_on_page=has_chart,
        chart_redrawn=redrawn,
    )


def stopped_changes(
    page: Page, base_url: str, dataset: str, runs: int, log: Log, shot: Path | None
) -> dict:
    open_settled(page, f"{base_url}stopped?dataset={dataset}")
    page.wait_for_selector(CHART, timeout=WAIT_MS)
    group = page.locator('[data-testid="stButtonGroup"]').filter(has_text=SPLIT_OPTIONS[1])

    def click(label: str) -> dict[str, Any]:
        button = group.locator("button").filter(has_text=label)
        return timed_change(page, lambda: button.click(), want_caption=False)

    # The page opens on "Status only"; the warm-up moves off it, then the cycle goes on.
    warm = click(SPLIT_OPTIONS[0])
    log(f"  stopped warm-up {SPLIT_OPTIONS[0]!r}: {warm['seconds']:.3f} s")
    samples, labels, redrawn, seen = [], [], 0, []
    for i in range(runs):
        label = SPLIT_OPTIONS[(i + 1) % len(SPLIT_OPTIONS)]
        r = click(label)
        samples.append(r["seconds"])
        seen.append(r)
        labels.append(label)
        redrawn += r["chart_redrawn"]
        log(f"  stopped split {label!r}: {r['seconds']:.3f} s ({moments(r)})")
    if shot:
        page.screenshot(path=str(shot / "stopped-after-split.png"), full_page=True)
    return series(
        "/stopped: click on 'Split projects by' (cycling its options) -> project-count chart "
        "drawn with new data, script idle, next paint (the query is cached after the first "
        "run: this is the rerun, the figure's pandas/Plotly work, transfer and drawing)",
        samples,
        phases_median_s=phase_medians(seen),
        warmup_s=round(warm["seconds"], 4),
        clicks=labels,
        chart_redrawn=redrawn,
    )


def measure(
    db: Path,
    dataset: str,
    runs: int = 5,
    log: Log = print,
    *,
    cold_runs: int = 3,
    screenshot_dir: Path | None = None,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """Time the app in Chromium over database `db`, dataset `dataset`; see the module doc.

    Returns {name: {"what", "median_s", "p95_s", "samples", ...}} for cold_start,
    server_ready, first_chart_after_ready, filter_change_projects and
    filter_change_stopped, and {"what", "peak_mb", "ready_mb", ...} for
    server_peak_rss_mb. Server logs go to `work_dir` (default: a temporary directory).
    """
    db = Path(db).resolve()
    if not db.is_file():
        raise FileNotFoundError(db)
    if work_dir is None:
        work_dir = Path(tempfile.mkdtemp(prefix="foi-browser-bench-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    if screenshot_dir:
        screenshot_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    load_before = os.getloadavg()
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            if app_would_rebuild(db):
                log(f"{db.name} is older than schema.sql or data/: one unmeasured start to rebuild")
                cold_start(browser, db, dataset, 1, work_dir, lambda _: None)
            log(f"cold start x{cold_runs}")
            results.update(cold_start(browser, db, dataset, cold_runs, work_dir, log))

            log(f"filter changes x{runs} on one server")
            with serve(db, work_dir / "server-filters.log") as server:
                server.wait_healthy()
                with RssSampler(server.proc.pid) as rss:
                    ready_kb = rss.rss_kb()
                    ctx = browser.new_context(viewport=VIEWPORT)
                    try:
                        page = ctx.new_page()
                        page.set_default_timeout(WAIT_MS)
                        open_settled(page, f"{server.url}?dataset={dataset}")
                        results["filter_change_projects"] = projects_changes(
                            page, server.url, dataset, runs, log, screenshot_dir
                        )
                        results["filter_change_stopped"] = stopped_changes(
                            page, server.url, dataset, runs, log, screenshot_dir
                        )
                    finally:
                        ctx.close()
                results["server_peak_rss_mb"] = {
                    "what": "peak VmRSS of the server's process group, sampled every "
                    f"{int(RSS_INTERVAL_S * 1000)} ms, over Overview + both filter series",
                    "peak_mb": round(rss.peak_kb / 1024, 1),
                    "ready_mb": round(ready_kb / 1024, 1),
                    "n_samples": rss.samples,
                }
        finally:
            browser.close()
    results["machine"] = {
        "what": "other load on the machine skews every figure: load averages (1 min) and cores",
        "cpus": os.cpu_count(),
        "load_before": round(load_before[0], 2),
        "load_after": round(os.getloadavg()[0], 2),
        "db_mb": round(db.stat().st_size / 2**20, 1),
    }
    return results


# --- command line ----------------------------------------------------------------------------


def table(results: dict[str, Any]) -> str:
    rows = [("measurement", "median", "p95", "samples")]
    for name, r in results.items():
        if "median_s" in r:
            rows.append(
                (
                    name,
                    f"{r['median_s']:.3f} s",
                    f"{r['p95_s']:.3f} s",
                    " ".join(f"{s:.3f}" for s in r["samples"]),
                )
            )
        elif "peak_mb" in r:
            rows.append((name, f"{r['peak_mb']:.0f} MB", "", f"(at ready {r['ready_mb']:.0f} MB)"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i in (0, 3) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a built database file")
    parser.add_argument("--dataset", required=True, help="the dataset to open (?dataset=)")
    parser.add_argument("--runs", type=int, default=5, help="filter changes per page")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts (a server each)")
    parser.add_argument("--screenshots", type=Path, help="save the pages after the last change")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = measure(
        args.db, args.dataset, args.runs, cold_runs=args.cold_runs, screenshot_dir=args.screenshots
    )
    print()
    print(table(results))
    m = results["machine"]
    print(
        f"({m['cpus']} CPUs, load {m['load_before']} before, {m['load_after']} after; "
        f"database {m['db_mb']} MB)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

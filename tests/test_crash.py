"""A build or import killed with SIGKILL part-way leaves the previous database as it was.

The shipped data/ is built into a database; its sha256 and `python -m foi summary --json`
are recorded. Then `python -m foi build` (from a copy of data/ with thousands of extra valid
figures, so the write takes seconds) and `python -m foi import` (a 300,000-row payment file
from `python -m foi generate`) are started as subprocesses and killed with SIGKILL after a
range of delays, and also at moments chosen once the temporary database has appeared, so
kills land before, during and (rarely) after the write. After every kill the database must
open and give the same summary (147 live projects, 20 stopped worth £24m, ...), and be
byte-identical unless the command had already finished, in which case its new content must
be complete. Temporary files left by a killed run (".foi.duckdb.*") may stay, but the next
build and import must still succeed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

pytestmark = (
    pytest.mark.slow
)  # kills builds and imports part-way, dozens of times: `make test` only

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXTRA_FIGURES = 4_000
PAYMENT_ROWS = 300_000
DELAYS = (0.05, 0.2, 0.5, 1.0, 1.5, 2.5)
AFTER_TEMP_APPEARS = (0.0, 0.3, 1.0)


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FOI_DB"}
    return subprocess.run(
        [sys.executable, "-m", "foi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summary(live_db: Path) -> dict:
    done = cli("summary", "--json", "--db", str(live_db))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def opens(live_db: Path, dataset: str | None = None) -> int:
    """The database opens read-only; returns its figure count (for one dataset if given)."""
    con = duckdb.connect(str(live_db), read_only=True)
    try:
        if dataset is None:
            return con.execute("SELECT count(*) FROM figures").fetchone()[0]
        return con.execute("SELECT count(*) FROM figures WHERE dataset = $1", [dataset]).fetchone()[
            0
        ]
    finally:
        con.close()


def temp_files(live_db: Path) -> list[str]:
    return sorted(p.name for p in live_db.parent.iterdir() if p.name.startswith(f".{live_db.name}"))


@dataclass
class Killed:
    delay: str
    finished_first: bool
    returncode: int | None
    mid_write: bool  # a temporary database existed when the kill was sent
    stderr: str


def run_and_kill(args: list[str], live_db: Path, delay: float, *, after_temp: bool) -> Killed:
    """Start `python -m foi ARGS`, SIGKILL it after `delay` (counted from the temp file if asked)."""
    env = {k: v for k, v in os.environ.items() if k != "FOI_DB"}
    before = set(temp_files(live_db))
    proc = subprocess.Popen(
        [sys.executable, "-m", "foi", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        start = time.monotonic()
        if after_temp:
            while proc.poll() is None and not set(temp_files(live_db)) - before:
                if time.monotonic() - start > 120:
                    break
                time.sleep(0.002)
            start = time.monotonic()
        while proc.poll() is None and time.monotonic() - start < delay:
            time.sleep(0.002)
        finished = proc.poll() is not None
        mid_write = bool(set(temp_files(live_db)) - before)
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    label = f"{'temp+' if after_temp else ''}{delay}s"
    return Killed(label, finished, proc.returncode, mid_write and not finished, err or "")


# --- fixtures -------------------------------------------------------------------------------


@dataclass
class Baseline:
    db: Path
    sha: str
    summary: dict


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """data/ built with the CLI; the headline the rest of the module must keep seeing."""
    live_db = tmp_path_factory.mktemp("crash-baseline") / "foi.duckdb"
    done = cli("build", "--db", str(live_db))
    assert done.returncode == 0, done.stderr
    found = summary(live_db)
    assert found["live_projects"] == 147, found
    groups = {g["status"]: g for g in found["groups"]}
    assert (groups["stopped"]["projects"], groups["stopped"]["total_gbp"]) == (20, 24_000_000)
    assert (groups["corrective_action"]["projects"], groups["corrective_action"]["total_gbp"]) == (
        17,
        83_000_000,
    )
    return Baseline(live_db, sha256(live_db), found)


@pytest.fixture(scope="module")
def slow_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ with thousands of extra valid figures, so the build's write is slow."""
    target = tmp_path_factory.mktemp("crash-data") / "data"
    shutil.copytree(DATA, target)
    with (target / "figures.csv").open("a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for i in range(EXTRA_FIGURES):
            writer.writerow(
                [
                    f"X-{i}",
                    "project",
                    "live-unnamed-001",
                    "unspecified",
                    "withheld",
                    "exact",
                    *[""] * 9,
                    "FOIA 2000",
                    "43",
                    "inferred",
                    "commercial confidentiality",
                    "",
                    "",
                    "REG-2016-03-24",
                    f"extra row {i} for the crash test",
                    "An extra withheld figure, added to make the build slow.",
                ]
            )
    return target


@pytest.fixture(scope="module")
def payments_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash-payments") / "payments-300k.csv"
    done = cli("generate", "--rows", str(PAYMENT_ROWS), "--out", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def live_db(baseline: Baseline, tmp_path: Path) -> Path:
    folder = tmp_path / "live"
    folder.mkdir()
    target = folder / "foi.duckdb"
    shutil.copy2(baseline.db, target)
    return target


# --- the tests ------------------------------------------------------------------------------


def _plans() -> list[tuple[float, bool]]:
    return [(d, False) for d in DELAYS] + [(d, True) for d in AFTER_TEMP_APPEARS]


def test_a_killed_build_leaves_the_previous_database(
    live_db: Path, baseline: Baseline, slow_data: Path
) -> None:
    results: list[Killed] = []
    for delay, after_temp in _plans():
        sha_before = sha256(live_db)
        killed = run_and_kill(
            ["build", "--data", str(slow_data), "--db", str(live_db)],
            live_db,
            delay,
            after_temp=after_temp,
        )
        results.append(killed)
        where = f"build killed at {killed.delay}"
        assert opens(live_db) > 0, where
        if killed.finished_first:
            assert killed.returncode == 0, f"{where}: exited {killed.returncode}: {killed.stderr}"
            assert opens(live_db, "met-project-cull") == 51 + EXTRA_FIGURES, (
                f"{where}: the new build is incomplete"
            )
            summary(live_db)  # the new content reads
            done = cli("build", "--db", str(live_db))  # back to the shipped data
            assert done.returncode == 0, done.stderr
        else:
            assert killed.returncode == -signal.SIGKILL, where
            assert sha256(live_db) == sha_before, f"{where}: the database changed"
        assert summary(live_db) == baseline.summary, f"{where}: the figures changed"
    assert any(r.mid_write for r in results), [r.delay for r in results]
    # Whatever the killed runs left behind, the next build succeeds and changes nothing.
    done = cli("build", "--db", str(live_db))
    assert done.returncode == 0, f"build after the kills failed: {done.stderr}"
    assert summary(live_db) == baseline.summary
    done = cli("build", "--data", str(slow_data), "--db", str(live_db))
    assert done.returncode == 0, f"slow build after the kills failed: {done.stderr}"
    assert opens(live_db, "met-project-cull") == 51 + EXTRA_FIGURES


def test_a_killed_import_leaves_the_previous_database(
    live_db: Path, baseline: Baseline, payments_csv: Path
) -> None:
    results: list[Killed] = []
    args = ["import", str(payments_csv), "--dataset", "big", "--replace", "--db", str(live_db)]
    for delay, after_temp in _plans():
        sha_before = sha256(live_db)
        had_big = opens(live_db, "big")
        killed = run_and_kill(args, live_db, delay, after_temp=after_temp)
        results.append(killed)
        where = f"import killed at {killed.delay}"
        assert opens(live_db) > 0, where
        if killed.finished_first:
            assert killed.returncode == 0, f"{where}: exited {killed.returncode}: {killed.stderr}"
            assert opens(live_db, "big") == PAYMENT_ROWS, f"{where}: the import is incomplete"
        else:
            assert killed.returncode == -signal.SIGKILL, where
            assert sha256(live_db) == sha_before, f"{where}: the database changed"
            assert opens(live_db, "big") == had_big, where
        assert summary(live_db) == baseline.summary, f"{where}: the shipped figures changed"
    assert any(r.mid_write for r in results), [r.delay for r in results]
    assert temp_files(live_db) or all(not r.mid_write for r in results)
    # With the killed runs' temporary files still beside it, import and build both succeed.
    done = cli(*args, "--json")
    assert done.returncode == 0, f"import after the kills failed: {done.stderr}"
    assert opens(live_db, "big") == PAYMENT_ROWS
    done = cli("build", "--db", str(live_db))
    assert done.returncode == 0, f"build after the kills failed: {done.stderr}"
    assert summary(live_db) == baseline.summary
    assert opens(live_db, "big") == PAYMENT_ROWS  # the build carries the imported dataset over


def test_the_report_of_a_complete_import_does_not_claim_a_partial_read(
    live_db: Path, payments_csv: Path
) -> None:
    done = cli("import", str(payments_csv), "--dataset", "big", "--db", str(live_db), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows_loaded"] == PAYMENT_ROWS
    (file,) = report["files"]
    assert file["rows"] == PAYMENT_ROWS
    partial = [w for w in file["warnings"] if "read only the first" in w]
    assert not partial, f"all {PAYMENT_ROWS:,} rows were loaded, yet the report says {partial}"

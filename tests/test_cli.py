"""`python -m foi summary`, run as a user runs it, from the repository root."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import DATASET, ROOT


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foi", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_summary_json(built_db: Path) -> None:
    proc = _cli("summary", "--dataset", DATASET, "--db", str(built_db), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["live_projects"] == 147
    groups = {g["status"]: g for g in data["groups"]}
    stopped, corrective = groups["stopped"], groups["corrective_action"]
    assert (stopped["projects"], stopped["total_gbp"], stopped["named"]) == (20, 24_000_000, 3)
    assert (stopped["itemised_gbp"], stopped["gap_gbp"]) == (0, 24_000_000)
    assert (corrective["projects"], corrective["total_gbp"], corrective["named"]) == (
        17,
        83_000_000,
        4,
    )
    assert (corrective["unnamed"], corrective["itemised_gbp"], corrective["gap_gbp"]) == (
        13,
        0,
        83_000_000,
    )
    inference = corrective["inference"]
    assert (inference["itemised_gbp"], inference["gap_gbp"]) == (65_000_000, 18_000_000)
    assert inference["unitemised_projects"] == 16
    assert inference["source_ids"] == ["ES-2016-03-16", "PP-112996"]
    assert sorted(d["aspect"] for d in data["discrepancies"]) == [
        "amount",
        "count",
        "meaning",
        "supplier",
    ]


def test_summary_json_keeps_pound_signs_readable(built_db: Path) -> None:
    proc = _cli("summary", "--db", str(built_db), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "£90m" in proc.stdout  # not \u00a390m
    assert json.loads(proc.stdout)["dataset"] == DATASET  # the default dataset


def test_summary_text(built_db: Path) -> None:
    proc = _cli("summary", "--dataset", DATASET, "--db", str(built_db))
    assert proc.returncode == 0, proc.stderr
    assert "£24m" in proc.stdout
    assert "£83m" in proc.stdout
    assert "147 live projects" in proc.stdout
    assert proc.stderr == ""


def test_unknown_dataset_exits_non_zero_with_a_clear_message(built_db: Path) -> None:
    proc = _cli("summary", "--dataset", "no-such-dataset", "--db", str(built_db))
    assert proc.returncode != 0
    assert "no dataset named 'no-such-dataset'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_missing_database_exits_non_zero(tmp_path: Path) -> None:
    db = tmp_path / "absent.duckdb"
    proc = _cli("summary", "--db", str(db))
    assert proc.returncode != 0
    assert "no database at" in proc.stderr
    assert str(db) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not db.exists()  # asking for a summary must not create an empty database


def test_a_file_that_is_not_a_database_exits_non_zero(tmp_path: Path) -> None:
    db = tmp_path / "not-a-db.duckdb"
    db.write_text("hello", encoding="utf-8")
    proc = _cli("summary", "--db", str(db))
    assert proc.returncode != 0
    assert "cannot open" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_second_serve_on_a_busy_port_builds_nothing(tmp_path, monkeypatch) -> None:
    """`make run` twice: the second refuses before touching the database under the first."""
    import socket as socket_module

    from foi import serve

    called = []
    monkeypatch.setattr(serve, "warm_up", lambda: called.append("built"))
    with socket_module.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = serve.serve(["--server.address", "127.0.0.1", f"--server.port={port}"])
    assert code == 1 and called == []
    assert serve.port_in_use("127.0.0.1", port) is False  # closed now: a start would proceed

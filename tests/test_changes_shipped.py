"""`python -m foi changes --from gmpp-2022 --to gmpp-2023` agrees with the raw GMPP files.

The expected figures are worked out here, independently of `foi`, with pandas straight from the
two published Government Major Projects Portfolio CSVs in ../shared/corpus/gmpp: projects are
matched on their GMPP ID Number, and each cost cell is read as disclosed (a number, in £m),
withheld (an exemption) or not given (blank, "NA", "Early planning ..." and so on). The command
is then run as a user runs it, against a database built into a temporary directory, and every
figure it prints is compared with ours.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "gmpp"
FILE_2022 = CORPUS / "GMPP_Government_Major_Projects_Portfolio_AR_Data_March_2022.csv"
FILE_2023 = CORPUS / "GMPP_Government_Major_Projects_Portofolio_AR_Data_March_2023.csv"

FROM, TO = "gmpp-2022", "gmpp-2023"

#: The cost fields both releases carry, by the first line of their header. Benefits are only in
#: the 2023 file, so the pair has no "benefits" entry.
COST_FIELDS = {
    "fy_baseline": "Financial Year Baseline",
    "fy_forecast": "Financial Year Forecast",
    "whole_life_cost": "TOTAL Baseline Whole Life Costs",
}

COUNTS = ("went_dark", "came_to_light", "stayed_withheld", "cost_moved", "unchanged")

PENNY_TOLERANCE = Decimal("0.005")
MILLION = Decimal(1_000_000)
NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")

DISCLOSED, WITHHELD, NOT_GIVEN = "disclosed", "withheld", "not given"


# --- the expected figures, from the raw files ------------------------------------------------


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _column(frame: pd.DataFrame, name: str) -> str:
    """The one column whose header's first line is `name` (or, failing that, starts with it)."""
    exact = [c for c in frame.columns if c.splitlines()[0].strip() == name]
    found = exact or [c for c in frame.columns if c.startswith(name)]
    assert len(found) == 1, f"expected one column headed {name!r}, found {found!r}"
    return found[0]


def _cell(text: str) -> tuple[str, Decimal | None]:
    """(kind, pounds) of one cost cell; the files give amounts in £m."""
    bare = text.replace("£", "").replace(",", "").replace(" ", "").strip()
    if NUMBER.fullmatch(bare):
        return DISCLOSED, Decimal(bare) * MILLION
    if "exempt" in text.lower():
        return WITHHELD, None
    return NOT_GIVEN, None


@dataclass
class Expected:
    """What the command should report for one cost field."""

    header: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    went_dark_gbp: Decimal = Decimal(0)
    departments: dict[str, tuple[int, Decimal]] = field(default_factory=dict)


@dataclass
class Comparison:
    matched: int
    joined: int
    left: int
    fields: dict[str, Expected]


def _expected() -> Comparison:
    old, new = _read(FILE_2022), _read(FILE_2023)
    old_ids = old[_column(old, "GMPP ID Number")].str.strip()
    new_ids = new[_column(new, "GMPP ID Number")].str.strip()
    assert not old_ids.duplicated().any(), "the 2022 file repeats a GMPP ID Number"
    assert not new_ids.duplicated().any(), "the 2023 file repeats a GMPP ID Number"
    old_row = dict(zip(old_ids, old.index, strict=True))
    new_row = dict(zip(new_ids, new.index, strict=True))
    matched = sorted(set(old_row) & set(new_row))
    department = _column(new, "Department")

    fields: dict[str, Expected] = {}
    for basis, name in COST_FIELDS.items():
        old_col, new_col = _column(old, name), _column(new, name)
        expected = Expected(header=new_col)
        by_department: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
        for gmpp_id in matched:
            before, before_gbp = _cell(old.at[old_row[gmpp_id], old_col])
            after, after_gbp = _cell(new.at[new_row[gmpp_id], new_col])
            if before == DISCLOSED and after == WITHHELD:
                expected.counts["went_dark"] += 1
                expected.went_dark_gbp += before_gbp
                tally = by_department[new.at[new_row[gmpp_id], department].strip()]
                tally[0] += 1
                tally[1] += before_gbp
            elif before == WITHHELD and after == DISCLOSED:
                expected.counts["came_to_light"] += 1
            elif before == WITHHELD and after == WITHHELD:
                expected.counts["stayed_withheld"] += 1
            elif before == DISCLOSED and after == DISCLOSED:
                key = "unchanged" if before_gbp == after_gbp else "cost_moved"
                expected.counts[key] += 1
        expected.departments = {d: (n, gbp) for d, (n, gbp) in by_department.items()}
        fields[basis] = expected

    return Comparison(
        matched=len(matched),
        joined=len(set(new_row) - set(old_row)),
        left=len(set(old_row) - set(new_row)),
        fields=fields,
    )


# --- running the command ---------------------------------------------------------------------


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "foi", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture(scope="module")
def expected() -> Comparison:
    if not (FILE_2022.is_file() and FILE_2023.is_file()):
        pytest.skip("GMPP corpus files not found at ../shared/corpus/gmpp")
    return _expected()


@pytest.fixture(scope="module")
def db(expected: Comparison, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The shipped data built once into a fresh database; (its path, the env to run with)."""
    path = tmp_path_factory.mktemp("changes") / "foi.duckdb"
    env = {**os.environ, "FOI_DB": str(path)}
    takes_db = "--db" in _run(["build", "--help"], env).stdout
    built = _run(["build", *(["--db", str(path)] if takes_db else [])], env, timeout=600)
    assert built.returncode == 0, (
        f"`python -m foi build` failed ({built.returncode}):\n{built.stdout}\n{built.stderr}"
    )
    assert path.is_file(), f"the build reported success but wrote no database at {path}"
    return path, env


def _changes(db: tuple[Path, dict], *extra: str) -> subprocess.CompletedProcess:
    path, env = db
    result = _run(["changes", "--from", FROM, "--to", TO, *extra, "--db", str(path)], env)
    assert result.returncode == 0, (
        f"`python -m foi changes --from {FROM} --to {TO} {' '.join(extra)}` failed "
        f"({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result


def _close(actual: object, wanted: Decimal) -> bool:
    return abs(Decimal(str(actual)) - wanted) <= PENNY_TOLERANCE


def _words(text: str) -> str:
    return " ".join(text.split())


# --- the tests -------------------------------------------------------------------------------


def test_expected_figures_are_not_empty(expected: Comparison) -> None:
    """Guard against this test passing on nothing: the real files do have matches and changes."""
    assert expected.matched > 200, f"only {expected.matched} projects matched across the releases"
    wlc = expected.fields["whole_life_cost"]
    assert wlc.counts["went_dark"] > 0, "no whole-life cost went dark: the corpus is not as known"
    assert wlc.went_dark_gbp > 0, "the whole-life costs that went dark sum to nothing"


def test_changes_json_matches_the_raw_files(expected: Comparison, db: tuple[Path, dict]) -> None:
    result = _changes(db, "--json")
    try:
        report = json.loads(result.stdout, parse_float=Decimal)
    except json.JSONDecodeError as error:
        pytest.fail(f"`changes --json` did not print JSON ({error}):\n{result.stdout[:2000]}")

    assert (report.get("from"), report.get("to")) == (FROM, TO), "wrong releases in the report"
    for key in ("matched", "joined", "left"):
        assert report.get(key) == getattr(expected, key), (
            f"{key}: command says {report.get(key)!r}, the raw files give {getattr(expected, key)}"
        )

    by_basis: dict[str, dict] = {}
    for entry in report["fields"]:
        assert entry["basis"] not in by_basis, f"basis {entry['basis']!r} is listed twice"
        by_basis[entry["basis"]] = entry
    assert set(by_basis) == set(expected.fields), (
        f"fields cover bases {sorted(by_basis)}; both releases share exactly "
        f"{sorted(expected.fields)} (benefits is only in the 2023 file)"
    )

    for basis, want in expected.fields.items():
        got = by_basis[basis]
        assert _words(got["field"]) == _words(want.header), (
            f"{basis}: field is {got['field']!r}, the 2023 header is {want.header!r}"
        )
        for key in COUNTS:
            assert got[key] == want.counts[key], (
                f"{basis}.{key}: command says {got[key]!r}, the raw files give {want.counts[key]}"
            )
        assert _close(got["went_dark_gbp"], want.went_dark_gbp), (
            f"{basis}.went_dark_gbp: command says {got['went_dark_gbp']}, "
            f"the raw files give {want.went_dark_gbp}"
        )

        departments: dict[str, tuple[int, object]] = {}
        for row in got["departments"]:
            name = row["department"]
            assert name not in departments, f"{basis}: department {name!r} is listed twice"
            if row["went_dark"] == 0 and Decimal(str(row["went_dark_gbp"])) == 0:
                continue  # a department listed with nothing gone dark says nothing either way
            departments[name] = (row["went_dark"], row["went_dark_gbp"])
        assert set(departments) == set(want.departments), (
            f"{basis}: departments with costs gone dark are {sorted(departments)}, "
            f"the raw files give {sorted(want.departments)} (named as in the 2023 release)"
        )
        for name, (count, gbp) in want.departments.items():
            got_count, got_gbp = departments[name]
            assert got_count == count and _close(got_gbp, gbp), (
                f"{basis}, {name}: command says {got_count} gone dark worth {got_gbp}, "
                f"the raw files give {count} worth {gbp}"
            )


def _money_forms(pounds: Decimal) -> set[str]:
    """Ways the sum may reasonably be written: in full, or short in £bn / £m."""
    whole = pounds == pounds.to_integral_value()
    forms = {f"£{pounds:,.0f}" if whole else f"£{pounds:,.2f}"}
    for divisor, suffix in ((Decimal(1_000_000_000), "bn"), (MILLION, "m")):
        scaled = (pounds / divisor).quantize(Decimal("0.01"))
        text = f"{scaled:,.2f}".rstrip("0").rstrip(".")
        forms |= {f"£{text}{suffix}", f"£{scaled:,.2f}{suffix}", f"£{text} {suffix}"}
    return forms


def test_changes_text_names_the_whole_life_cost_gone_dark(
    expected: Comparison, db: tuple[Path, dict]
) -> None:
    output = _changes(db).stdout
    wlc = expected.fields["whole_life_cost"]
    count = wlc.counts["went_dark"]
    assert re.search(rf"(?<![\d.,]){count}(?![\d.,]*\d)", output), (
        f"the text output never gives {count}, the whole-life costs that went dark:\n{output}"
    )
    forms = _money_forms(wlc.went_dark_gbp)
    assert any(form in output for form in forms), (
        f"the text output never gives the {wlc.went_dark_gbp} pounds of whole-life cost that went "
        f"dark (looked for {sorted(forms)}):\n{output}"
    )

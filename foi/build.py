"""Build the DuckDB database from the data packages under `data/`.

The build is all-or-nothing: it validates every file first, writes a new
database beside the old one, and renames it into place only when complete.
A failed build leaves the previous database exactly as it was, so a reader
never sees half a dataset. Datasets already in the old database that this
build does not rebuild (a researcher's import) are carried across.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from foi.checks import check_package
from foi.config import DEFAULT_DATASET, QUERIES_DIR
from foi.datapackage import Package, Problem, ValidationFailed, load_package
from foi.db import quote, rewrite
from foi.queries import fill, load_sql, next_fact_id, refresh_figure_keys, run

#: Tables filled from CSV resources of the same name, in foreign-key order.
TABLES = (
    "sources",
    "organisations",
    "statuses",
    "groups",
    "projects",
    "figures",
    "events",
    "discrepancies",
)

#: Where a resource's rows are stored, when not in the table of its name: figures
#: are read through the view `figures` over `figure_facts` (see schema.sql).
STORED_IN = {"figures": "figure_facts"}


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, for the CLI to report."""

    db_path: Path
    datasets: dict[str, dict[str, int]]
    warnings: tuple[str, ...] = ()


def find_packages(data_dir: Path) -> list[Path]:
    """`data_dir` itself and each sub-folder holding a `datapackage.json`."""
    found = [data_dir] if (data_dir / "datapackage.json").exists() else []
    found += sorted(p.parent for p in data_dir.glob("*/datapackage.json"))
    return found


def validate(data_dir: Path) -> list[Package]:
    """Load and check every package; raise ValidationFailed listing every problem."""
    dirs = find_packages(data_dir)
    if not dirs:
        raise ValidationFailed([Problem(str(data_dir), None, None, "no datapackage.json found")])
    packages, problems = [], []
    for directory in dirs:
        package, found = load_package(directory)
        prefix = "" if directory == data_dir else f"{directory.name}/"
        if not found and (package.tables or not package.imports):
            found = check_package(package)
        problems += [Problem(prefix + p.file, p.row, p.column, p.message) for p in found]
        packages.append(package)
    names = [p.name for p in packages]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(
            Problem("datapackage.json", None, "name", f"two packages are named {name!r}")
        )
    if problems:
        raise ValidationFailed(problems)
    return packages


def _source_date(published: str) -> dt.date:
    """First day of a YYYY-MM or YYYY-MM-DD publication date, for sorting."""
    parts = [int(p) for p in published.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _insert_package(
    con: duckdb.DuckDBPyConnection, package: Package, built_at: dt.datetime
) -> dict[str, int]:
    descriptor = package.descriptor
    licence = (descriptor.get("licenses") or [{}])[0]
    con.execute(
        load_sql("dataset_insert"),
        {
            "dataset": package.name,
            "title": descriptor.get("title") or package.name,
            "description": descriptor.get("description"),
            "licence": licence.get("title") or licence.get("name"),
            "licence_url": licence.get("path"),
            "is_default": package.name == DEFAULT_DATASET,
            "built_at": built_at,
            "series": descriptor.get("foi:series"),
            "as_of": descriptor.get("foi:as_of"),
        },
    )
    counts: dict[str, int] = {}
    for path, spec in package.imports:
        counts[path.name] = _import_release(con, package, path, spec)
    for name in TABLES:
        table = package.tables.get(name)
        if table is None:
            continue
        columns = ["dataset", *table.field_names]
        rows = [[package.name, *(row[c] for c in table.field_names)] for row in table.rows]
        if name == "sources":
            columns.append("published_date")
            rows = [
                [*r, _source_date(row["published"])]
                for r, row in zip(rows, table.rows, strict=True)
            ]
        if name == "figures":
            columns.append("fact_id")
            first = next_fact_id(con)
            rows = [[*r, first + i] for i, r in enumerate(rows)]
        if rows:
            insert = fill(
                load_sql("build_insert_rows"),
                table=quote(STORED_IN.get(name, name)),
                columns=", ".join(quote(c) for c in columns),
                values=", ".join(f"${i + 1}" for i in range(len(columns))),
            )
            con.executemany(insert, rows)
        counts[name] = len(rows)
    return counts


def _import_release(
    con: duckdb.DuckDBPyConnection, package: Package, path: Path, spec: dict
) -> int:
    """Load a shipped published file (a GMPP release) through the importer, as a user's is.

    The data package says what the file is (its publisher, address, date); the importer reads
    what is in it. A file it cannot read fails the build, naming the file.
    """
    from foi.importing import ImportFailed, ImportOptions
    from foi.importing.load import load_into, prepare

    descriptor = package.descriptor
    options = ImportOptions(
        dataset=package.name,
        source_title=spec.get("title"),
        source_publisher=spec.get("publisher"),
        source_url=spec.get("url"),
        source_date=spec.get("published"),
        series=descriptor.get("foi:series"),
        as_of=descriptor.get("foi:as_of"),
    )
    where = f"{package.path.name}/{path.name}"
    try:
        tables, report, jobs = prepare([path], path, options)
        load_into(con, options, tables, report, jobs)
    except ImportFailed as exc:
        raise ValidationFailed([Problem(where, None, None, str(exc))]) from None
    if not report.rows_loaded:
        raise ValidationFailed([Problem(where, None, None, "no rows were loaded")])
    return report.rows_loaded


def _carry_over(con: duckdb.DuckDBPyConnection, old_db: Path, rebuilt: list[str]) -> None:
    """Copy datasets the build does not replace from the previous database."""
    con.execute(load_sql("build_attach_old"), {"path": old_db.as_posix()})
    try:
        found = con.execute(load_sql("build_old_datasets"), {"rebuilt": rebuilt}).fetchall()
        old = {r[0] for r in found}
        if not old:
            return
        old_tables = {r[0] for r in con.execute(load_sql("build_old_tables")).fetchall()}
        for name in ("datasets", *TABLES, *(t for t in ("project_cells",) if t in old_tables)):
            target = STORED_IN.get(name, name)
            # A file from before figure_facts existed holds figures as a plain table.
            origin = target if target in old_tables else name
            select = "*"
            if target == "figure_facts":  # numbered afresh after this build's own figures
                found = con.execute(load_sql("build_old_has_fact_id"), {"table": origin})
                has_id = found.fetchall()[0][0]
                select = (
                    "* EXCLUDE (fact_id)" if has_id else "*"
                ) + f", {next_fact_id(con)} + row_number() OVER () AS fact_id"
            carry = fill(
                load_sql("build_carry_over"),
                target=quote(target),
                origin=quote(origin),
                select=select,
            )
            con.execute(carry, {"kept": sorted(old)})
    finally:
        con.execute(load_sql("build_detach_old"))


def build(data_dir: Path, db_path: Path) -> BuildResult:
    """Validate `data_dir`, build a fresh database and swap it in atomically."""
    packages = validate(data_dir)
    warnings: list[str] = []
    built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with rewrite(db_path, purpose="building", copy=False) as con:
        con.execute(load_sql("schema"))
        counts = {p.name: _insert_package(con, p, built_at) for p in packages}
        if db_path.exists():
            try:
                _carry_over(con, db_path, [p.name for p in packages])
            except duckdb.Error as exc:
                warnings.append(f"could not carry other datasets over from {db_path}: {exc}")
        for row in run(con, "datasets").to_pylist():
            refresh_figure_keys(con, row["dataset"])
    return BuildResult(db_path=db_path, datasets=counts, warnings=tuple(warnings))


def needs_build(data_dir: Path, db_path: Path) -> bool:
    """True when the database is missing or older than any file it is built from."""
    if not db_path.exists():
        return True
    built = db_path.stat().st_mtime
    inputs = [
        *data_dir.rglob("*.csv"),
        *data_dir.rglob("datapackage.json"),
        QUERIES_DIR / "schema.sql",
    ]
    return any(p.stat().st_mtime > built for p in inputs if p.exists())

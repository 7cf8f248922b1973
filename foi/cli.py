"""`python -m foi`: build the database and read the headline from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from foi import filters
from foi.build import build
from foi.config import DATA_DIR, DEFAULT_DATASET, default_db_path
from foi.datapackage import ValidationFailed
from foi.db import connect
from foi.exports.formats import COPY_FORMATS
from foi.filters import SORTS
from foi.money import UNIT_MULTIPLIERS
from foi.queries import run
from foi.summary import render_text, summarise


def _cmd_build(args: argparse.Namespace) -> int:
    try:
        result = build(Path(args.data), Path(args.db))
    except ValidationFailed as exc:
        print(
            f"build refused: {len(exc.problems)} problem(s); the database was not changed",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:
        print(f"build failed: {exc}; the database was not changed", file=sys.stderr)
        return 1
    for name, counts in result.datasets.items():
        parts = ", ".join(f"{n} {t}" for t, n in counts.items())
        print(f"built {name}: {parts}")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"database: {result.db_path}")
    return 0


def _open_db(path: str) -> duckdb.DuckDBPyConnection | None:
    """The database read-only, or None after saying why it cannot be read."""
    db = Path(path)
    if not db.exists():
        print(f"no database at {db}: run `python -m foi build` first", file=sys.stderr)
        return None
    try:
        return connect(db)
    except duckdb.Error as exc:
        print(f"cannot open {db}: {exc}", file=sys.stderr)
        return None


def _cmd_summary(args: argparse.Namespace) -> int:
    con = _open_db(args.db)
    if con is None:
        return 1
    try:
        summary = summarise(con, args.dataset)
    except LookupError as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(render_text(summary))
    return 0


def _cmd_changes(args: argparse.Namespace) -> int:
    from foi import changes

    con = _open_db(args.db)
    if con is None:
        return 1
    try:
        summary = changes.compare(con, args.from_ds, args.to_ds)
    except changes.NotComparable as exc:
        print(f"cannot compare: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False, default=_json_default))
    else:
        print(changes.render_text(summary))
    return 0


def _json_default(value: object) -> object:
    """Money as exact JSON numbers; anything else (a date) as text."""
    from decimal import Decimal

    from foi.text import json_number

    return json_number(value) if isinstance(value, Decimal) else str(value)


def _cmd_import(args: argparse.Namespace) -> int:
    from decimal import Decimal

    from foi.importing import BadMapping, ImportFailed, ImportOptions, import_files, render_report
    from foi.importing.mapping import MappingError
    from foi.importing.overrides import parse_map_args

    try:
        overrides = parse_map_args(args.map or [])
    except MappingError as exc:
        print(f"import refused: {exc}", file=sys.stderr)
        return 2
    options = ImportOptions(
        dataset=args.dataset,
        sheet=args.sheet,
        header_row=args.header_row,
        overrides=overrides,
        unit=Decimal(UNIT_MULTIPLIERS[args.unit]) if args.unit else None,
        basis=args.basis,
        source_title=args.source_title,
        source_publisher=args.source_publisher,
        source_url=args.source_url,
        source_date=args.source_date,
        series=args.series,
        as_of=args.as_of,
        replace=args.replace,
        allow_unparsed=args.allow_unparsed,
    )
    try:
        report = import_files([Path(f) for f in args.files], Path(args.db), options)
    except BadMapping as exc:
        print(f"import refused: {exc}", file=sys.stderr)
        return 2
    except ImportFailed as exc:
        print(f"import refused: {exc}", file=sys.stderr)
        print("nothing was loaded; the database was not changed", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:
        print(f"import failed: {exc}; the database was not changed", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False, default=str))
    else:
        print(render_report(report))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from foi import exports, state

    db = Path(args.db)
    if not db.exists():
        print(
            f"export failed: no database at {db}; run `python -m foi build` first", file=sys.stderr
        )
        return 1
    values, amounts = filters.from_cli(args)
    values["sort"] = args.sort
    # Amounts by the rules of a link's ?min= and ?max= (range, pennies): foi.state.parse.
    checked, notices = state.parse("projects", amounts, {})
    if notices:
        print(f"export refused: {'; '.join(notices)}", file=sys.stderr)
        return 2
    values.update({b: checked[b] for b in amounts})
    con = connect(db)
    try:
        known = {r["dataset"] for r in run(con, "datasets").to_pylist()}
        if args.dataset not in known:
            print(
                f"export refused: no dataset {args.dataset!r}; there are {', '.join(sorted(known))}",
                file=sys.stderr,
            )
            return 2
        params = filters.query_params(args.dataset, values)
        exports.copy_to_file(con, args.format, params, SORTS[args.sort][1], Path(args.out))
        rows = run(con, "figure_rows_count", params).to_pylist()[0]["rows"]
    finally:
        con.close()
    print(f"wrote {rows:,} rows of {args.dataset} ({filters.describe(values)}) to {args.out}")
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from foi.generate import write_payments

    if args.rows < 1:
        print("--rows must be at least 1", file=sys.stderr)
        return 2
    path = write_payments(Path(args.out), args.rows, seed=args.seed)
    print(f"wrote {args.rows:,} payments to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line, documented in the README."""
    p = argparse.ArgumentParser(prog="python -m foi", description="FOI Spend Explorer")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate data/ and build the DuckDB database atomically")
    b.add_argument(
        "--data", default=str(DATA_DIR), help="folder holding datapackage.json (default: data/)"
    )
    b.add_argument(
        "--db",
        default=str(default_db_path()),
        help="database file (default: data/foi.duckdb or $FOI_DB)",
    )
    b.set_defaults(func=_cmd_build)
    s = sub.add_parser("summary", help="headline figures, gaps and discrepancies of a dataset")
    s.add_argument("--dataset", default=DEFAULT_DATASET)
    s.add_argument("--db", default=str(default_db_path()))
    s.add_argument("--json", action="store_true", help="print JSON instead of text")
    s.set_defaults(func=_cmd_summary)
    c = sub.add_parser(
        "changes",
        help="what changed between two releases of a series: figures that went dark, came "
        "to light or moved, projects that joined or left",
    )
    c.add_argument("--from", dest="from_ds", required=True, help="the earlier release: gmpp-2022")
    c.add_argument("--to", dest="to_ds", required=True, help="the later release: gmpp-2023")
    c.add_argument("--db", default=str(default_db_path()))
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    c.set_defaults(func=_cmd_changes)
    i = sub.add_parser(
        "import",
        help="load your own CSV or XLSX disclosure files (project tables or payment files)",
    )
    i.add_argument("files", nargs="+", metavar="FILE", help="CSV or XLSX files; several append")
    i.add_argument("--dataset", required=True, help="dataset name: lower-case letters, digits, -")
    i.add_argument("--db", default=str(default_db_path()))
    i.add_argument("--replace", action="store_true", help="replace the dataset if it exists")
    i.add_argument("--sheet", help="XLSX sheet name (default: the first with data)")
    i.add_argument("--header-row", type=int, help="row number of the header (default: detected)")
    i.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="override the proposed mapping, e.g. project='Project name' or amount:budget=#5",
    )
    i.add_argument("--unit", choices=list(UNIT_MULTIPLIERS), help="unit of every amount column")
    i.add_argument("--basis", help="basis of every amount column (e.g. whole_life_cost)")
    i.add_argument("--source-title")
    i.add_argument("--source-publisher", help="who published the file, e.g. a council")
    i.add_argument("--source-url")
    i.add_argument("--source-date", help="publication date, YYYY-MM-DD")
    i.add_argument(
        "--series",
        help="the series this release belongs to (e.g. gmpp): its releases are compared on the "
        "What changed page and by `foi changes`",
    )
    i.add_argument(
        "--as-of",
        help="the date the release describes, YYYY-MM-DD (default: --source-date)",
    )
    i.add_argument(
        "--allow-unparsed",
        action="store_true",
        help="load even when more than 1%% of amount cells cannot be read (as unknown)",
    )
    i.add_argument("--json", action="store_true", help="print the import report as JSON")
    i.set_defaults(func=_cmd_import)
    e = sub.add_parser(
        "export",
        help="write the Projects rows a set of filters matches to a CSV, Parquet or JSON file "
        "(any size: written by DuckDB straight to disk)",
    )
    e.add_argument("--dataset", default=DEFAULT_DATASET)
    e.add_argument("--db", default=str(default_db_path()))
    e.add_argument("--format", choices=COPY_FORMATS, default="csv")
    e.add_argument("--out", required=True)
    filters.add_cli_flags(e)
    e.add_argument("--sort", choices=sorted(SORTS), default="amount_desc")
    e.set_defaults(func=_cmd_export)
    v = sub.add_parser(
        "serve",
        help="serve the app (streamlit run app.py) with its imports warmed up; "
        "other options go to Streamlit, e.g. --server.port 8501",
    )
    v.set_defaults(func=None)
    g = sub.add_parser("generate", help="write a seeded, realistic payment file for benchmarks")
    g.add_argument("--rows", type=int, required=True)
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=2016)
    g.set_defaults(func=_cmd_generate)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:  # everything after `serve` is Streamlit's
        from foi.serve import serve

        return serve(argv[1:])
    args = parser().parse_args(argv)
    return int(args.func(args))

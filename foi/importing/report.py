"""The import report: every cell of every amount column and every row accounted for.

It counts what was loaded (from the database, after the load, so the report cannot disagree
with the data), what was set aside and why, and how each column was read. It is printed for
a person (render_report) or as JSON for a program (ImportReport.as_json).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from foi.importing.mapping import AmountColumn
from foi.importing.options import UNPARSED_LIMIT, ImportFailed, ImportOptions
from foi.money import ParsedAmount, format_gbp
from foi.queries import load_sql
from foi.text import json_number


def section_key(section: str, inferred: bool) -> str:
    """How the report counts a withheld cell: "43", or "43 (inferred)" when no section was named.

    A cell reading "commercially sensitive" is counted under s.43 by our reading, not the
    publisher's citation; keeping it a separate key means no total reads as cited.
    """
    return f"{section} (inferred)" if inferred and section != "unspecified" else section


@dataclass
class ColumnReport:
    """How every cell of one amount column was classified."""

    column: str
    basis: str
    unit: Decimal
    disclosed: int = 0
    disclosed_total_gbp: Decimal = Decimal(0)
    withheld: Counter[str] = field(default_factory=Counter)
    withheld_cells: int = 0
    redacted: int = 0
    not_held: int = 0
    not_yet_available: int = 0
    blank: int = 0
    unparsed: int = 0
    unparsed_examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return (
            self.disclosed
            + self.withheld_cells
            + self.redacted
            + self.not_held
            + self.not_yet_available
            + self.blank
            + self.unparsed
        )

    def count(self, parsed: ParsedAmount, file: str, row: int) -> None:
        """Add one cell to the tally (a percentage in a money column is not money: unparsed)."""
        if parsed.is_percent:
            parsed = ParsedAmount(parsed.text, "unparsed", None, None, None, "exact", True, None)
        if parsed.status == "disclosed":
            self.disclosed += 1
            self.disclosed_total_gbp += parsed.value if parsed.value is not None else 0
        elif parsed.status == "withheld":
            self.withheld_cells += 1
            sections = parsed.exemption.sections if parsed.exemption else ()
            inferred = parsed.exemption is not None and parsed.exemption.basis == "inferred"
            for section in sections or ("unspecified",):
                self.withheld[section_key(section, inferred)] += 1
        elif parsed.status == "unparsed":
            self.unparsed += 1
            if len(self.unparsed_examples) < 10:
                self.unparsed_examples.append({"file": file, "row": row, "text": parsed.text})
        elif parsed.status == "unknown":
            self.blank += 1
        else:
            setattr(self, parsed.status, getattr(self, parsed.status) + 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "basis": self.basis,
            "unit": int(self.unit)
            if self.unit == self.unit.to_integral_value()
            else float(self.unit),
            "cells": self.cells,
            "disclosed": self.disclosed,
            "disclosed_total_gbp": json_number(self.disclosed_total_gbp),
            "withheld": dict(sorted(self.withheld.items())),
            "redacted": self.redacted,
            "not_held": self.not_held,
            "not_yet_available": self.not_yet_available,
            "blank": self.blank,
            "unparsed": self.unparsed,
            "unparsed_examples": self.unparsed_examples,
        }


@dataclass
class ImportReport:
    """What an import read, loaded and found; printed for a person or as JSON."""

    dataset: str
    files: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    columns: dict[str, ColumnReport] = field(default_factory=dict)
    shape: str = "projects"
    payments_rows: int = 0
    payments_total_gbp: Decimal = Decimal(0)
    redacted_counterparty_rows: int = 0
    redacted_counterparty_gbp: Decimal = Decimal(0)
    warnings: list[str] = field(default_factory=list)
    db_path: str | None = None
    skipped_rows: int = 0
    skipped_by_reason: Counter[str] = field(default_factory=Counter)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unparsed_share(self) -> float:
        cells = sum(c.cells for c in self.columns.values())
        return sum(c.unparsed for c in self.columns.values()) / cells if cells else 0.0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dataset": self.dataset,
            "shape": self.shape,
            "files": self.files,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "columns": [c.as_json() for c in self.columns.values()],
            "unparsed_share": self.unparsed_share,
            "warnings": self.warnings,
            "skipped_rows": self.skipped_rows,
            "skipped_by_reason": dict(self.skipped_by_reason),
            "skipped": self.skipped[:1000],
        }
        if self.shape == "payments":
            out["payments_total_gbp"] = json_number(self.payments_total_gbp)
            out["redacted_counterparty_rows"] = self.redacted_counterparty_rows
            out["redacted_counterparty_gbp"] = json_number(self.redacted_counterparty_gbp)
            total = self.payments_total_gbp
            out["withheld_share_gbp"] = (
                float(self.redacted_counterparty_gbp / total) if total else None
            )
        return out


def check_unparsed(report: ImportReport, options: ImportOptions) -> None:
    """Refuse an import that would leave more than 1% of amount cells unread."""
    if report.unparsed_share > UNPARSED_LIMIT and not options.allow_unparsed:
        examples = [e for c in report.columns.values() for e in c.unparsed_examples][:5]
        shown = "; ".join(f"{e['file']} row {e['row']}: {e['text']!r}" for e in examples)
        raise ImportFailed(
            f"{report.unparsed_share:.1%} of amount cells could not be read (limit 1%): {shown}. "
            "Nothing was loaded. Fix the file, map another column, or pass --allow-unparsed "
            "to load them as unknown."
        )


def tally_loaded(
    con: duckdb.DuckDBPyConnection,
    report: ImportReport,
    amount: AmountColumn,
    fname: str,
    params: dict[str, Any],
    *,
    primary: bool,
    suffix: str | None = None,
) -> None:
    """Fill the import report from the rows just loaded; only the payment counts as paid."""
    tally = report.columns[amount.column]
    which = {
        "dataset": params["dataset"],
        "source_id": params["source_id"],
        "basis": amount.basis,
        "suffix": suffix,
    }
    rows = con.execute(load_sql("import_payments_report"), which).fetchall()
    for status, sections, basis, counterparty, cells, money in rows:
        money = money or Decimal(0)
        if primary:
            report.rows_loaded += cells
            report.payments_rows += cells
            report.payments_total_gbp += money
            if counterparty in ("redacted", "withheld"):
                report.redacted_counterparty_rows += cells
                report.redacted_counterparty_gbp += money
        if status == "disclosed":
            tally.disclosed += cells
            tally.disclosed_total_gbp += money
        elif status == "withheld":
            tally.withheld_cells += cells
            for section in (sections or "unspecified").split(";"):
                tally.withheld[section_key(section, basis == "inferred")] += cells
        elif status == "unknown":
            tally.blank += cells
        elif status == "unparsed":
            tally.unparsed += cells
        else:
            setattr(tally, status, getattr(tally, status) + cells)
    if primary:
        loaded = sum(r[4] for r in rows)
        for entry in report.files:
            if entry["file"] == fname:
                entry["rows"] = loaded
    for line, text in con.execute(load_sql("import_payments_unparsed"), which).fetchall():
        if len(tally.unparsed_examples) < 10:
            tally.unparsed_examples.append({"file": fname, "row": line, "text": text})


def render_report(report: ImportReport) -> str:
    """The import report as a person reads it."""
    lines = [f"Imported into dataset {report.dataset!r} ({report.shape})"]
    for f in report.files:
        where = f" sheet {f['sheet']!r}," if f["sheet"] else ""
        enc = f" {f['encoding']}," if f["encoding"] else ""
        lines.append(
            f"  {f['file']}:{where}{enc} header on row {f['header_row']}, {f['rows']:,} rows"
        )
        mapped = ", ".join(f"{k} = {v!r}" for k, v in f["mapping"].items() if k != "amounts")
        lines.append(f"    columns: {mapped or 'none'}")
        choice = f.get("amount_choice")
        if choice:
            lines.append(f"    payment amount: {choice['column']!r}: {choice['why']}")
        for other in f.get("other_money", []):
            lines.append(f"    other money: {other['column']!r} (basis {other['basis']})")
        for item in f.get("not_money", []):
            lines.append(f"    not money: {item['column']!r}: {item['why']}")
        for w in f["warnings"]:
            lines.append(f"    warning: {w}")
        for reason, count in f.get("skipped_by_reason", {}).items():
            shown = [
                str(item["row"])
                for item in report.skipped
                if item["file"] == f["file"] and item["reason"].startswith(reason)
            ]
            listed = ", ".join(shown[:8]) + (", ..." if len(shown) > 8 else "")
            where = f" ({'row' if len(shown) == 1 else 'rows'} {listed})" if shown else ""
            lines.append(
                f"    skipped {count:,} {'row' if count == 1 else 'rows'}: {reason}{where}"
            )
    lines.append(
        f"Rows read {report.rows_read:,}; loaded {report.rows_loaded:,}; "
        f"skipped {report.skipped_rows:,} (not records: each listed above with its reason)"
    )
    for c in report.columns.values():
        withheld = (
            ", ".join(
                f"s.{k}: {v}" if k != "unspecified" else f"no section cited: {v}"
                for k, v in sorted(c.withheld.items())
            )
            or "0"
        )
        lines.append(
            f"  {c.column} (basis {c.basis}): {c.disclosed:,} disclosed totalling "
            f"{format_gbp(c.disclosed_total_gbp, short=False)}; withheld {withheld}; "
            f"redacted {c.redacted}; not held {c.not_held}; not yet available "
            f"{c.not_yet_available}; blank {c.blank}; unparsed {c.unparsed}"
        )
        for e in c.unparsed_examples[:5]:
            lines.append(f"    unparsed: {e['file']} row {e['row']}: {e['text']!r}")
    if report.shape == "payments":
        share = (
            report.redacted_counterparty_gbp / report.payments_total_gbp
            if report.payments_total_gbp
            else 0
        )
        lines.append(
            f"Payments to redacted suppliers: {report.redacted_counterparty_rows:,} rows, "
            f"{format_gbp(report.redacted_counterparty_gbp, short=False)} "
            f"({share:.1%} of {format_gbp(report.payments_total_gbp, short=False)})"
        )
    return "\n".join(lines)

"""Which rows of a file are not records, and why: nothing is dropped without a reason.

Blank rows, filler (#N/A, fill-down debris), total rows (a label saying total, or an amount
equal to the sum of the rows above it), note and copyright lines, rows with no amount and a
last record cut short are set aside in SQL (queries/import_rows_*.sql). Each is counted in
the import report with its row number and reason, and shown on the upload page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from foi.importing.header import SPREADSHEET_ERRORS
from foi.queries import fill, load_sql

#: How many skipped rows the report lists one by one (all are counted).
LISTED = 1_000


@dataclass
class Skipped:
    """The rows set aside, with their reasons."""

    by_reason: Counter[str] = field(default_factory=Counter)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.by_reason.values())


def set_aside(
    con: duckdb.DuckDBPyConnection,
    identifiers: dict[str, str],
    width: int,
    *,
    payments: bool,
    truncated: int | None,
    beyond: list[int] | None = None,
) -> Skipped:
    """Find the rows that are not records, take them out of `raw`, and say why each went."""
    cells = "[" + ", ".join(f"c{i}" for i in range(width)) + "]"

    def sql(name: str) -> str:
        return fill(load_sql(name), cells=cells, **identifiers)

    con.execute(
        sql("import_rows_skipped"),
        {
            "truncated": truncated,
            "payments": payments,
            "errors": sorted(SPREADSHEET_ERRORS),
            "beyond": beyond or [],
        },
    )
    if payments and identifiers.get("amount", "NULL") != "NULL":
        for line, amount, summed in con.execute(sql("import_rows_totals")).fetchall():
            reason = (
                f"a total: no supplier or date, and its amount ({_amount_text(amount)}) equals the "
                f"sum of the {summed:,} rows above it"
            )
            con.execute(sql("import_rows_add_total"), {"line": line, "reason": reason})
    skipped = Skipped()
    for line, reason, text in con.execute(load_sql("import_rows_list")).fetchall():
        skipped.by_reason[reason_family(reason)] += 1
        if len(skipped.rows) < LISTED:
            skipped.rows.append({"row": line, "reason": reason, "text": text or ""})
    con.execute(load_sql("import_rows_drop"))
    return skipped


def reason_family(reason: str) -> str:
    """A reason without the figures of one row, so the report can count rows by reason."""
    return reason.split(" (its amount", 1)[0].split(", and its amount", 1)[0]


def _amount_text(amount: Decimal) -> str:
    return f"{amount:,.2f}"

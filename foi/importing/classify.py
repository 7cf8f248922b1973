"""Read each distinct cell text once: amounts, names kept back, statuses and dates.

A payment file repeats the same texts thousands of times, so foi's parsers (foi.money,
foi.exemptions, foi.dates) read each distinct text once and hand DuckDB a lookup table
(`amounts`, `payees`, `days`); the rows themselves are written set-based in SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

import duckdb

from foi.dates import parse_date
from foi.db import quote
from foi.exemptions import classify_non_disclosure
from foi.importing.report import ImportReport
from foi.importing.table_sql import with_table
from foi.money import ParsedAmount, parse_amount
from foi.text import json_value

_PENNY = Decimal("0.01")


#: The largest amount the database holds (DECIMAL(18, 2)); larger is unparsed, never truncated.
MAX_GBP = Decimal(10) ** 16


@lru_cache(maxsize=200_000)
def parse_cell(text: str | None, unit: Decimal) -> ParsedAmount:
    """parse_amount, remembered (payment files repeat texts), with amounts the database can hold."""
    parsed = parse_amount(text, unit)
    values = [v for v in (parsed.value, parsed.low, parsed.high) if v is not None]
    if parsed.status == "disclosed" and any(abs(v) >= MAX_GBP for v in values):
        return ParsedAmount(parsed.text, "unparsed", None, None, None, "exact", False, None)
    return parsed


#: A whole cell that stands for a name kept back, not a name that happens to contain a word
#: like "Confidential" ("Confidential Shredding Services Ltd" is a supplier).
_NAME_MARKER = re.compile(
    r"\W*(?:redact\w*|withheld|withhold\w*|exempt\w*|not (?:disclosed|given|provided|published)"
    r"|personal data|(?:section|s\.?)\s*\d+\w*|[*x#\u2588]{2,}|n/?a|#n/a|-+|unknown|none)\b.*",
    re.IGNORECASE,
)


#: A name cell that says, anywhere in it, that the name was kept back ("DETAILS REDACTED",
#: "Redacted - Personal Data"), but not a company called "Redactive Publishing".
_KEPT_BACK = re.compile(r"\b(?:redacted|redaction|withheld)\b", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def counterparty_status(text: str | None) -> str:
    """Whether a supplier or project cell names someone, or records that the name was kept back."""
    if text is None or not text.strip():
        return "unknown"
    if _KEPT_BACK.search(text):
        return "redacted"
    if not _NAME_MARKER.fullmatch(text.strip()):
        return "disclosed"
    classified = classify_non_disclosure(text)
    if classified is None or classified.status == "disclosed":
        return "disclosed"
    return classified.status


#: Known status words, in display order, with the palette role they take.
KNOWN_STATUSES: list[tuple[str, str]] = [
    ("red", "stopped"),
    ("stopped", "stopped"),
    ("cancelled", "stopped"),
    ("terminated", "stopped"),
    ("amber/red", "stopped"),
    ("amber-red", "stopped"),
    ("amber", "corrective"),
    ("corrective action", "corrective"),
    ("corrective_action", "corrective"),
    ("at risk", "corrective"),
    ("amber/green", "completed"),
    ("amber-green", "completed"),
    ("green", "completed"),
    ("completed", "completed"),
    ("closed", "completed"),
    ("live", "live"),
    ("ongoing", "live"),
    ("in progress", "live"),
    ("exempt", "other"),
    ("status withheld", "other"),
    ("status not yet available", "other"),
    ("status not held", "other"),
]


#: What a status cell that holds no status says instead (an exemption, "not yet known").
_NOT_A_STATUS = {
    "withheld": "Status withheld",
    "redacted": "Status withheld",
    "not_held": "Status not held",
    "not_yet_available": "Status not yet available",
}


def status_word(text: str) -> str | None:
    """A status cell as the status it is: a rating as written, but an exemption sentence
    ("Exempt under Section 24 ...") is "Status withheld", not a rating of its own, and NA or
    a blank is no status. The sentence itself stays in project_cells, row and column.
    """
    classified = classify_non_disclosure(text)
    if classified is None or classified.status == "disclosed":
        return text.strip() or None
    return _NOT_A_STATUS.get(classified.status)


def status_order(value: str) -> tuple[int, str]:
    key = value.strip().lower()
    for i, (word, _) in enumerate(KNOWN_STATUSES):
        if key == word:
            return (i, key)
    return (len(KNOWN_STATUSES), key)


def status_role(value: str) -> str:
    """The palette role of a status word from a file (Red, Amber, Green, stopped ...)."""
    key = value.strip().lower()
    return dict(KNOWN_STATUSES).get(key, "other")


def figure_status(parsed: ParsedAmount) -> str:
    """A cell's disclosure as stored: unreadable text and percentages are unknown, not money."""
    return "unknown" if parsed.status == "unparsed" or parsed.is_percent else parsed.status


def pennies(value: Decimal | None) -> Decimal | None:
    """Rounded half up to the penny, as the database stores money (DECIMAL(18, 2))."""
    return None if value is None else value.quantize(_PENNY, rounding=ROUND_HALF_UP)


def money_text(value: Decimal | None) -> str | None:
    """A value for a DECIMAL(18, 2) column, as exact text (rounded half up to the penny)."""
    rounded = pennies(value)
    return None if rounded is None else format(rounded, "f")


#: The temp lookup tables the import builds from Python lists (queries/import_lookup.sql).
LOOKUPS = ("amounts", "payees", "days", "names", "status_words", "incoming")


#: A column name the import gives a lookup table: also the name of its bound parameter.
_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")


#: A DuckDB type as code or the database's catalog writes it: VARCHAR, DECIMAL(18,2), BIGINT[].
_TYPE = re.compile(r"[A-Z][A-Z0-9_ ]*(?:\([A-Z0-9_, ]*\))?(?:\[\])*")


def _unnest(column: str, typ: str) -> str:
    """One column of the lookup's SELECT, its name and type checked before they reach SQL."""
    if not _COLUMN.fullmatch(column) or not _TYPE.fullmatch(typ):
        raise ValueError(f"not a lookup column: {column!r} {typ!r}")
    return f"CAST(unnest(${column}) AS {typ}) AS {quote(column)}"


def lookup(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[str, list[Any]]]
) -> None:
    """A temp table from equal-length Python lists, one per column, each cast to its type.

    Lists go to DuckDB as bound LIST parameters and are unnested side by side: no
    pandas or Arrow conversion, which would cost the import a pandas start-up.
    """
    select = ", ".join(_unnest(c, typ) for c, (typ, _) in columns.items())
    con.execute(
        with_table("import_lookup", name, LOOKUPS, columns=select),
        # dates and decimals as text, which DuckDB casts exactly in a list parameter
        {c: json_value(values, decimals_as_text=True) for c, (_, values) in columns.items()},
    )


def amount_lookup(con: duckdb.DuckDBPyConnection, texts_found: list, unit: Decimal) -> None:
    """The temp table `amounts`: each distinct amount text read once by foi's parser."""
    texts = [t or "" for t in texts_found]
    parsed = [(t, parse_cell(t or None, unit)) for t in texts]
    disclosed = [figure_status(p) == "disclosed" for _, p in parsed]
    lookup(
        con,
        "amounts",
        {
            "text": ("VARCHAR", [t for t, _ in parsed]),
            "status": ("VARCHAR", [("unparsed" if p.is_percent else p.status) for _, p in parsed]),
            "disclosure": ("VARCHAR", [figure_status(p) for _, p in parsed]),
            "qualifier": ("VARCHAR", [p.qualifier for _, p in parsed]),
            **{
                column: (
                    "DECIMAL(18, 2)",
                    [
                        money_text(getattr(p, attr)) if d else None
                        for (_, p), d in zip(parsed, disclosed, strict=True)
                    ],
                )
                for column, attr in (
                    ("amount_gbp", "value"),
                    ("amount_low_gbp", "low"),
                    ("amount_high_gbp", "high"),
                )
            },
            "exemption_statute": (
                "VARCHAR",
                [p.exemption.statute if p.exemption else None for _, p in parsed],
            ),
            "exemption_sections": (
                "VARCHAR",
                [
                    ";".join(p.exemption.sections) if p.exemption and p.exemption.sections else None
                    for _, p in parsed
                ],
            ),
            "exemption_basis": (
                "VARCHAR",
                [p.exemption.basis if p.exemption else None for _, p in parsed],
            ),
            "exemption_reason": (
                "VARCHAR",
                [p.exemption.reason if p.exemption else None for _, p in parsed],
            ),
        },
    )


def day_first_of(texts: Sequence[str | None]) -> bool | None:
    """Whether a file writes dates day first: settled by any date whose day is over 12."""
    import re as _re

    first = second = False
    for text in texts:
        m = _re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}.*", text or "")
        if m:
            first = first or int(m[1]) > 12
            second = second or int(m[2]) > 12
    if first == second:
        return None
    return first


def payee_and_day_lookups(
    con: duckdb.DuckDBPyConnection,
    payees: list,
    day_texts: list,
    report: ImportReport,
    fname: str,
) -> None:
    """The temp tables `payees` (name kept back or not) and `days` (date texts read once).

    Whether 03/04/2020 is 3 April or 4 March is settled per file, by any date in it whose
    first or second number is over 12; where none settles it, UK order (day first) is used
    and the report says so.
    """
    lookup(
        con,
        "payees",
        {
            "text": ("VARCHAR", payees),
            "status": ("VARCHAR", [counterparty_status(p or None) for p in payees]),
        },
    )
    day_first = day_first_of(day_texts)
    entry = next(f for f in report.files if f["file"] == fname)
    if day_first is False:
        entry["warnings"].append("dates are written month first (e.g. 12/31/2020), as US files do")
    elif day_first is None and any(
        t and re.fullmatch(r"\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}.*", t) for t in day_texts
    ):
        entry["warnings"].append(
            "no date settles whether the day or the month comes first; read day first (UK)"
        )
    day_values = [parse_date(t or None, day_first=day_first is not False) for t in day_texts]
    periods = sum(1 for d in day_values if d and d.precision != "day")
    if periods:
        entry["warnings"].append(
            f"{periods:,} distinct date texts are months or periods (e.g. 201711, Nov-17, "
            "July 2010-September 2010): each is dated to its first day"
        )
    lookup(
        con,
        "days",
        {
            "text": ("VARCHAR", day_texts),
            "day": ("DATE", [d.value.isoformat() if d else None for d in day_values]),
        },
    )


def status_rows(tables: Any) -> None:
    """Turn the status words found into a vocabulary: order and colour by meaning."""
    words = [r["status"] for r in tables.rows["statuses"]]
    ordered = sorted(words, key=status_order)
    tables.rows["statuses"] = [
        {
            "status": w,
            "label": w,
            "sort_order": i,
            "role": status_role(w),
            "description": "Status as written in the file.",
        }
        for i, w in enumerate(ordered, start=1)
    ]

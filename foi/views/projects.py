"""What the Projects table shows, computed without Streamlit: each row written for a reader.

The query returns codes and numbers (`figure_rows.sql`); here they become the words and
pounds a reader sees, with an empty cell rather than "None" where a source says nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from foi import formats
from foi.vocab import DISCLOSURES, basis_label, disclosure_label

#: The columns of the table on screen, in order.
COLUMNS = [
    "name",
    "status_label",
    "organisation",
    "amount",
    "basis",
    "disclosure",
    "exemption",
    "counterparty",
    "original_text",
    "source_id",
    "source_url",
    "locator",
    "claim",
]

_BLANK_WHEN_EMPTY = ("status_label", "organisation", "counterparty", "original_text", "locator")


#: The sort a click on a column's header asks for: (first click, a second click). Sorting
#: is done in the database over every matching row and kept in the link (`sort`), never
#: in the browser over the rows of one page.
HEADER_SORTS: dict[str, tuple[str, str]] = {
    "name": ("name", "name"),
    "status_label": ("status", "status"),
    "organisation": ("organisation", "organisation"),
    "amount": ("amount_desc", "amount_asc"),
    "basis": ("basis", "basis"),
    "disclosure": ("disclosure", "disclosure"),
    "counterparty": ("supplier", "supplier"),
    "source_id": ("source", "source"),
}


def sort_for_header(column: str, current: str) -> str | None:
    """The `sort` a click on `column`'s header asks for; None for a column that does not sort.

    A second click on Amount turns largest-first into smallest-first.
    """
    first, again = HEADER_SORTS.get(column, (None, None))
    if first is None:
        return None
    return again if current == first else first


def header_label(column: str, label: str, sort: str) -> str:
    """A column's heading, with ▼ (largest or last first) or ▲ on the one the rows sort by."""
    if column == "amount" and sort in ("amount_desc", "amount_asc"):
        return f"{label} {'▼' if sort == 'amount_desc' else '▲'}"
    if HEADER_SORTS.get(column, ("",))[0] == sort:
        return f"{label} ▲"
    return label


def column_width(values: pd.Series, heading: str, *, widest: int = 360) -> int:
    """Pixels for a pinned column to show its longest value (and heading) uncut, up to `widest`.

    About 7.5 px a character at the table's font, plus the cell's padding; a pinned column
    that cut "REG-2016-03-24" to "REG-2016-0" would hide the very thing it is pinned for.
    """
    longest = max([len(heading) + 2, *(len(str(v)) for v in values if isinstance(v, str))])
    return min(int(longest * 7.5) + 24, widest)


#: How a disclosure reads in "161 rows match: 14 disclosed, 37 withheld, 110 with no figure".
_BREAKDOWN_WORDS = {"no_figure": "with no figure", "unknown": "blank or n/a"}


def disclosure_breakdown(facets: Sequence[Mapping[str, Any]]) -> str:
    """Every matching row under one disclosure, each with its count, adding up to the total.

    Read from the facets query's disclosure rows (every row has exactly one disclosure), in
    the vocabulary's order; a value outside the vocabulary is shown as given, not dropped.
    """
    counts = {f["value"] or "other": int(f["rows"]) for f in facets if f["field"] == "disclosure"}
    order = [d for d in DISCLOSURES if d in counts] + sorted(set(counts) - set(DISCLOSURES))
    return ", ".join(
        f"{counts[d]:,} {_BREAKDOWN_WORDS.get(d, disclosure_label(d).lower())}" for d in order
    )


def no_rows_notice(values: Mapping[str, Any], described: str, low: Any, high: Any) -> str:
    """Why no row matches: which filters, and for an amount bound no figure reaches (max=-5),
    the range the amounts run over, so an empty table never stands without a word."""
    parts = [f"No row matches these filters ({described})."]
    span = f"amounts here run from {formats.gbp(low)} to {formats.gbp(high)}"
    if values.get("max") is not None and low is not None and values["max"] < low:
        parts.append(f"The highest amount asked for is below every figure: {span}.")
    elif values.get("min") is not None and high is not None and values["min"] > high:
        parts.append(f"The lowest amount asked for is above every figure: {span}.")
    parts.append("Remove a filter to see rows again.")
    return " ".join(parts)


def table_rows(rows: pd.DataFrame, status_labels: Mapping[str, str]) -> pd.DataFrame:
    """One page of figure_rows.sql as the table shows it: labels, pounds, sections."""
    shown = rows.assign(
        amount=pd.to_numeric(rows["amount_gbp"], errors="coerce").astype("float64"),
        status_label=rows["status"].map(lambda s: status_labels.get(s, s)),
        basis=rows["basis"].map(lambda b: basis_label(b) if isinstance(b, str) else formats.DASH),
        disclosure=rows["disclosure"].map(disclosure_label),
        exemption=[
            formats.sections(sec, basis)
            for sec, basis in zip(rows["exemption_sections"], rows["exemption_basis"], strict=True)
        ],
    )
    columns = list(COLUMNS)
    if "project_ref" in rows and rows["project_ref"].notna().any():  # a release's own ids
        columns.insert(1, "project_ref")
        shown["project_ref"] = (
            shown["project_ref"].astype(object).where(shown["project_ref"].notna(), "")
        )
    for column in _BLANK_WHEN_EMPTY:
        shown[column] = shown[column].astype(object).where(shown[column].notna(), "")
    return shown[columns]


def table_height(rows: int) -> int:
    """Pixels for the table: every row of a short page, capped so a long one scrolls."""
    return min(38 + 35 * max(rows, 1), 720)

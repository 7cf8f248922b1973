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


def _amount(value: object) -> str:
    """Pounds in full; a dash when not disclosed (NULL or NaN from pandas)."""
    return formats.gbp(value) if value == value and value is not None else formats.DASH


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


def table_rows(rows: pd.DataFrame, status_labels: Mapping[str, str]) -> pd.DataFrame:
    """One page of figure_rows.sql as the table shows it: labels, pounds, sections."""
    shown = rows.assign(
        amount=rows["amount_gbp"].map(_amount),
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

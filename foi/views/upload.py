"""What the Upload page shows about an import, computed without Streamlit.

The import report (`foi.importing.report`, as JSON) becomes the tables a researcher reads:
why rows were skipped, which rows, which money columns were kept and which numeric
columns were not read as money, and every amount cell accounted for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from foi.formats import plural
from foi.vocab import basis_label


def skipped_count(total: int) -> str:
    """ "1 row skipped", "12 rows skipped"."""
    return plural(total, "row skipped", "rows skipped")


def skipped_reasons(reasons: Mapping[str, int]) -> pd.DataFrame:
    """Rows skipped per reason, the commonest first."""
    ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return pd.DataFrame(ordered, columns=["Why skipped", "Rows"])


def skipped_label(listed: int, total: int) -> str:
    """The heading over the list of skipped rows, saying when it is only the first ones."""
    if listed >= total:
        return f"The {listed:,} skipped rows"
    return f"The first {listed:,} of the {total:,} skipped rows"


def skipped_rows(listed: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Each skipped row: its number in the file, why, and its text."""
    return pd.DataFrame(
        [
            {
                "Row in the file": item.get("row"),
                "Why skipped": item.get("reason", ""),
                "Text of the row": item.get("text", ""),
            }
            for item in listed
        ]
    )


def other_money(other: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Money columns kept beside the payment, each with its own basis."""
    return pd.DataFrame(
        [{"Column": o.get("column", ""), "Basis": basis_label(o.get("basis"))} for o in other]
    )


def not_money(columns: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Numeric columns that were not read as money, and why."""
    return pd.DataFrame([{"Column": n.get("column", ""), "Why": n.get("why", "")} for n in columns])


def withheld_text(withheld: Mapping[str, int]) -> str:
    """{'43': 2, 'unspecified': 1} as 's.43: 2; no section cited: 1' (0 when none)."""
    parts = [
        f"s.{section}: {n:,}" if section != "unspecified" else f"no section cited: {n:,}"
        for section, n in sorted(withheld.items())
    ]
    return "; ".join(parts) or "0"


def cells_table(columns: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The report's per-column counts with readable headings."""
    return pd.DataFrame(
        [
            {
                "Column": c.get("column"),
                "Basis": basis_label(c.get("basis")),
                "Cells": c.get("cells"),
                "Disclosed": c.get("disclosed"),
                "Disclosed total (£)": c.get("disclosed_total_gbp"),
                "Withheld": withheld_text(c.get("withheld") or {}),
                "Redacted": c.get("redacted"),
                "Not held": c.get("not_held"),
                "Not yet available": c.get("not_yet_available"),
                "Blank": c.get("blank"),
                "Unreadable": c.get("unparsed"),
            }
            for c in columns
        ]
    )

"""What the Overview shows, computed without Streamlit: the headline chart and its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from foi.formats import gbp_short


def chart_title(summary: dict[str, Any]) -> str:
    """The finding over the headline chart: the money, the projects, the share never itemised."""
    groups = summary["groups"]
    projects = sum(g["projects"] for g in groups)
    return (
        f"{gbp_short(summary['grouped_total_gbp'])} across {projects} projects, "
        f"{summary['unitemised_share']:.0%} of it never itemised"
    )


def groups_table(groups: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The numbers behind the headline chart, one row a status group, with its sources."""
    return pd.DataFrame(
        {
            "status": [g["label"] for g in groups],
            "projects": [g["projects"] for g in groups],
            "total_gbp": [g["total_gbp"] for g in groups],
            "itemised_gbp": [g["itemised_gbp"] for g in groups],
            "never_itemised_gbp": [g["gap_gbp"] for g in groups],
            "basis": [g["basis"] for g in groups],
            "sources": [", ".join(g["source_ids"]) for g in groups],
        }
    )


def group_sources(groups: Sequence[dict[str, Any]]) -> list[str]:
    """Every source the groups cite, once each."""
    return sorted({s for g in groups for s in g["source_ids"]})


def payee_title(share: float | None) -> str:
    """The finding over the payment chart, for a dataset with no group totals."""
    return f"{share or 0:.1%} of the money went to suppliers whose names were kept back"


def mix_title(kept: int, total: int) -> str:
    """The finding over the disclosure chart, for a dataset with no totals and no payments."""
    return f"{kept:,} of {total:,} figures withheld or redacted"

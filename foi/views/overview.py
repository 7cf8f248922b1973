"""What the Overview shows, computed without Streamlit: the headline chart and its numbers.

Its chart is the Stopped vs corrected one in money, so its table is a cut of that page's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from foi.formats import gbp_short, plural
from foi.views import stopped


def chart_title(summary: dict[str, Any]) -> str:
    """The finding over the headline chart: the money, the projects, the share never itemised."""
    groups = summary["groups"]
    projects = sum(g["projects"] for g in groups)
    return (
        f"{gbp_short(summary['grouped_total_gbp'])} across {plural(projects, 'project')}, "
        f"{summary['unitemised_share']:.0%} of it never itemised"
    )


#: The headline chart's numbers: the group table's money columns and sources.
TABLE_COLUMNS = [
    "status",
    "projects",
    "total_gbp",
    "itemised_gbp",
    "never_itemised_gbp",
    "basis",
    "sources",
]


def groups_table(groups: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The numbers behind the headline chart, one row a status group, with its sources."""
    return stopped.groups_table(groups)[TABLE_COLUMNS]


def payee_title(share: float | None) -> str:
    """The finding over the payment chart, for a dataset with no group totals."""
    return f"{share or 0:.1%} of the money went to suppliers whose names were kept back"


def mix_title(kept: int, total: int) -> str:
    """The finding over the disclosure chart, for a dataset with no totals and no payments."""
    return f"{kept:,} of {plural(total, 'figure')} withheld or redacted"

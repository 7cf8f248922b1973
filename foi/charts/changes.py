"""What changed, by department: how many figures went dark, came to light or stayed withheld.

Counts, not money, on the axis: a withheld figure has no amount in the later release, and the
money a figure held when last disclosed is in an earlier release's prices. The money is in
the hover and in the numbers beside the chart. Departments are in alphabetical order, never
sorted by their count, so the chart does not read as a league table.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import PALETTE, WENT_DARK_PATTERN, WITHHELD_PATTERN, esc, layout
from foi.formats import gbp_short

#: change type -> (legend label, colour, pattern): withheld is hatched as on every page; a
#: figure that went dark has stripes of its own, so no two series differ by colour alone.
_SERIES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "went_dark": ("Went dark (disclosed, then withheld)", PALETTE["stopped"], WENT_DARK_PATTERN),
    "came_to_light": ("Came to light (withheld, then disclosed)", PALETTE["completed"], None),
    "stayed_withheld": ("Stayed withheld", PALETTE["withheld"], WITHHELD_PATTERN),
}

NO_DEPARTMENT = "Department not given"


def by_department(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per department and change type shown, from changes.counts(): the chart's numbers.

    `gbp` is the money as last disclosed (went dark: the earlier release; came to light: the
    later one); stayed withheld has none.
    """
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row["change"] not in _SERIES:
            continue
        dept = row["department"] or NO_DEPARTMENT
        entry = out.setdefault(
            (dept, row["change"]),
            {
                "department": dept,
                "change": row["change"],
                "figures": 0,
                "gbp": Decimal(0),
                "bases": set(),
            },
        )
        entry["figures"] += row["n"]
        entry["bases"].add(row["basis"])
        money = row["gbp_from"] if row["change"] == "went_dark" else row["gbp_to"]
        if row["change"] != "stayed_withheld" and money is not None:
            entry["gbp"] += money
    for entry in out.values():  # money of different bases is never added: none is shown
        if len(entry.pop("bases")) > 1:
            entry["gbp"] = None
    return sorted(
        out.values(), key=lambda r: (r["department"].lower(), list(_SERIES).index(r["change"]))
    )


def department_chart(numbers: Sequence[dict[str, Any]], title: str, pair: str = "") -> go.Figure:
    """Horizontal bars per department: figures that went dark, came to light, stayed withheld."""
    departments = sorted({r["department"] for r in numbers}, key=str.lower)
    fig = go.Figure()
    for change, (label, colour_, pattern) in _SERIES.items():
        got = {r["department"]: r for r in numbers if r["change"] == change}
        if not got:
            continue
        marker: dict[str, Any] = {"color": colour_}
        if pattern:
            marker["pattern"] = pattern
        hover = []
        for dept in departments:
            row = got.get(dept)
            if row is None:
                hover.append("")
                continue
            money = ""
            if row["gbp"] is None and change != "stayed_withheld":
                money = "<br>money: one cost field at a time (filter a field)"
            elif change == "went_dark":
                money = f"<br>{esc(gbp_short(row['gbp']))} when last disclosed"
            elif change == "came_to_light":
                money = f"<br>{esc(gbp_short(row['gbp']))} now disclosed"
            hover.append(f"<b>{esc(dept)}</b><br>{esc(label)}: {row['figures']:,}{money}")
        fig.add_trace(
            go.Bar(
                name=label,
                orientation="h",
                y=[esc(d) for d in departments],
                x=[got[d]["figures"] if d in got else 0 for d in departments],
                marker=marker,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    return layout(
        fig,
        esc(title),
        (esc(pair) + ". " if pair else "")
        + "Figures per department, as the later release names it; A-Z, not a ranking",
        barmode="group",
        height=max(360, 120 + 34 * len(departments)),
        xaxis_title="Figures",
        yaxis={"autorange": "reversed", "automargin": True, "gridcolor": "#e5e5e5"},
    )

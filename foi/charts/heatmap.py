"""What is missing at a glance: the share of cost figures withheld, by department, cost field
and release, with the counts written in every cell.

A share alone misleads: a department with 2 of 3 figures withheld is not like one with 40 of
60, so each cell reads "2 of 3" under its percentage. Departments are in A-Z order, never
sorted by their share, so the map is not a league table; an empty cell means the department
had no figure of that field in that release, not 0%.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import esc, layout
from foi.vocab import BASES, basis_label

#: Light to dark, one hue: a share, not a category.
_SCALE = [
    [0.0, "#f7f4f9"],
    [0.25, "#d4b9da"],
    [0.5, "#c994c7"],
    [0.75, "#dd3497"],
    [1.0, "#7a0177"],
]


def share_text(withheld: int, figures: int) -> str:
    """A share as a whole percentage that never rounds a withheld figure away: 1 of 300 is
    "<1%", not "0%", and 299 of 300 is ">99%", not "100%"."""
    share = withheld / figures
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"


def columns(rows: Sequence[Mapping[str, Any]], releases: Sequence[str]) -> list[tuple[str, str]]:
    """(basis, release) for each column: fields in vocabulary order, releases oldest first."""
    order = list(BASES)
    bases = sorted(
        {r["basis"] for r in rows}, key=lambda b: (order.index(b) if b in order else 99, b)
    )
    return [
        (b, d)
        for b in bases
        for d in releases
        if any(r["basis"] == b and r["dataset"] == d for r in rows)
    ]


def withheld_heatmap(
    rows: Sequence[Mapping[str, Any]], releases: Sequence[str], titles: Mapping[str, str]
) -> go.Figure:
    """The heat map, from queries/withheld_by_department.sql rows."""
    cols = columns(rows, releases)
    departments = sorted({r["department"] for r in rows}, key=str.lower)
    cell = {(r["department"], r["basis"], r["dataset"]): r for r in rows}
    z, text, hover = [], [], []
    for dept in departments:
        z_row, t_row, h_row = [], [], []
        for basis, dataset in cols:
            found = cell.get((dept, basis, dataset))
            if found is None or not found["figures"]:
                z_row.append(None)
                t_row.append("")
                h_row.append(
                    f"{esc(dept)}: no {esc(basis_label(basis).lower())} figure in {esc(titles.get(dataset, dataset))}"
                )
                continue
            share = found["withheld"] / found["figures"]
            z_row.append(share)
            t_row.append(
                f"{share_text(found['withheld'], found['figures'])}<br>"
                f"{found['withheld']:,} of {found['figures']:,}"
            )
            h_row.append(
                f"<b>{esc(dept)}</b><br>{esc(basis_label(basis))}, {esc(titles.get(dataset, dataset))}"
                f"<br>{found['withheld']:,} of {found['figures']:,} figures withheld ({share:.0%})"
                f"<br>{found['disclosed']:,} disclosed, {found['not_given']:,} not given"
            )
        z.append(z_row)
        text.append(t_row)
        hover.append(h_row)
    x = [f"{esc(basis_label(b)).replace('-year ', '-year<br>')}<br>{esc(d)}" for b, d in cols]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=[esc(d) for d in departments],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertext=hover,
            hoverinfo="text",
            colorscale=_SCALE,
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "Share withheld"}, "tickformat": ".0%"},
        )
    )
    return layout(
        fig,
        "What is missing: share of cost figures withheld",
        "By department (A-Z, not a ranking), cost field and release; each cell gives the count "
        "withheld of the figures there",
        height=max(360, 140 + 40 * len(departments)),
        xaxis={
            "side": "bottom",
            "tickangle": 0,
            "automargin": True,
            "showgrid": False,
            "tickfont": {"size": 11},
        },
        yaxis={"autorange": "reversed", "automargin": True, "showgrid": False},
        margin={"l": 70, "r": 20, "t": 90, "b": 60},
    )


def withheld_table(
    rows: Sequence[Mapping[str, Any]], titles: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The numbers behind the map: every cell, its counts and its share."""
    return [
        {
            "Department": r["department"],
            "Cost field": basis_label(r["basis"]),
            "Release": titles.get(r["dataset"], r["dataset"]),
            "Withheld": r["withheld"],
            "Disclosed": r["disclosed"],
            "Not given": r["not_given"],
            "Figures": r["figures"],
            "Share withheld": r["withheld"] / r["figures"] if r["figures"] else None,
        }
        for r in rows
    ]

"""The timeline and the Projects facet chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import (
    PALETTE,
    colour,
    esc,
    layout,
)
from foi.money import format_gbp


def timeline_chart(
    events: Sequence[dict[str, Any]], roles: dict[str, str], title: str
) -> go.Figure:
    """One row per event on a date axis; colour and legend say which project it concerns."""
    fig = go.Figure()
    lanes: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        project = e.get("project")
        lanes.setdefault(project if isinstance(project, str) else "General", []).append(e)
    order = [esc(e["title"]) for e in events]
    for lane, items in lanes.items():
        project_id = items[0].get("project_id")
        role = roles.get(project_id, "other") if isinstance(project_id, str) else "other"
        fig.add_scatter(
            name=esc(lane),
            x=[str(e["event_date"]) for e in items],
            y=[esc(e["title"]) for e in items],
            mode="markers",
            marker={
                "size": 13,
                "color": colour(role),
                "symbol": "circle" if lane != "General" else "diamond",
                "line": {"width": 1, "color": "#333"},
            },
            customdata=[[esc(e["claim"]), esc(e["source_id"]), e["date_precision"]] for e in items],
            hovertemplate=(
                "<b>%{y}</b><br>%{x|%d %b %Y} (date known to the %{customdata[2]})"
                "<br>%{customdata[0]}<br>Source: %{customdata[1]}<extra></extra>"
            ),
        )
    fig.update_xaxes(type="date", dtick="M6", tickformat="%b %Y")
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    fig = layout(fig, title, height=180 + 34 * len(events))
    fig.update_layout(margin={"b": 40}, legend={"title": {"text": "Concerns: "}})
    return fig


FACET_TITLES: dict[str, str] = {
    "area": "expense area",
    "category": "expense type",
    "subject": "supplier or project",
    "status": "status",
}


def facet_chart(rows: Sequence[dict[str, Any]], field: str, title: str) -> go.Figure:
    """Rows matching the filters, by one field: the largest values, then all the others.

    Bars count rows (what a facet counts); the hover adds the money disclosed in them.
    """
    kept = [r for r in rows if r["field"] == field]
    labels = [esc(r["label"]) if not r["other"] else "All others" for r in kept]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=[int(r["rows"]) for r in kept],
        orientation="h",
        marker={"color": [PALETTE["other"] if r["other"] else PALETTE["live"] for r in kept]},
        customdata=[[format_gbp(r["disclosed_gbp"]) if r["disclosed_gbp"] else "£0"] for r in kept],
        hovertemplate="%{y}: %{x:,} rows, %{customdata[0]} disclosed<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    return layout(
        fig, title, xaxis_title="rows", height=max(260, 120 + 28 * len(kept)), showlegend=False
    )

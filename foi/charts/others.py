"""The timeline and the Projects facet chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import (
    PALETTE,
    esc,
    layout,
    series_styles,
    wrap_label,
)
from foi.money import format_gbp

#: The lane of events that concern no one project, and how it is drawn: neutral grey.
GENERAL = "General"
_GENERAL_STYLE = (PALETTE["other"], "diamond")
#: Characters per line of an event's title on the timeline's axis (it wraps, so a
#: phone keeps room for the dates), and of a concern's name in the legend.
EVENT_CHARS = 30
CONCERN_CHARS = 40
#: Px per line of an event's title (13 px type), and the room the legend may take when
#: a phone stacks one concern a row.
LINE_PX = 17
LEGEND_PX = 150


def timeline_chart(
    events: Sequence[dict[str, Any]], roles: dict[str, str], title: str
) -> go.Figure:
    """One row per event on a date axis; colour, symbol and legend say what it concerns.

    Each concern (the project an event is about, or "General") is its own series with
    its own marker symbol and colour: a project with a status keeps its status's colour,
    the others take colours no other series of the chart has, so no two series look
    alike in colour or in shape. The legend is titled, so its first entry is a concern,
    never a stray label.
    """
    fig = go.Figure()
    lanes: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        project = e.get("project")
        lanes.setdefault(project if isinstance(project, str) else GENERAL, []).append(e)

    def label(e: dict[str, Any]) -> str:
        return wrap_label(esc(e["title"]), EVENT_CHARS)

    def role(items: list[dict[str, Any]]) -> str:
        project_id = items[0].get("project_id")
        return roles.get(project_id, "other") if isinstance(project_id, str) else "other"

    styles = series_styles(
        list(lanes), [role(items) for items in lanes.values()], {GENERAL: _GENERAL_STYLE}
    )
    order = [label(e) for e in events]
    lines = max((text.count("<br>") + 1 for text in order), default=1)
    for lane, items in lanes.items():
        tint, symbol = styles[lane]
        fig.add_scatter(
            name=wrap_label(esc(lane), CONCERN_CHARS),
            x=[str(e["event_date"]) for e in items],
            y=[label(e) for e in items],
            mode="markers",
            marker={
                "size": 13,
                "color": tint,
                "symbol": symbol,
                "line": {"width": 1, "color": "#333"},
            },
            customdata=[[esc(e["claim"]), esc(e["source_id"]), e["date_precision"]] for e in items],
            hovertemplate=(
                "<b>%{y}</b><br>%{x|%d %b %Y} (date known to the %{customdata[2]})"
                "<br>%{customdata[0]}<br>Source: %{customdata[1]}<extra></extra>"
            ),
        )
    # No fixed tick step: plotly spaces the dates to the width drawn (years on a phone).
    fig.update_xaxes(type="date", tickformat="%b %Y")
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    # Every row holds the longest title's lines, however many rows the legend takes.
    fig = layout(fig, title, height=160 + LEGEND_PX + (LINE_PX * lines + 12) * len(events))
    fig.update_layout(
        margin={"b": 40},
        legend={"title": {"text": "<b>Concern</b>", "side": "top"}, "itemsizing": "constant"},
    )
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

"""Charts of what was never itemised or was withheld: the Redacted-cost gaps page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import (
    DISCLOSURE_STYLE,
    INFERRED_PATTERN,
    PALETTE,
    UNNAMED_MARKER,
    WITHHELD_PATTERN,
    colour,
    esc,
    layout,
    millions,
)
from foi.money import format_gbp


@dataclass(frozen=True)
class GapBar:
    """One group's total split into its parts for the gap chart."""

    label: str
    role: str | None
    itemised_gbp: float
    assumed_gbp: float
    gap_gbp: float
    total_gbp: float
    source: str


def gap_chart(bars: Sequence[GapBar], title: str, subtitle: str | None = None) -> go.Figure:
    """Horizontal stacked bars: itemised + assumed (inference) + never itemised = total."""
    fig = go.Figure()
    y = [b.label for b in bars]
    hover = "<b>%{y}</b><br>%{fullData.name}: £%{x:,.1f}m<br>Source: %{customdata}<extra></extra>"
    for b in bars:
        fig.add_bar(
            name=f"Itemised per project: {esc(b.label)}",
            y=[b.label],
            x=[millions(b.itemised_gbp)],
            orientation="h",
            marker={"color": colour(b.role)},
            customdata=[esc(b.source)],
            hovertemplate=hover,
            showlegend=b.itemised_gbp > 0,
        )
    src = [esc(b.source) for b in bars]
    if any(b.assumed_gbp for b in bars):
        fig.add_bar(
            name="Assumed inside the total (inference)",
            y=y,
            x=[millions(b.assumed_gbp) for b in bars],
            orientation="h",
            marker={"color": PALETTE["inferred"], "pattern": INFERRED_PATTERN},
            customdata=src,
            hovertemplate=hover,
        )
    fig.add_bar(
        name="Never itemised (redacted-cost gap)",
        y=y,
        x=[millions(b.gap_gbp) for b in bars],
        orientation="h",
        marker={"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN},
        customdata=src,
        hovertemplate=hover,
        text=[f"total {format_gbp(Decimal(str(b.total_gbp)))}" for b in bars],
        textposition="outside",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_traces(cliponaxis=False)
    fig = layout(
        fig, title, subtitle, xaxis_title="£m", barmode="stack", height=150 + 70 * len(bars)
    )
    fig.update_layout(margin={"r": 110})
    return fig


def members_chart(groups: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Named versus unnamed members per group, as counts.

    Named in the group's colour; unnamed in the unnamed style (grey grid), as on the
    Stopped page, never the pink hatch of money never itemised.
    """
    fig = go.Figure()
    y = [g["label"] for g in groups]
    for g in groups:
        fig.add_bar(
            name=f"Named: {esc(g['label'])}",
            y=[g["label"]],
            x=[g["named"]],
            orientation="h",
            marker={"color": colour(g.get("role"))},
            hovertemplate="<b>%{y}</b><br>Named: %{x}<extra></extra>",
            showlegend=g["named"] > 0,
        )
    fig.add_bar(
        name="Unnamed (counted, never named)",
        y=y,
        x=[g["unnamed"] for g in groups],
        orientation="h",
        marker=UNNAMED_MARKER,
        hovertemplate="<b>%{y}</b><br>Unnamed: %{x}<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    return layout(
        fig, title, xaxis_title="Projects", barmode="stack", height=150 + 60 * len(groups)
    )


def disclosure_mix_chart(rows: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Per basis, how many figures were disclosed, withheld, redacted and so on."""
    fig = go.Figure()
    bases = list(dict.fromkeys(r["basis_label"] for r in rows))
    for status, style in DISCLOSURE_STYLE.items():
        mine = {r["basis_label"]: r["figures"] for r in rows if r["disclosure"] == status}
        if not mine:
            continue
        fig.add_bar(
            name=status.replace("_", " ").capitalize(),
            y=bases,
            x=[mine.get(b, 0) for b in bases],
            orientation="h",
            marker=style,
            hovertemplate="<b>%{y}</b><br>"
            + status.replace("_", " ")
            + ": %{x:,} figures<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, xaxis_title="Figures", barmode="stack", height=170 + 60 * len(bases))


def counterparty_chart(rows: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Money paid by whether the supplier's name was disclosed."""
    fig = go.Figure()
    for r in rows:
        status = r["counterparty_status"]
        fig.add_bar(
            name=f"Supplier {status.replace('_', ' ')}",
            y=["Payments"],
            x=[millions(r["amount_gbp"])],
            orientation="h",
            marker=DISCLOSURE_STYLE.get(status, {"color": "#999999"}),
            customdata=[[r["payments"]]],
            hovertemplate="Supplier "
            + status
            + ": £%{x:,.2f}m in %{customdata[0]:,} payments<extra></extra>",
        )
    return layout(fig, title, xaxis_title="£m", barmode="stack", height=230)

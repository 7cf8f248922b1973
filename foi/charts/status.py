"""Charts of projects and money by status: the Stopped vs corrected page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import (
    CONFLICT_PATTERN,
    PALETTE,
    UNNAMED_MARKER,
    WITHHELD_PATTERN,
    colour,
    esc,
    layout,
    millions,
    wrap_label,
)
from foi.money import format_gbp


@dataclass(frozen=True)
class Bar:
    """One bar of the stopped-versus-corrected chart: a status group's known and unknown parts."""

    label: str
    role: str | None
    itemised: float  # £ or count that is itemised / named
    unitemised: float  # £ or count that is not
    total_text: str
    basis: str
    disclosure: str
    source: str


def status_bars(groups: Sequence[dict[str, Any]], unit: str) -> list[Bar]:
    """Bars from summary groups: money (itemised vs never itemised) or projects (named vs not)."""
    bars = []
    for g in groups:
        if unit == "count":
            bars.append(
                Bar(
                    label=g["label"],
                    role=g.get("role"),
                    itemised=g["named"],
                    unitemised=g["unnamed"],
                    total_text=f"{g['projects']} projects",
                    basis="count of projects",
                    disclosure=f"{g['named']} named, {g['unnamed']} unnamed",
                    source=", ".join(g["source_ids"]),
                )
            )
        else:
            bars.append(
                Bar(
                    label=g["label"],
                    role=g.get("role"),
                    itemised=millions(g["itemised_gbp"]),
                    unitemised=millions(g["gap_gbp"]),
                    total_text=format_gbp(g["total_gbp"]),
                    basis=g["basis"],
                    disclosure=(
                        f"total disclosed; {g['withheld_figures']} per-project figures withheld"
                    ),
                    source=", ".join(g["source_ids"]),
                )
            )
    return bars


def stopped_vs_corrected(bars: Sequence[Bar], unit: str, title: str) -> go.Figure:
    """Stacked bars per status: itemised (solid, status colour) and never itemised (hatched).

    In projects, the unknown part is the unnamed projects: drawn in the unnamed style
    (grey grid), not the withheld hatch, since a project without a name is not money
    never itemised.

    The known part is one trace per status so each legend swatch has its bar's
    colour; an all-zero known part stays in the data (it is a finding) but
    leaves the legend.
    """
    fig = go.Figure()
    labels = [b.label for b in bars]
    hover = (
        "<b>%{x}</b><br>%{customdata[0]}: %{y:,.1f}"
        + ("m" if unit == "gbp" else "")
        + "<br>Basis: %{customdata[1]}<br>Disclosure: %{customdata[2]}"
        "<br>Source: %{customdata[3]}<extra></extra>"
    )
    known = "Itemised per project" if unit == "gbp" else "Named projects"
    unknown = "Never itemised (total only)" if unit == "gbp" else "Unnamed projects"
    for b in bars:
        fig.add_bar(
            name=f"{known}: {esc(b.label)}",
            x=[b.label],
            y=[b.itemised],
            marker={"color": colour(b.role)},
            customdata=[[known, esc(b.basis), esc(b.disclosure), esc(b.source)]],
            hovertemplate=hover,
            showlegend=b.itemised > 0,
            legendgroup="known",
        )
    fig.add_bar(
        name=unknown,
        x=labels,
        y=[b.unitemised for b in bars],
        marker=(
            {"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN}
            if unit == "gbp"
            else UNNAMED_MARKER
        ),
        customdata=[[unknown, esc(b.basis), esc(b.disclosure), esc(b.source)] for b in bars],
        hovertemplate=hover,
        text=[b.total_text for b in bars],
        textposition="outside",
        cliponaxis=False,
    )
    ytitle = "£m" if unit == "gbp" else "Projects"
    return layout(fig, title, yaxis_title=ytitle, barmode="stack", showlegend=True)


def status_counts_chart(rows: Sequence[dict[str, Any]], split: str, title: str) -> go.Figure:
    """Projects per status, split into named and unnamed, or by organisation.

    `rows` carry status label, role, a split value and a project count. Unnamed projects
    are drawn in the unnamed style (grey grid), never the pink hatch of money never
    itemised; each status is named on the axis under its bar.
    """
    fig = go.Figure()
    labels = list(dict.fromkeys(r["label"] for r in rows))
    parts = list(dict.fromkeys(r["part"] for r in rows))
    for i, part in enumerate(parts):
        mine = {r["label"]: r for r in rows if r["part"] == part}
        hatched = split == "named" and part.startswith("Unnamed")
        marker: dict[str, Any] = {
            "color": [colour(mine[lab]["role"]) if lab in mine else "#ffffff" for lab in labels]
        }
        if hatched:
            marker = UNNAMED_MARKER
        elif split == "organisation" and i:
            marker["pattern"] = {"shape": ["x", "+", "-", "|"][i % 4], "fillmode": "overlay"}
        fig.add_bar(
            name=esc(part),
            x=labels,
            y=[mine[lab]["projects"] if lab in mine else 0 for lab in labels],
            marker=marker,
            customdata=[esc(mine[lab]["source"]) if lab in mine else "" for lab in labels],
            hovertemplate="<b>%{x}</b><br>" + esc(part) + ": %{y} projects"
            "<br>Source: %{customdata}<extra></extra>",
        )
    return layout(fig, title, yaxis_title="Projects", barmode="stack")


def basis_money_chart(rows: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Disclosed money per status, one group of bars per basis: bases are never stacked or added.

    Each status's bar is the money its sources agree on. Where sources give a project
    different figures on the same basis, none is picked: a hatched bar floats over the
    agreed money from the lowest to the highest total the sources allow, and its hover
    gives every figure with its source. A declared discrepancy is named on the bar.

    Statuses sit side by side in a basis's group, told apart by more than colour (two
    statuses can share one, and a reader may not see it): each bar carries its status's
    name, and each range its status's name over the two totals.
    """
    fig = go.Figure()
    statuses = list(dict.fromkeys(r["label"] for r in rows))
    bases = list(dict.fromkeys(r["basis_label"] for r in rows))
    for label in statuses:
        mine = {r["basis_label"]: r for r in rows if r["label"] == label}
        role = next(r["role"] for r in rows if r["label"] == label)

        def flag(r: dict[str, Any]) -> str:
            return f"⚠ {esc(r['discrepancy_text'])}" if r["discrepancy_text"] else ""

        def named(r: dict[str, Any], status: str = label) -> str:
            return f"{esc(status)} {flag(r)}".strip()

        agreed = [mine.get(b) for b in bases]
        fig.add_bar(
            name=esc(label),
            legendgroup=esc(label),
            offsetgroup=esc(label),
            x=bases,
            y=[millions(r["agreed_gbp"]) if r else None for r in agreed],
            marker={"color": colour(role)},
            text=[named(r) if r and not r["conflicting_projects"] else "" for r in agreed],
            # Inside a bar that has room for it, else over the bar; never shrunk to nothing.
            textposition="auto",
            textangle=-90,
            insidetextanchor="start",
            constraintext="none",
            textfont={"size": 10},
            customdata=[
                [
                    esc(r["agreed_projects"]),
                    esc(r["source_text"]),
                    esc(r["discrepancy_text"] or "none"),
                ]
                if r
                else ["", "", ""]
                for r in agreed
            ],
            hovertemplate="<b>" + esc(label) + "</b> · %{x}<br>£%{y:,.1f}m the sources agree on"
            "<br>Projects: %{customdata[0]}<br>Sources: %{customdata[1]}"
            "<br>Declared discrepancies: %{customdata[2]}<extra></extra>",
        )
        disputed = [r if r and r["conflicting_projects"] else None for r in agreed]
        if any(disputed):
            fig.add_bar(
                name=f"{esc(label)}: sources disagree (range)",
                legendgroup=esc(label),
                offsetgroup=esc(label),
                x=bases,
                base=[
                    millions(r["agreed_gbp"] + r["conflict_low_gbp"]) if r else None
                    for r in disputed
                ],
                y=[
                    max(millions(r["conflict_high_gbp"] - r["conflict_low_gbp"]), 0.5)
                    if r
                    else None
                    for r in disputed
                ],
                marker={"color": colour(role), "pattern": CONFLICT_PATTERN},
                text=[
                    # Stacked on lines so the label fits over its own bar, not its neighbour.
                    f"{wrap_label(esc(label), 12)}:<br>"
                    f"{format_gbp(r['agreed_gbp'] + r['conflict_low_gbp'])}–<br>"
                    f"{format_gbp(r['agreed_gbp'] + r['conflict_high_gbp'])}"
                    f"<br>{flag(r)}".removesuffix("<br>")
                    if r
                    else ""
                    for r in disputed
                ],
                textposition="outside",
                constraintext="none",
                cliponaxis=False,
                textfont={"size": 11},
                customdata=[
                    [esc(r["conflict_text"]).replace("\n", "<br>"), esc(r["source_text"])]
                    if r
                    else ["", ""]
                    for r in disputed
                ],
                hovertemplate="<b>" + esc(label) + "</b> · %{x}<br>Sources disagree; neither "
                "figure is picked:<br>%{customdata[0]}<br>Sources: %{customdata[1]}"
                "<extra></extra>",
            )
    return layout(
        fig, title, yaxis_title="£m", xaxis_title="Basis (what the money means)", barmode="group"
    )

"""Plotly figures, built from plain data so tests can read them without a browser.

One colour-blind-safe palette (Okabe-Ito) is used on every page: the same
status always has the same colour, and money that was never itemised or was
withheld is always its own hatched, labelled series, never a zero and never
hidden. Titles state the finding; axes carry their unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from foi.money import format_gbp

#: role -> colour (Okabe-Ito). Every status of every dataset maps to a role.
PALETTE: dict[str, str] = {
    "stopped": "#D55E00",  # vermillion
    "corrective": "#E69F00",  # orange
    "live": "#0072B2",  # blue
    "completed": "#009E73",  # bluish green
    "other": "#999999",  # grey
    "withheld": "#CC79A7",  # reddish purple: never itemised / withheld
    "inferred": "#56B4E9",  # sky blue: assumed, not disclosed
}
WITHHELD_PATTERN = {"shape": "/", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4}
INFERRED_PATTERN = {"shape": ".", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4}
FONT = "Source Sans Pro, Arial, sans-serif"


def colour(role: str | None) -> str:
    """The palette colour of a status role; unknown roles are grey."""
    return PALETTE.get(role or "other", PALETTE["other"])


def plot_config(filename: str) -> dict[str, Any]:
    """Plotly config: the modebar's camera button saves a PNG named for the view."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def _layout(fig: go.Figure, title: str, subtitle: str | None = None, **kw: Any) -> go.Figure:
    """The house layout around `fig`'s traces, as one new figure.

    Built as a plain dict and validated once by the constructor: plotly's
    `update_layout` / `update_xaxes` validate path by path and cost a page run
    tens of milliseconds. `xaxis_title=` and `yaxis_title=` are accepted as in plotly.
    """
    text = f"<b>{title}</b>" if not subtitle else f"<b>{title}</b><br><sup>{subtitle}</sup>"
    base = fig.layout.to_plotly_json()
    base.pop("template", None)  # plotly's default theme: re-validating a copy is the slow part
    axis = {"gridcolor": "#e5e5e5", "zerolinecolor": "#bbbbbb", "automargin": True}
    layout: dict[str, Any] = {
        **base,
        "title": {"text": text, "x": 0, "xanchor": "left", "font": {"size": 18}},
        "font": {"family": FONT, "size": 13},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        "margin": {"l": 70, "r": 20, "t": 110, "b": 50},
        "plot_bgcolor": "#ffffff",
        "bargap": 0.35,
        "xaxis": {**axis, **base.get("xaxis", {})},
        "yaxis": {**axis, **base.get("yaxis", {})},
    }
    for key, value in kw.items():
        if key in ("xaxis_title", "yaxis_title"):
            layout[key.split("_")[0]]["title"] = {"text": value}
        else:
            layout[key] = value
    return go.Figure(data=fig.data, layout=layout)  # the default theme applies, as before


def _m(value: Decimal | int | float | None) -> float:
    """Pounds to £m for an axis in millions."""
    return float(value or 0) / 1_000_000


def _esc(text: Any) -> str:
    """Data text made inert for plotly's HTML-ish labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
                    itemised=_m(g["itemised_gbp"]),
                    unitemised=_m(g["gap_gbp"]),
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
            name=f"{known}: {_esc(b.label)}",
            x=[b.label],
            y=[b.itemised],
            marker={"color": colour(b.role)},
            customdata=[[known, _esc(b.basis), _esc(b.disclosure), _esc(b.source)]],
            hovertemplate=hover,
            showlegend=b.itemised > 0,
            legendgroup="known",
        )
    fig.add_bar(
        name=unknown,
        x=labels,
        y=[b.unitemised for b in bars],
        marker={"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN},
        customdata=[[unknown, _esc(b.basis), _esc(b.disclosure), _esc(b.source)] for b in bars],
        hovertemplate=hover,
        text=[b.total_text for b in bars],
        textposition="outside",
        cliponaxis=False,
    )
    ytitle = "£m" if unit == "gbp" else "Projects"
    return _layout(fig, title, yaxis_title=ytitle, barmode="stack", showlegend=True)


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
            name=f"Itemised per project: {_esc(b.label)}",
            y=[b.label],
            x=[_m(b.itemised_gbp)],
            orientation="h",
            marker={"color": colour(b.role)},
            customdata=[_esc(b.source)],
            hovertemplate=hover,
            showlegend=b.itemised_gbp > 0,
        )
    src = [_esc(b.source) for b in bars]
    if any(b.assumed_gbp for b in bars):
        fig.add_bar(
            name="Assumed inside the total (inference)",
            y=y,
            x=[_m(b.assumed_gbp) for b in bars],
            orientation="h",
            marker={"color": PALETTE["inferred"], "pattern": INFERRED_PATTERN},
            customdata=src,
            hovertemplate=hover,
        )
    fig.add_bar(
        name="Never itemised (redacted-cost gap)",
        y=y,
        x=[_m(b.gap_gbp) for b in bars],
        orientation="h",
        marker={"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN},
        customdata=src,
        hovertemplate=hover,
        text=[f"total {format_gbp(Decimal(str(b.total_gbp)))}" for b in bars],
        textposition="outside",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_traces(cliponaxis=False)
    fig = _layout(
        fig, title, subtitle, xaxis_title="£m", barmode="stack", height=150 + 70 * len(bars)
    )
    fig.update_layout(margin={"r": 110})
    return fig


def members_chart(groups: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Named versus unnamed members per group, as counts (named in the group's colour)."""
    fig = go.Figure()
    y = [g["label"] for g in groups]
    for g in groups:
        fig.add_bar(
            name=f"Named: {_esc(g['label'])}",
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
        marker={"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN},
        hovertemplate="<b>%{y}</b><br>Unnamed: %{x}<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig, title, xaxis_title="Projects", barmode="stack", height=150 + 60 * len(groups)
    )


def timeline_chart(
    events: Sequence[dict[str, Any]], roles: dict[str, str], title: str
) -> go.Figure:
    """One row per event on a date axis; colour and legend say which project it concerns."""
    fig = go.Figure()
    lanes: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        project = e.get("project")
        lanes.setdefault(project if isinstance(project, str) else "General", []).append(e)
    order = [_esc(e["title"]) for e in events]
    for lane, items in lanes.items():
        project_id = items[0].get("project_id")
        role = roles.get(project_id, "other") if isinstance(project_id, str) else "other"
        fig.add_scatter(
            name=_esc(lane),
            x=[str(e["event_date"]) for e in items],
            y=[_esc(e["title"]) for e in items],
            mode="markers",
            marker={
                "size": 13,
                "color": colour(role),
                "symbol": "circle" if lane != "General" else "diamond",
                "line": {"width": 1, "color": "#333"},
            },
            customdata=[
                [_esc(e["claim"]), _esc(e["source_id"]), e["date_precision"]] for e in items
            ],
            hovertemplate=(
                "<b>%{y}</b><br>%{x|%d %b %Y} (date known to the %{customdata[2]})"
                "<br>%{customdata[0]}<br>Source: %{customdata[1]}<extra></extra>"
            ),
        )
    fig.update_xaxes(type="date", dtick="M6", tickformat="%b %Y")
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    fig = _layout(fig, title, height=180 + 34 * len(events))
    fig.update_layout(margin={"b": 40}, legend={"title": {"text": "Concerns: "}})
    return fig


def status_counts_chart(rows: Sequence[dict[str, Any]], split: str, title: str) -> go.Figure:
    """Projects per status, split into named and unnamed, or by organisation.

    `rows` carry status label, role, a split value and a project count.
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
            marker = {"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN}
        elif split == "organisation" and i:
            marker["pattern"] = {"shape": ["x", "+", "-", "|"][i % 4], "fillmode": "overlay"}
        fig.add_bar(
            name=_esc(part),
            x=labels,
            y=[mine[lab]["projects"] if lab in mine else 0 for lab in labels],
            marker=marker,
            customdata=[_esc(mine[lab]["source"]) if lab in mine else "" for lab in labels],
            hovertemplate="<b>%{x}</b><br>" + _esc(part) + ": %{y} projects"
            "<br>Source: %{customdata}<extra></extra>",
        )
    return _layout(fig, title, yaxis_title="Projects", barmode="stack")


def basis_money_chart(rows: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Disclosed money per status, one group of bars per basis: bases are never stacked or added."""
    fig = go.Figure()
    statuses = list(dict.fromkeys(r["label"] for r in rows))
    bases = list(dict.fromkeys(r["basis_label"] for r in rows))
    for label in statuses:
        mine = {r["basis_label"]: r for r in rows if r["label"] == label}
        role = next(r["role"] for r in rows if r["label"] == label)
        fig.add_bar(
            name=_esc(label),
            x=bases,
            y=[_m(mine[b]["disclosed_gbp"]) if b in mine else None for b in bases],
            marker={"color": colour(role)},
            customdata=[
                [_esc(mine[b]["projects_with_figure"]) if b in mine else "", "disclosed"]
                for b in bases
            ],
            hovertemplate="<b>" + _esc(label) + "</b> · %{x}<br>£%{y:,.1f}m disclosed"
            "<br>Projects with a figure: %{customdata[0]}<br>Disclosure: %{customdata[1]}"
            "<extra></extra>",
        )
    return _layout(
        fig, title, yaxis_title="£m", xaxis_title="Basis (what the money means)", barmode="group"
    )


#: How each disclosure status is drawn: withheld and redacted always hatched pink.
DISCLOSURE_STYLE: dict[str, dict[str, Any]] = {
    "disclosed": {"color": "#0072B2"},
    "withheld": {"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN},
    "redacted": {
        "color": PALETTE["withheld"],
        "pattern": {"shape": "x", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4},
    },
    "not_held": {"color": "#999999"},
    "not_yet_available": {"color": PALETTE["inferred"]},
    "unknown": {"color": "#dddddd"},
}


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
    return _layout(fig, title, xaxis_title="Figures", barmode="stack", height=170 + 60 * len(bases))


def counterparty_chart(rows: Sequence[dict[str, Any]], title: str) -> go.Figure:
    """Money paid by whether the supplier's name was disclosed."""
    fig = go.Figure()
    for r in rows:
        status = r["counterparty_status"]
        fig.add_bar(
            name=f"Supplier {status.replace('_', ' ')}",
            y=["Payments"],
            x=[_m(r["amount_gbp"])],
            orientation="h",
            marker=DISCLOSURE_STYLE.get(status, {"color": "#999999"}),
            customdata=[[r["payments"]]],
            hovertemplate="Supplier "
            + status
            + ": £%{x:,.2f}m in %{customdata[0]:,} payments<extra></extra>",
        )
    return _layout(fig, title, xaxis_title="£m", barmode="stack", height=230)


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
    labels = [_esc(r["label"]) if not r["other"] else "All others" for r in kept]
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
    return _layout(
        fig, title, xaxis_title="rows", height=max(260, 120 + 28 * len(kept)), showlegend=False
    )

"""The house style every chart shares: palette, hatching, layout, labels and PNG config.

One colour-blind-safe palette (Okabe-Ito) is used on every page: the same status
always has the same colour, and money that was never itemised or was withheld is
always its own hatched, labelled series, never a zero and never hidden.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

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
#: Sources that disagree: the range between their figures, never one of them picked.
CONFLICT_PATTERN = {"shape": "-", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.5}
INFERRED_PATTERN = {"shape": ".", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4}
FONT = "Source Sans Pro, Arial, sans-serif"

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


def layout(fig: go.Figure, title: str, subtitle: str | None = None, **kw: Any) -> go.Figure:
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


def millions(value: Decimal | int | float | None) -> float:
    """Pounds to £m for an axis in millions."""
    return float(value or 0) / 1_000_000


def esc(text: Any) -> str:
    """Data text made inert for plotly's HTML-ish labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

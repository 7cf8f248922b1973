"""Data text made inert in a finished figure's category labels and legend names.

Plotly reads a subset of HTML in axis labels and legend entries: a status cell reading
`<a href="https://evil.example/login" style="font-size:40px">Sign in again</a>` became a
live, styled link on an axis. Every chart passes through here on its way to the page
(foi.ui.chart_block), so no chart function can forget: `<` and `>` in category values and
trace names are written as entities, which Plotly shows as the characters themselves.
The one tag the charts write on purpose, a line break (`<br>`), is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

_BREAK = "<br>"


def inert(text: str) -> str:
    """`text` with every `<` and `>` but those of a `<br>` written as entities."""
    return _BREAK.join(
        part.replace("<", "&lt;").replace(">", "&gt;") for part in text.split(_BREAK)
    )


def _inert_values(values: Any) -> Any:
    textual = isinstance(values, Sequence) and not isinstance(values, str)
    if textual and any(isinstance(v, str) for v in values):
        return [inert(v) if isinstance(v, str) else v for v in values]
    return values


def inert_labels(fig: go.Figure) -> go.Figure:
    """`fig` with its traces' category values (x, y, labels) and names made inert, in place."""
    for trace in fig.data:
        for axis in ("x", "y", "labels"):
            values = getattr(trace, axis, None)
            if values is not None:
                setattr(trace, axis, _inert_values(list(values)))
        if isinstance(getattr(trace, "name", None), str):
            trace.name = inert(trace.name)
    for axis in ("xaxis", "yaxis"):
        ticks = getattr(fig.layout, axis).ticktext
        if ticks:
            getattr(fig.layout, axis).ticktext = _inert_values(list(ticks))
    return fig

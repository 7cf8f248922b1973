"""Text alternatives for charts: the sentence a screen reader reads in place of the picture.

A chart drawn in SVG says nothing useful to a screen reader: plotly's markup reads as a
heap of tick labels. Streamlit's `st.plotly_chart(..., alt=...)` gives the chart's box
`role="figure"` and the text as its accessible name (`aria-label`), so the one thing a
chart needs is that text. `chart_alt` writes it: from a sentence a page composed from
its data, or from the figure itself (its kind, title and subtitle, then each series
with its values in the units of the value axis, "Never itemised (total only): Stopped
£24m, Corrective action £83m"). Either way it is plain text, never Markdown or HTML,
and short enough to be read out: past `max_points` values it says how many more there
are, and the "Numbers behind this chart" table under every chart holds them all.

Nothing here imports Streamlit: the text is worked out by plain code that the tests
call directly, and the page passes it to `st.plotly_chart`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from foi.formats import gbp_short

#: How many values a chart's text reads out before it says how many more there are.
MAX_POINTS = 12

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def chart_alt(fig_or_text: go.Figure | str, *, max_points: int = MAX_POINTS) -> str:
    """What a chart shows, as plain sentences for `st.plotly_chart(fig, alt=...)`.

    Given text (a sentence the page wrote from the same numbers as the chart), it is
    cleaned of markup and given a full stop. Given a figure, the text is read off the
    figure, so it can never disagree with what is drawn.
    """
    if isinstance(fig_or_text, str):
        return _sentence(_plain(fig_or_text))
    return describe_figure(fig_or_text, max_points=max_points)


def describe_figure(fig: go.Figure, *, max_points: int = MAX_POINTS) -> str:
    """The figure's kind, title and subtitle, then each series and its values."""
    title, subtitle = _titles(fig)
    parts = [f"{_kind(fig)}: {title}" if title else _kind(fig)]
    if subtitle:
        parts.append(subtitle)
    series, left = [], max_points
    for trace in fig.data:
        points, shown = _points(fig, trace, left)
        if points:
            name = _plain(trace.name or "")
            series.append(f"{name}: {points}" if name else points)
            left -= shown
    if series:
        parts.append("; ".join(series))
    hidden = _count_points(fig) - (max_points - left)
    if hidden > 0:
        parts.append(f"{hidden:,} more values are in the table of numbers below the chart")
    return " ".join(_sentence(p) for p in parts)


def _plain(text: Any) -> str:
    """Plotly's HTML-ish label text as plain words: tags gone, entities decoded."""
    spaced = _BREAK.sub(" ", str(text))
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", spaced))).strip()


def _sentence(text: str) -> str:
    """Text ending in a full stop (or the question or exclamation mark it has)."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _titles(fig: go.Figure) -> tuple[str, str]:
    """The chart's title and subtitle (what follows the first line break), as plain text."""
    lines = _BREAK.split(fig.layout.title.text or "", maxsplit=1)
    return _plain(lines[0]), _plain(lines[1]) if len(lines) > 1 else ""


def _kind(fig: go.Figure) -> str:
    """What sort of chart it is, in words: "Stacked bar chart", "Timeline", "Heatmap"."""
    types = {trace.type for trace in fig.data}
    if types == {"bar"}:
        mode = fig.layout.barmode
        return {"stack": "Stacked bar chart", "group": "Grouped bar chart"}.get(mode, "Bar chart")
    if types == {"heatmap"}:
        return "Heatmap"
    if types == {"scatter"} and _is_dates(fig.data[0].x):
        return "Timeline"
    if types == {"scatter"}:
        return "Scatter chart"
    return "Chart"


def _is_dates(values: Sequence[Any] | None) -> bool:
    """Whether an axis holds dates (ISO text or date objects), so points read as events."""
    first = next((v for v in values or () if v is not None), None)
    return hasattr(first, "isoformat") or bool(
        isinstance(first, str) and re.match(r"\d{4}-\d{2}-\d{2}", first)
    )


def _unit(fig: go.Figure, axis: str) -> str:
    """The title of the value axis ("£m", "Projects"), as plain text."""
    title = getattr(fig.layout, axis).title.text
    return _plain(title) if title else ""


def _amount(value: Any, unit: str) -> str:
    """A value in its axis's unit: "£24m" or "£161.05bn" on a £m axis, "17 projects"."""
    number = float(value)
    if unit == "£m":
        return gbp_short(Decimal(str(number)) * 1_000_000)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}".removesuffix(".0")
    noun = unit.lower()
    if number == 1 and noun.endswith("s"):
        noun = noun[:-1]  # "1 project", not "1 projects"
    return f"{text} {noun}" if noun else text


def _pairs(fig: go.Figure, trace: Any) -> list[tuple[str, str]]:
    """(label, value) for each drawn point of a trace, in the trace's order."""
    if trace.type == "bar":
        horizontal = trace.orientation == "h"
        labels, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        unit = _unit(fig, "xaxis" if horizontal else "yaxis")
        # A bar drawn from a base (a range between two sources' figures) has no single
        # value: its own label ("£65m–£90m") says what it spans.
        spans = list(trace.text) if trace.base is not None and trace.text is not None else None
        return [
            (_plain(label), _span(spans[i]) if spans else _amount(value, unit))
            for i, (label, value) in enumerate(zip(labels or (), values or (), strict=False))
            if value is not None and float(value) != 0  # a bar of nothing draws nothing
        ]
    if trace.type == "scatter":
        return [
            (_plain(label), str(when)[:10])
            for when, label in zip(trace.x or (), trace.y or (), strict=False)
            if when is not None
        ]
    if trace.type == "heatmap":
        return _heatmap_extremes(trace)
    return []


def _span(label: Any) -> str:
    """A range bar's label as one phrase: "£65m– £90m" (split over lines) is "£65m–£90m"."""
    return re.sub(r"–\s+", "–", _plain(label))


def _heatmap_extremes(trace: Any) -> list[tuple[str, str]]:
    """The heatmap's size and its highest cell, with the text that cell shows."""
    rows, cols = list(trace.y or ()), list(trace.x or ())
    cells = [
        (z, r, c)
        for r, line in enumerate(trace.z or ())
        for c, z in enumerate(line)
        if z is not None and r < len(rows) and c < len(cols)
    ]
    if not cells:
        return []
    z, r, c = max(cells, key=lambda cell: cell[0])
    texts = trace.text
    shown = _plain(texts[r][c]) if texts is not None and texts[r][c] else f"{z:g}"
    size = f"{len(rows)} rows by {len(cols)} columns, highest"
    return [(size, f"{_plain(rows[r])}, {_plain(cols[c])} ({shown})")]


def _points(fig: go.Figure, trace: Any, left: int) -> tuple[str, int]:
    """A trace's points as text, at most `left` of them, and how many were written.

    A series of one bar whose name already holds its label ("Named projects: Stopped")
    gives its value alone, so the label is not read twice.
    """
    pairs = _pairs(fig, trace)[: max(left, 0)]
    if trace.type == "scatter":
        return ", ".join(f"{when} {label}" for label, when in pairs), len(pairs)
    if len(pairs) == 1 and pairs[0][0] and pairs[0][0] in _plain(trace.name or ""):
        return pairs[0][1], 1
    return ", ".join(f"{label} {value}" for label, value in pairs), len(pairs)


def _count_points(fig: go.Figure) -> int:
    """How many values the figure draws in all (for "N more values")."""
    return sum(len(_pairs(fig, trace)) for trace in fig.data)

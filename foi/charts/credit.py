"""The credit line every chart carries: its sources, what the money measures, the caveat, the link.

A chart travels alone: as an embed in a story, or as a PNG saved from the chart's own
camera button. Whatever leaves the explorer must still say where its numbers come from
and what they do not mean, so the credit is written into the figure itself (an
annotation under the plot), not only into the page around it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from foi.charts.style import esc

#: At most this many sources are named one by one; the rest are counted.
MAX_NAMED_SOURCES = 4
#: Characters per line of the credit under the chart.
LINE_CHARS = 95
#: Pixels per line of the credit, added to the chart's bottom margin.
LINE_PX = 15


def source_names(ids: Sequence[str], index: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """ "The Register, 2016-03-24" for each source id, in order, each once; unknown ids as given."""
    names: list[str] = []
    for source_id in dict.fromkeys(i for i in ids if i):
        row = index.get(source_id)
        if row is None:
            names.append(str(source_id))
            continue
        when = f", {row['published']}" if row.get("published") else ""
        names.append(f"{row.get('publisher') or source_id}{when} [{source_id}]")
    return names


def credit_text(
    sources: Sequence[str],
    *,
    basis: str | None = None,
    caveat: str | None = None,
    link: str | None = None,
) -> str:
    """One plain-text credit: "Source: ... · Basis: ... · Caveat ... · Full view: URL"."""
    parts = []
    if sources:
        shown = list(sources[:MAX_NAMED_SOURCES])
        more = len(sources) - len(shown)
        named = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        parts.append(f"Source{'s' if len(sources) != 1 else ''}: {named}")
    else:
        parts.append("Source: not recorded")
    if basis:
        parts.append(f"Basis: {basis}")
    if caveat:
        parts.append(caveat.rstrip(".") + ".")
    parts.append("Made with FOI Spend Explorer" + (f": {link}" if link else ""))
    return " · ".join(parts)


def add_credit(fig: go.Figure, credit: str) -> go.Figure:
    """`fig` with `credit` written under the plot, wrapped, so a saved PNG carries it.

    The bottom margin grows by a line per wrapped line; the text is escaped for
    Plotly's HTML-ish labels (a source title is data).
    """
    lines = textwrap.wrap(credit, LINE_CHARS, break_long_words=True) or [""]
    margin = fig.layout.margin.b if fig.layout.margin.b is not None else 50
    # The axis labels and title keep the margin they had; the credit gets its own band
    # under them, its last line at the figure's bottom edge.
    grown = margin + LINE_PX * len(lines) + 12
    fig.add_annotation(
        text="<br>".join(esc(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        yshift=-(grown - 4),
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#555555"},
    )
    fig.update_layout(margin={"b": grown})
    if fig.layout.height is not None:  # a fixed-height chart grows, so its plot keeps its room
        old, new = fig.layout.height, fig.layout.height + grown - margin
        fig.update_layout(height=new)
        legend = fig.layout.legend
        if legend.y is not None and legend.yref == "container":  # hung under the title in
            # the figure's own units: keep its distance from the top in pixels
            fig.update_layout(legend={"y": 1 - (1 - legend.y) * old / new})
    return fig

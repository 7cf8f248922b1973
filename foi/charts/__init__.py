"""Plotly figures, built from plain data so tests can read them without a browser.

Titles state the finding; axes carry their unit. One module a page's charts, all in the
house style of `foi.charts.style`; the names are gathered here so a page imports
`foi.charts` and nothing deeper.
"""

from foi.charts.gaps import (
    GapBar,
    counterparty_chart,
    disclosure_mix_chart,
    gap_chart,
    members_chart,
)
from foi.charts.others import FACET_TITLES, facet_chart, timeline_chart
from foi.charts.status import (
    Bar,
    basis_money_chart,
    status_bars,
    status_counts_chart,
    stopped_vs_corrected,
)
from foi.charts.style import PALETTE, colour, plot_config

__all__ = [
    "FACET_TITLES",
    "PALETTE",
    "Bar",
    "GapBar",
    "basis_money_chart",
    "colour",
    "counterparty_chart",
    "disclosure_mix_chart",
    "facet_chart",
    "gap_chart",
    "members_chart",
    "plot_config",
    "status_bars",
    "status_counts_chart",
    "stopped_vs_corrected",
    "timeline_chart",
]

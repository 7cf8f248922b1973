"""What the Sources page lists under each source, computed without Streamlit."""

from __future__ import annotations

import pandas as pd

from foi import formats
from foi.formats import plural
from foi.vocab import basis_label, disclosure_label

FIGURE_COLUMNS = ["figure_id", "subject", "amount", "basis", "disclosure", "locator", "claim"]


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """A source's figures as the page lists them: short pounds, labelled basis and disclosure."""
    return figures.assign(
        amount=figures["amount_gbp"].map(
            lambda v: formats.gbp_short(v) if v == v and v is not None else formats.DASH
        ),
        basis=figures["basis"].map(basis_label),
        disclosure=figures["disclosure"].map(disclosure_label),
    )[FIGURE_COLUMNS]


def use_sentence(source: dict) -> str:
    """What a source supports, counted by kind of use."""
    return (
        f"Supports {plural(source['figures'], 'figure')}, "
        f"{plural(source['groups'], 'group count')}, "
        f"{plural(source['named_projects'], 'named project')}, "
        f"{plural(source['events'], 'timeline event')} and "
        f"{plural(source['discrepancy_sides'], 'side', 'sides')} of a discrepancy."
    )

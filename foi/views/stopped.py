"""What the Stopped vs corrected page shows, computed without Streamlit.

The page lays out widgets and draws; everything it draws (which groups, the titles,
the split of projects, the "numbers behind this chart" tables, and which charts a
view has at all) is decided here, so a test reads it straight from these functions.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd

from foi.formats import gbp_short, plural
from foi.vocab import basis_label


def chosen_groups(groups: Sequence[dict[str, Any]], chosen: Collection[str]) -> list[dict]:
    """The status groups the reader asked for (all when none is chosen)."""
    return [g for g in groups if not chosen or g["status"] in chosen]


def groups_title(groups: Sequence[dict[str, Any]], unit: str) -> str:
    """The headline over the group chart, in money or in projects."""
    if unit == "gbp":
        total = sum(g["total_gbp"] for g in groups)
        gap = sum(g["gap_gbp"] for g in groups)
        return (
            f"{gbp_short(total)} stopped or corrected; {gbp_short(gap)} never itemised by project"
        )
    n = sum(g["projects"] for g in groups)
    named = sum(g["named"] for g in groups)
    return f"{plural(n, 'project')} stopped or corrected; only {named:,} named"


def groups_table(groups: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The numbers behind the group chart, one row a group, with its sources."""
    return pd.DataFrame(
        {
            "status": [g["label"] for g in groups],
            "projects": [g["projects"] for g in groups],
            "named": [g["named"] for g in groups],
            "unnamed": [g["unnamed"] for g in groups],
            "total_gbp": [g["total_gbp"] for g in groups],
            "basis": [g["basis"] for g in groups],
            "itemised_gbp": [g["itemised_gbp"] for g in groups],
            "never_itemised_gbp": [g["gap_gbp"] for g in groups],
            "withheld_figures": [g["withheld_figures"] for g in groups],
            "sources": [", ".join(g["source_ids"]) for g in groups],
        }
    )


def group_sources(groups: Sequence[dict[str, Any]]) -> list[str]:
    """Every source the groups cite, once each, for the caption under the chart."""
    return sorted({s for g in groups for s in g["source_ids"]})


def shows_counts(unit: str, split: str, has_groups: bool) -> bool:
    """Whether the view has the projects-by-status chart: counts, a split, or no totals."""
    return unit == "count" or split != "status" or not has_groups


def shows_basis_money(unit: str, split: str, has_groups: bool) -> bool:
    """Whether the view has the money-per-basis chart: money, unsplit (or no totals)."""
    return unit == "gbp" and (split == "status" or not has_groups)


def _parts(frame: pd.DataFrame, split: str) -> dict[str, pd.DataFrame]:
    """One status's projects cut as the reader chose: named or not, organisation, or whole."""
    if split == "named":
        return {
            "Named": frame[frame["named"]],
            "Unnamed (counted, never named)": frame[~frame["named"]],
        }
    if split == "organisation":
        return dict(iter(frame.groupby("organisation")))
    return {"Projects": frame}


def count_rows(counts: pd.DataFrame, split: str, chosen: Collection[str]) -> list[dict[str, Any]]:
    """Projects per status (status_counts.sql), split as chosen, each part with its sources."""
    if chosen:
        counts = counts[counts["status"].isin(chosen)]
    rows = []
    for label, frame in counts.groupby("label", sort=False):
        role = frame["role"].iloc[0]
        for part, sub in _parts(frame, split).items():
            if len(sub):
                rows.append(
                    {
                        "label": label,
                        "role": role,
                        "part": part,
                        "projects": int(sub["projects"].sum()),
                        "source": ", ".join(sorted(set(", ".join(sub["sources"]).split(", ")))),
                    }
                )
    return rows


def count_title(rows: Sequence[dict[str, Any]]) -> str:
    """The headline over the projects-by-status chart."""
    return f"All {plural(sum(r['projects'] for r in rows), 'project')} in the data, by status"


def basis_money(money: pd.DataFrame, chosen: Collection[str]) -> pd.DataFrame:
    """Disclosed money per status and basis (status_money.sql), labelled, for the chart.

    Adds the words the chart and its table show: what the conflicting sources each say,
    and which declared discrepancies touch the figures.
    """
    if chosen:
        money = money[money["status"].isin(chosen)]
    return money.assign(
        basis_label=money["basis"].map(basis_label),
        conflict_text=money["conflicts"].map(conflict_text),
        discrepancy_text=money["discrepancies"].map(lambda d: ", ".join(_items(d))),
        source_text=money["sources"].map(lambda d: ", ".join(_items(d))),
    )


def _items(value: Any) -> list:
    """A list column's value as a list (pandas gives arrays, lists or None)."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return list(value)


def _stated(version: dict[str, Any]) -> str:
    """One conflicting value as its sources give it: "£90m, 17 years (CW-…, REG-…)"."""
    about = "about " if version.get("qualifier") == "approximate" else ""
    periods = "".join(f", {p}" for p in _items(version["periods"]))
    sources = ", ".join(_items(version["sources"]))
    return f"{about}{gbp_short(version['amount_gbp'])}{periods} ({sources})"


def conflict_text(conflicts: Any) -> str:
    """Every conflict as one line per project: each stated value with its sources, or ''."""
    lines = []
    for c in _items(conflicts):
        values = " or ".join(_stated(v) for v in _items(c["stated"]))
        lines.append(f"{c['project']}: {values}")
    return "\n".join(lines)


def basis_table(money: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the money-per-basis chart, conflicts and sources included."""
    return pd.DataFrame(
        {
            "status": money["label"],
            "basis": money["basis_label"],
            "agreed_gbp": money["agreed_gbp"],
            "projects_agreed": money["agreed_projects"],
            "projects_in_conflict": money["conflicting_projects"],
            "conflict_low_gbp": money["conflict_low_gbp"].where(money["conflicting_projects"] > 0),
            "conflict_high_gbp": money["conflict_high_gbp"].where(
                money["conflicting_projects"] > 0
            ),
            "what_the_sources_say": money["conflict_text"],
            "discrepancies": money["discrepancy_text"],
            "sources": money["source_text"],
        }
    )


def basis_caption(money: pd.DataFrame) -> str:
    """The note under the money-per-basis chart: how repeats, conflicts and payments count."""
    text = (
        "A figure that several sources repeat is counted once, citing them all. A file's rows "
        "(payments) are each their own amount and add up. Different bases (contract value, spend "
        "to date, savings) are never added together."
    )
    n = int(money["conflicting_projects"].sum()) if len(money) else 0
    if n:
        text += (
            f" Where sources give the same project different figures ({plural(n, 'project')}),"
            " neither is picked: the bar shows the range between them, hatched, and the table "
            "gives every figure with its source."
        )
    return text

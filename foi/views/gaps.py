"""What the Redacted-cost gaps page shows, computed without Streamlit.

For each group total: the bar (itemised, assumed inside by the reader's inference,
never itemised), the headline, the numbers behind the chart, and the named-versus-
unnamed members; for the withheld figures, the sentence that counts them and the
table that lists them. `plain` gaps use only disclosed facts; `shown` ones may add
the reader's inference, and the difference between the two is the assumed part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from foi import formats
from foi.charts import GapBar
from foi.formats import gbp_short
from foi.gaps import KEPT_BACK
from foi.narrative import not_disclosed_sentence
from foi.vocab import disclosure_label


def picked_groups(plain: Sequence[Any], group: str) -> list[Any]:
    """The groups to draw: status groups by default; an enclosing one only when linked to.

    An enclosing aggregate ("stopped or corrected") holds the same money again, so it
    is drawn only when the link's `group` names it.
    """
    return [g for g in plain if (g.group_id == group) or (not group and g.status)]


def gap_bars(groups: Sequence[Any], shown: Mapping[str, Any]) -> list[GapBar]:
    """One bar per group; `shown` maps a group id to its gap as the reader sees it."""
    bars = []
    for g in groups:
        gap = shown[g.group_id].gap
        bars.append(
            GapBar(
                label=f"{g.label} ({formats.plural(g.gap.members, 'project')})",
                role=g.role,
                itemised_gbp=float(g.gap.itemised_gbp),
                assumed_gbp=float(gap.itemised_gbp - g.gap.itemised_gbp),
                gap_gbp=float(gap.gap_gbp),
                total_gbp=float(g.gap.total_gbp),
                source=", ".join(sorted(set(g.source_ids) | set(gap.source_ids))),
            )
        )
    return bars


def gap_caveat(assumed: bool) -> str:
    """The caveat credited under the gap chart (and saved in its PNG)."""
    text = (
        "Never itemised: a group's disclosed total less the money disclosed project by project; "
        "unknown per project, not zero"
    )
    if assumed:
        text += "; the dotted part rests on an assumption, not a disclosure"
    return text


def gap_title(groups: Sequence[Any], shown: Mapping[str, Any]) -> str:
    """The headline: how much of the status groups' money was never broken down."""
    headline = [g for g in groups if g.status]
    if not headline:
        return "Group totals and what was itemised"
    gap_sum = sum(shown[g.group_id].gap.gap_gbp for g in headline)
    total_sum = sum(g.gap.total_gbp for g in headline)
    return f"{gbp_short(gap_sum)} of {gbp_short(total_sum)} was never broken down by project"


def gap_table(groups: Sequence[Any], shown: Mapping[str, Any]) -> pd.DataFrame:
    """The numbers behind the gap chart, one row a group, with its sources."""
    return pd.DataFrame(
        [
            {
                "group": g.label,
                "projects": g.gap.members,
                "named": g.gap.named,
                "unnamed": g.gap.unnamed,
                "total_gbp": float(g.gap.total_gbp),
                "total_qualifier": g.total_qualifier,
                "basis": g.gap.total_basis,
                "itemised_gbp": float(g.gap.itemised_gbp),
                "assumed_inside_gbp": float(
                    shown[g.group_id].gap.itemised_gbp - g.gap.itemised_gbp
                ),
                "never_itemised_gbp": float(shown[g.group_id].gap.gap_gbp),
                "gap_share": shown[g.group_id].gap.gap_share,
                "withheld_figures": g.withheld,
                "sources": ", ".join(g.source_ids),
            }
            for g in groups
        ]
    )


def member_rows(groups: Sequence[Any]) -> list[dict[str, Any]]:
    """Named and unnamed members of each status group, for the members chart."""
    return [
        {"label": g.label, "role": g.role, "named": g.gap.named, "unnamed": g.gap.unnamed}
        for g in groups
        if g.status
    ]


def members_title(members: Sequence[dict[str, Any]]) -> str:
    """The headline over the members chart."""
    unnamed = sum(m["unnamed"] for m in members)
    everyone = sum(m["named"] + m["unnamed"] for m in members)
    verb = "was" if unnamed == 1 else "were"
    return f"{unnamed:,} of {formats.plural(everyone, 'project')} {verb} never named"


def withheld_sentence(withheld: pd.DataFrame) -> str:
    """How many figures were not disclosed, by disclosure and cited section."""
    cited = withheld.assign(
        cited=[
            formats.sections(s, b)
            for s, b in zip(
                withheld["exemption_sections"], withheld["exemption_basis"], strict=True
            )
        ]
    )
    counts = cited.groupby(["disclosure", "cited"], dropna=False).size()
    parts = [
        f"{n:,} {disclosure_label(d).lower()}"
        + ((f" under {s}" if s else ", no exemption cited") if d in KEPT_BACK else "")
        for (d, s), n in counts.items()
    ]
    kept = int(withheld["disclosure"].isin(KEPT_BACK).sum())
    text = not_disclosed_sentence(len(withheld), kept) + " By reason: " + "; ".join(parts) + "."
    return text + (" " + formats.INFERRED_NOTE if "(inferred)" in text else "")


WITHHELD_COLUMNS = [
    "subject",
    "named",
    "status",
    "disclosure",
    "exemption",
    "exemption_reason",
    "source_id",
    "source_url",
    "locator",
]


def withheld_table(withheld: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The withheld figures, statuses in the dataset's words and exemptions written out."""
    show = withheld.assign(
        exemption=withheld.apply(
            lambda r: formats.exemption(
                r["exemption_statute"], r["exemption_sections"], r["exemption_basis"]
            ),
            axis=1,
        )
    )
    show["status"] = show["status"].map(lambda s: formats.status_label(s, labels))
    show["disclosure"] = show["disclosure"].map(disclosure_label)
    return show[WITHHELD_COLUMNS]

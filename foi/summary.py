"""The headline of a dataset: portfolio size, each status group's money and gap, discrepancies.

This is what the Overview page, `python -m foi summary` and the tests all
read, so a number a journalist quotes from the page is the same number the
command line prints and the test checks against the sources.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from foi import formats
from foi.gaps import Gap, MemberFigure, compute_gap
from foi.money import format_gbp
from foi.queries import run
from foi.text import json_value

#: The inference the gap page offers: money spent to date on a member may sit
#: inside a group's unspecified total.
DEFAULT_ASSUMPTION = "spent_to_date"

INFERENCE_CAVEAT = (
    "An inference, not a disclosed fact: the group total's basis is not stated, and the "
    "member figure comes from another source on its own basis, so it may not sit inside "
    "the total at all."
)


@dataclass(frozen=True)
class GroupGap:
    """A group with a disclosed total, its gap, and the withheld figures about its members."""

    group_id: str
    label: str
    status: str | None
    role: str | None
    parent_id: str | None
    total_qualifier: str
    total_text: str | None
    gap: Gap
    withheld: int
    exemptions: dict[str, int]  # "s.43" or "s.43 (inferred)": withheld figures
    source_ids: tuple[str, ...]
    source_url: str | None
    source_publisher: str | None
    locator: str


def group_gaps(
    con: duckdb.DuckDBPyConnection, dataset: str, *, assume_basis: str | None = None
) -> list[GroupGap]:
    """Every group with a disclosed total, split into itemised parts and gap."""
    totals = run(con, "group_totals", {"dataset": dataset}).to_pylist()
    figures = run(con, "group_member_figures", {"dataset": dataset}).to_pylist()
    result = []
    for g in totals:
        if g["total_gbp"] is None:
            continue
        mine = [f for f in figures if f["group_id"] == g["group_id"]]
        disclosed = [
            MemberFigure(
                f["project_id"], f["basis"], f["amount_gbp"], f["figure_id"], f["source_id"]
            )
            for f in mine
            if f["disclosure"] == "disclosed" and f["amount_gbp"] is not None
        ]
        gap = compute_gap(
            g["total_gbp"],
            g["total_basis"],
            g["members"],
            g["named"],
            disclosed,
            assume_basis=assume_basis,
        )
        withheld = [f for f in mine if f["disclosure"] in ("withheld", "redacted")]
        exemptions: Counter[str] = Counter()
        for f in withheld:
            if f["exemption_sections"]:  # "s.43 (inferred)" never counts as "s.43"
                exemptions[
                    formats.sections(f["exemption_sections"], f["exemption_basis"], names=True)
                ] += 1
        sources = {g["source_id"], g["total_source_id"], *gap.source_ids}
        sources |= {f["source_id"] for f in withheld}
        result.append(
            GroupGap(
                group_id=g["group_id"],
                label=g["label"],
                status=g["status"],
                role=g["role"],
                parent_id=g["parent_id"],
                total_qualifier=g["total_qualifier"],
                total_text=g["total_text"],
                gap=gap,
                withheld=len(withheld),
                exemptions=dict(sorted(exemptions.items())),
                source_ids=tuple(sorted(s for s in sources if s)),
                source_url=g["source_url"],
                source_publisher=g["source_publisher"],
                locator=g["locator"],
            )
        )
    return result


def live_projects(con: duckdb.DuckDBPyConnection, dataset: str) -> tuple[int, str | None]:
    """Portfolio size: the member count of the outermost groups, else the project rows."""
    totals = run(con, "group_totals", {"dataset": dataset}).to_pylist()
    roots = [g for g in totals if g["parent_id"] is None]
    if roots:
        return sum(g["member_count"] for g in roots), roots[0]["source_id"]
    counts = run(con, "status_summary", {"dataset": dataset}).to_pylist()
    seen: dict[str | None, int] = {c["status"]: c["projects"] for c in counts}
    return sum(seen.values()), None


def subject_noun(con: duckdb.DuckDBPyConnection, dataset: str) -> str:
    """ "suppliers" for a payment file (its rows are payments to suppliers), else "projects"."""
    (row,) = run(con, "subject_kind", {"dataset": dataset}).to_pylist()
    return "suppliers" if row["payments"] else "projects"


def _group_entry(g: GroupGap, inferred: GroupGap | None) -> dict[str, Any]:
    gap = g.gap
    entry: dict[str, Any] = {
        "status": g.status,
        "label": g.label,
        "role": g.role,
        "group_id": g.group_id,
        "projects": gap.members,
        "total_gbp": json_value(gap.total_gbp),
        "basis": gap.total_basis,
        "qualifier": g.total_qualifier,
        "named": gap.named,
        "unnamed": gap.unnamed,
        "itemised_gbp": json_value(gap.itemised_gbp),
        "itemised_projects": gap.itemised_members,
        "gap_gbp": json_value(gap.gap_gbp),
        "gap_share": gap.gap_share,
        "withheld_figures": g.withheld,
        "exemptions": g.exemptions,
        "negative_gap": gap.discrepancy,
        "source_ids": list(g.source_ids),
    }
    if inferred is not None and inferred.gap.itemised_gbp != gap.itemised_gbp:
        ig = inferred.gap
        entry["inference"] = {
            "assumption": f"member figures on basis {ig.assumed_basis!r} sit inside the total",
            "itemised_gbp": json_value(ig.itemised_gbp),
            "gap_gbp": json_value(ig.gap_gbp),
            "unitemised_projects": ig.unitemised_members,
            "figure_ids": list(ig.figure_ids),
            "source_ids": list(ig.source_ids),
            "caveat": INFERENCE_CAVEAT,
        }
    return entry


def summarise(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, Any]:
    """Everything the headline needs, as plain JSON-ready data."""
    meta = [d for d in run(con, "datasets").to_pylist() if d["dataset"] == dataset]
    if not meta:
        raise LookupError(f"no dataset named {dataset!r} in the database")
    live, live_source = live_projects(con, dataset)
    plain = group_gaps(con, dataset)
    inferred = {g.group_id: g for g in group_gaps(con, dataset, assume_basis=DEFAULT_ASSUMPTION)}
    groups = [_group_entry(g, inferred.get(g.group_id)) for g in plain if g.status]
    discrepancies = [
        {
            "id": d["discrepancy_id"],
            "aspect": d["aspect"],
            "subject": d["subject"],
            "what_differs": d["what_differs"],
            "value_a": d["value_a"],
            "value_b": d["value_b"],
            "source_ids": sorted({d["source_a"], d["source_b"]}),
        }
        for d in run(con, "discrepancies", {"dataset": dataset}).to_pylist()
    ]
    total = sum(Decimal(str(g["total_gbp"])) for g in groups)
    gap = sum(Decimal(str(g["gap_gbp"])) for g in groups)
    return {
        "dataset": dataset,
        "title": meta[0]["title"],
        "live_projects": live,
        "live_projects_source_id": live_source,
        "subjects": subject_noun(con, dataset),
        "groups": groups,
        "grouped_total_gbp": json_value(total) if groups else None,
        "unitemised_gbp": json_value(gap) if groups else None,
        "unitemised_share": float(gap / total) if groups and total else None,
        "discrepancies": discrepancies,
        "detected_conflicts": run(con, "conflicting_figures", {"dataset": dataset}).num_rows,
    }


def render_text(summary: dict[str, Any]) -> str:
    """The summary as a person reads it: money as £24m, sources named."""
    lines = [f"{summary['title']} ({summary['dataset']})"]
    src = f" [{summary['live_projects_source_id']}]" if summary["live_projects_source_id"] else ""
    lines.append(f"{summary['live_projects']} live projects{src}")
    for g in summary["groups"]:
        bound = "more than " if g["qualifier"] == "lower_bound" else ""
        lines.append("")
        lines.append(
            f"{g['label']}: {g['projects']} projects, {bound}{format_gbp(g['total_gbp'])} "
            f"(basis: {g['basis']}); {g['named']} named, {g['unnamed']} unnamed"
        )
        share = f" ({g['gap_share']:.0%} of the total)" if g["gap_share"] is not None else ""
        lines.append(
            f"  itemised {format_gbp(g['itemised_gbp'])}; never itemised "
            f"{format_gbp(g['gap_gbp'])}{share}"
        )
        if g["withheld_figures"]:
            ex = ", ".join(f"{k}: {v}" for k, v in g["exemptions"].items()) or "no exemption cited"
            lines.append(f"  {g['withheld_figures']} per-project figures withheld ({ex})")
        if "inference" in g:
            inf = g["inference"]
            lines.append(
                f"  inference: if {inf['assumption']}, {format_gbp(inf['itemised_gbp'])} is "
                f"itemised and {inf['unitemised_projects']} projects share "
                f"{format_gbp(inf['gap_gbp'])} with no breakdown [{', '.join(inf['source_ids'])}]"
            )
        if g["negative_gap"]:
            lines.append(f"  DISCREPANCY: {g['negative_gap']}")
        lines.append(f"  sources: {', '.join(g['source_ids'])}")
    if summary["unitemised_share"] is not None:
        lines.append("")
        lines.append(
            f"Never itemised: {format_gbp(summary['unitemised_gbp'])} of "
            f"{format_gbp(summary['grouped_total_gbp'])} ({summary['unitemised_share']:.0%})"
        )
    lines.append("")
    lines.append(f"Discrepancies ({len(summary['discrepancies'])}):")
    for d in summary["discrepancies"]:
        lines.append(
            f"  {d['id']} {d['aspect']}: {d['what_differs']}: {d['value_a']} vs "
            f"{d['value_b']} [{', '.join(d['source_ids'])}]"
        )
    return "\n".join(lines)

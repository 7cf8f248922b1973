"""Plain-English sentences generated from the data, for journalists to read and quote.

Written from the summary, never typed by hand, so the words cannot drift
from the numbers: if the data changes, the sentence changes with it.
"""

from __future__ import annotations

from typing import Any

from foi.formats import INFERRED_NOTE, gbp_short, percent, plural
from foi.gaps import figures_kept_back, paid_to_hidden_suppliers

_ACTIONS = {
    "stopped": "were stopped",
    "corrective_action": "needed corrective action",
}


def _count_words(n: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[n] if 0 <= n < len(words) else f"{n:,}"


def group_phrase(group: dict[str, Any]) -> str:
    """'20 worth £24m were stopped' for one status group."""
    action = _ACTIONS.get(group["status"] or "", f"were marked {group['label'].lower()}")
    bound = "more than " if group.get("qualifier") == "lower_bound" else ""
    return f"{group['projects']} worth {bound}{gbp_short(group['total_gbp'])} {action}"


def headline(summary: dict[str, Any]) -> str:
    """The paragraph under the Overview's cards."""
    groups = summary["groups"]
    parts: list[str] = []
    if groups:
        phrases = [group_phrase(g) for g in groups]
        joined = (
            phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        )
        parts.append(f"Of {summary['live_projects']:,} live projects, {joined}.")
        named = sum(g["named"] for g in groups)
        projects = sum(g["projects"] for g in groups)
        verb = "is" if named == 1 else "are"
        parts.append(f"Only {named:,} of those {plural(projects, 'project')} {verb} named.")
        gap, total = summary["unitemised_gbp"], summary["grouped_total_gbp"]
        if gap == total:
            parts.append(
                f"None of the {gbp_short(total)} is broken down project by project: "
                "it was disclosed only as group totals."
            )
        elif gap is not None:
            parts.append(
                f"{gbp_short(gap)} of the {gbp_short(total)} was never itemised "
                f"({summary['unitemised_share']:.0%})."
            )
        sections: dict[str, int] = {}
        for g in groups:
            for sec, n in g["exemptions"].items():
                sections[sec] = sections.get(sec, 0) + n
        if sections:
            cited = "; ".join(f"{plural(n, 'figure')} under {s}" for s, n in sections.items())
            parts.append(f"Per-project costs were withheld: {cited}.")
            if any(s.endswith("(inferred)") for s in sections):
                parts.append(INFERRED_NOTE)
        for g in groups:
            inf = g.get("inference")
            if inf:
                parts.append(
                    f"If the {gbp_short(inf['itemised_gbp'])} known to have been spent on one "
                    f"{g['label'].lower()} project sits inside its group's "
                    f"{gbp_short(g['total_gbp'])}, the other {inf['unitemised_projects']} "
                    f"projects share {gbp_short(inf['gap_gbp'])} with no breakdown "
                    "(an inference, not a disclosed fact)."
                )
    else:
        parts.append(f"The dataset holds {plural(summary['live_projects'], 'project')}.")
    n = len(summary["discrepancies"])
    if n:
        parts.append(
            f"Sources disagree on {_count_words(n)} point{'s' if n != 1 else ''}: "
            "see Sources & discrepancies."
        )
    return " ".join(parts)


def not_disclosed_sentence(
    not_disclosed: int, kept: int, total: int | None = None, noun: str = "figures"
) -> str:
    """ "10 figures were not disclosed: 3 withheld or redacted (6.0% of all 50), 7 blank, not
    held or not yet available." The one wording Overview and Redacted-cost gaps share."""
    if not not_disclosed:
        return f"Every one of the {noun} was disclosed."
    one = noun.removesuffix("s")
    verb = "was" if not_disclosed == 1 else "were"
    head = f"{not_disclosed:,} {one if not_disclosed == 1 else noun} {verb} not disclosed"
    other = not_disclosed - kept
    share = f" ({percent(kept / total)} of all {total:,})" if total else ""
    parts = [f"{kept:,} withheld or redacted{share}"] if kept else []
    if other:
        parts.append(f"{other:,} blank, not held or not yet available")
    return f"{head}: {', '.join(parts)}."


def withheld_headline(
    projects: int, mix: list[dict[str, Any]], payees: list[dict[str, Any]], subjects: str
) -> str:
    """The paragraph for data with no group totals: what share was kept back.

    It names the same two quantities, in the same words, as the Redacted-cost gaps page:
    figures "not disclosed" (any reason), and of those, "withheld or redacted".
    """
    figures = figures_kept_back(mix)
    figure_noun = "payments" if subjects == "suppliers" else "figures"
    parts = [f"The dataset holds {projects:,} {subjects} and {figures.total:,} {figure_noun}."]
    if figures.share is not None:
        parts.append(
            not_disclosed_sentence(
                int(figures.not_disclosed), int(figures.kept), int(figures.total), figure_noun
            )
        )
    money, _ = paid_to_hidden_suppliers(payees)
    if money.share is not None:
        parts.append(
            f"{gbp_short(money.kept)} of {gbp_short(money.total)} ({percent(money.share)}) was paid "
            "to suppliers whose names were kept back."
        )
    return " ".join(parts)

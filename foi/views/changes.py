"""What the What changed page shows: its cards, its table rows and its notes.

Plain functions over the rows `foi.changes` returns, so the page only lays them out and the
tests check them without Streamlit. Every cell of the table says what the release printed and
where (release, row and column); a withheld cell says which exemption was cited, and an
exemption the explorer inferred says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from foi import formats
from foi.changes import CHANGES, change_label
from foi.formats import DASH, gbp, gbp_short, plural
from foi.vocab import basis_label, disclosure_label

#: The table's columns, in order; the money columns are numbers, formatted by the page.
COLUMNS = (
    "Change",
    "Cost field",
    "Project",
    "Project id",
    "Department",
    "Earlier release",
    "Earlier amount (£)",
    "Earlier source",
    "Later release",
    "Later amount (£)",
    "Later source",
    "Moved (£)",
    "Moved (%)",
    "Matched",
)

MONEY_COLUMNS = ("Earlier amount (£)", "Later amount (£)", "Moved (£)")

#: Show every row on one page up to this many (so a header click sorts them all); page beyond.
ONE_PAGE = 2_000


def field_label(key: str, headers: Mapping[str, str] | None = None) -> str:
    """A cost field's name: the later release's header where known, else its basis."""
    if headers and key in headers:
        return headers[key]
    basis, _, slot = key.partition("-")
    return basis_label(basis) + (f" (column {slot} of that basis)" if slot else "")


def cell_text(
    disclosure: str | None, amount: Any, sections: str | None, basis: str | None, text: str | None
) -> str:
    """One release's cell in words: the amount; or withheld, with the section as cited or
    inferred; or what the cell said instead ("Not yet available: Early planning ...")."""
    if disclosure is None:
        return DASH
    if disclosure == "disclosed":
        return gbp(amount)
    label = disclosure_label(disclosure)
    if disclosure in ("withheld", "redacted"):
        if sections:
            cited = formats.sections(sections, basis) + ("" if basis == "inferred" else " cited")
            return f"{label}: {cited}"
        return f"{label}: no section cited"
    said = " ".join((text or "").split())
    if len(said) > 80:
        said = said[:77] + "..."
    return f"{label}: {said}" if said else f"{label} (blank)"


def source_text(release: str | None, locator: str | None) -> str:
    """Where a cell is: the release's name, then file, row and column."""
    if not release or not locator:
        return DASH
    return f"{release}: {locator}"


def _number(value: Any) -> float | None:
    """Money for a numeric table column (sorted as numbers, formatted by the page)."""
    return None if value is None else float(value)


def table_frame(rows: Sequence[dict[str, Any]], from_ds: str, to_ds: str) -> pd.DataFrame:
    """The rows of the table of every change, with both cells side by side and their sources."""
    out = []
    for r in rows:
        field = DASH
        if r["basis"]:
            field = basis_label(r["basis"]) + (f" ({r['slot']})" if r["slot"] > 1 else "")
        out.append(
            {
                "Change": change_label(r["change"]),
                "Cost field": field,
                "Project": r["name_to"] or r["name_from"],
                "Project id": r["ref_to"] or r["ref_from"] or DASH,
                "Department": _department(r),
                "Earlier release": cell_text(
                    r["disclosure_from"],
                    r["amount_from"],
                    r["sections_from"],
                    r["exemption_basis_from"],
                    r["text_from"],
                )
                if r["change"] != "joined"
                else "Not in this release",
                "Earlier amount (£)": _number(r["amount_from"]),
                "Earlier source": source_text(
                    from_ds if r["project_from"] else None, r["locator_from"]
                ),
                "Later release": cell_text(
                    r["disclosure_to"],
                    r["amount_to"],
                    r["sections_to"],
                    r["exemption_basis_to"],
                    r["text_to"],
                )
                if r["change"] != "left"
                else "Not in this release",
                "Later amount (£)": _number(r["amount_to"]),
                "Later source": source_text(to_ds if r["project_to"] else None, r["locator_to"]),
                "Moved (£)": _number(r["moved_gbp"]),
                "Moved (%)": None if r["moved_share"] is None else float(r["moved_share"]),
                "Matched": _matched(r),
            }
        )
    return pd.DataFrame(out, columns=list(COLUMNS))


def _department(row: Mapping[str, Any]) -> str:
    """The later release's department, with the earlier name when it changed."""
    later, earlier = row["department_to"], row["department_from"]
    if later and earlier and later != earlier:
        return f"{later} (was {earlier})"
    return later or earlier or DASH


def _matched(row: Mapping[str, Any]) -> str:
    if row["change"] in ("joined", "left"):
        return "Not matched"
    if row["method"] == "name":
        return "On its name (no id in one release)"
    return "On its id"


def _per_field(summary: Mapping[str, Any], change: str, money: str) -> str:
    """Money by cost field, never added across fields: each field is a basis of its own."""
    parts = [
        f"{basis_label(f['basis']).lower()} {f[change]:,} ({gbp_short(f[money])})"
        for f in summary["fields"]
        if f[change]
    ]
    return "; ".join(parts) if parts else "none"


def cards(summary: Mapping[str, Any]) -> list[dict[str, str]]:
    """The four headline cards: went dark, came to light, joined, left.

    A card counts figures; its money is given per cost field underneath, because a
    whole-life cost and a year's budget are different bases and are never added.
    """
    fields = summary["fields"]
    dark = sum(f["went_dark"] for f in fields)
    light = sum(f["came_to_light"] for f in fields)
    return [
        {
            "label": "Went dark",
            "value": plural(dark, "figure"),
            "detail": "Money when last disclosed: "
            + _per_field(summary, "went_dark", "went_dark_gbp"),
            "help": "Figures disclosed in the earlier release and withheld in the later.",
        },
        {
            "label": "Came to light",
            "value": plural(light, "figure"),
            "detail": "Money now disclosed: "
            + _per_field(summary, "came_to_light", "came_to_light_gbp"),
            "help": "Figures withheld in the earlier release and disclosed in the later.",
        },
        {
            "label": "Joined the portfolio",
            "value": plural(summary["joined"], "project"),
            "detail": "In the later release only.",
            "help": "Projects in the later release only.",
        },
        {
            "label": "Left the portfolio",
            "value": plural(summary["left"], "project"),
            "detail": "In the earlier release only: leaving is not going dark.",
            "help": "Projects in the earlier release only.",
        },
    ]


def field_breakdown(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Every change type per cost field, adding up to the matched projects on every row."""
    rows = []
    for f in summary["fields"]:
        row = {"Cost field": f"{basis_label(f['basis'])}: {f['field']}"}
        total = 0
        for change, (label, _) in CHANGES.items():
            if change in ("joined", "left"):
                continue
            row[label] = f[change]
            total += f[change]
        row["Matched projects"] = total
        row["Went dark: £ when last disclosed"] = float(f["went_dark_gbp"])
        rows.append(row)
    return pd.DataFrame(rows)


def renamed_note(renamed: Sequence[Mapping[str, Any]]) -> str | None:
    """'BEIS is DESNZ in the later release for 15 projects ...': one department, matched by id."""
    if not renamed:
        return None
    parts = [
        f"{r['department_from']} → {r['department_to']} ({plural(r['projects'], 'project')})"
        for r in renamed
    ]
    return (
        "Departments named differently in the later release, matched project by project on "
        "their id and counted under the later name: " + "; ".join(parts) + "."
    )


def pair_note(summary: Mapping[str, Any], not_compared: Sequence[str]) -> str | None:
    """Cost fields only one release has: listed, never compared against nothing."""
    if not not_compared:
        return None
    return (
        "Not compared, because only one of the two releases has them: "
        + ", ".join(not_compared)
        + "."
    )


def department_numbers(numbers: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The numbers behind the chart by department, with the money as last disclosed."""
    return pd.DataFrame(
        [
            {
                "Department": n["department"],
                "Change": change_label(n["change"]),
                "Figures": n["figures"],
                "£ as last disclosed": None
                if n["change"] == "stayed_withheld" or n["gbp"] is None
                else float(n["gbp"]),
            }
            for n in numbers
        ],
        columns=["Department", "Change", "Figures", "£ as last disclosed"],
    )

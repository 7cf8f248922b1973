"""What changed between two releases of one series: which figures went dark, came to light,
stayed withheld or moved, and which projects joined or left the portfolio.

The comparison itself is SQL (queries/changes.sql): projects matched on the publisher's own
id, falling back to the name only where an id is missing, every cost field of every matched
project classified. This module names the change types once (label, meaning, order), runs
the query with bound values and shapes its counts for the page, the CLI and `--json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from foi.formats import gbp_short, plural
from foi.queries import cursor, fill, load_sql
from foi.vocab import basis_label

#: change type -> (label, what it means), in the order the page lists them.
CHANGES: dict[str, tuple[str, str]] = {
    "went_dark": ("Went dark", "Disclosed in the earlier release, withheld in the later one."),
    "came_to_light": ("Came to light", "Withheld in the earlier release, disclosed in the later."),
    "stayed_withheld": ("Stayed withheld", "Withheld in both releases."),
    "newly_withheld": (
        "Withheld, not given before",
        "Not given in the earlier release (blank, NA, not yet available), withheld in the later.",
    ),
    "withheld_then_not_given": (
        "Withheld, then not given",
        "Withheld in the earlier release; blank or not available in the later, no exemption.",
    ),
    "no_longer_given": (
        "No longer given",
        "Disclosed in the earlier release; blank or not available in the later, with no "
        "exemption cited. Not counted as gone dark.",
    ),
    "first_given": (
        "Given for the first time",
        "Blank or not available in the earlier release, disclosed in the later.",
    ),
    "cost_moved": ("Cost moved", "Disclosed in both releases, with different amounts."),
    "joined": ("Joined the portfolio", "In the later release only."),
    "left": ("Left the portfolio", "In the earlier release only: not the same as going dark."),
    "unchanged": ("Unchanged", "Disclosed in both releases, with the same amount."),
    "still_not_given": ("Not given either time", "Neither release disclosed or withheld it."),
}

#: The change types about one cost field of one matched project (joined and left are not).
FIELD_CHANGES = tuple(c for c in CHANGES if c not in ("joined", "left"))

#: How each row was matched, in words.
METHODS = {"id": "on its id", "name": "on its name (no id in one release)"}


class NotComparable(ValueError):
    """Two datasets that cannot be compared, with the reason in a person's words."""


@dataclass(frozen=True)
class Release:
    """A dataset that holds a project table: one release of a series, or a lone import."""

    dataset: str
    title: str
    series: str | None
    as_of: Any
    projects: int
    with_ref: int


def releases(con: duckdb.DuckDBPyConnection) -> list[Release]:
    """Every dataset What changed can compare, oldest first within each series."""
    rows = cursor(con).execute(load_sql("releases")).fetchall()
    return [Release(r[0], r[1], r[2], r[3], r[5], r[6]) for r in rows]


def default_pair(found: Sequence[Release]) -> tuple[str, str] | None:
    """The latest two releases of a series (the newest series release first), if any."""
    by_series: dict[str, list[Release]] = {}
    for release in found:
        if release.series:
            by_series.setdefault(release.series, []).append(release)
    pairs = [(rs[-2], rs[-1]) for rs in by_series.values() if len(rs) >= 2]
    if not pairs:
        return None
    earlier, later = max(pairs, key=lambda p: (str(p[1].as_of or ""), p[1].dataset))
    return earlier.dataset, later.dataset


def _params(
    from_ds: str,
    to_ds: str,
    departments: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
    changes: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Bound values for queries/changes.sql: an empty or missing filter means all."""
    return {
        "from": from_ds,
        "to": to_ds,
        "departments": list(departments) if departments else None,
        "fields": list(fields) if fields else None,
        "changes": list(changes) if changes else None,
    }


def _query(name: str) -> str:
    """A named query that wraps queries/changes.sql (its {changes} placeholder)."""
    return fill(load_sql(name), changes=load_sql("changes").strip().rstrip(";"))


def check_pair(con: duckdb.DuckDBPyConnection, from_ds: str, to_ds: str) -> None:
    """Refuse a pair that cannot be compared, saying why."""
    known = {r.dataset for r in releases(con)}
    for name in (from_ds, to_ds):
        if name not in known:
            raise NotComparable(f"there is no release (a dataset of projects) called {name!r}")
    if from_ds == to_ds:
        raise NotComparable("choose two different releases to compare")


def change_rows(
    con: duckdb.DuckDBPyConnection,
    from_ds: str,
    to_ds: str,
    *,
    departments: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
    changes: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pa.Table:
    """The rows of the What changed table, in its fixed order; `limit` None for every row."""
    params = _params(from_ds, to_ds, departments, fields, changes)
    bound = {**params, "limit": limit, "offset": offset}
    return cursor(con).sql(_query("changes_page"), params=bound).to_arrow_table()


def page_query() -> str:
    """The table's query, unpaged by binding $limit NULL: what the downloads COPY."""
    return _query("changes_page").strip().rstrip(";")


def query_params(
    from_ds: str,
    to_ds: str,
    departments: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
    changes: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Every bound value of `page_query`, unpaged."""
    return {**_params(from_ds, to_ds, departments, fields, changes), "limit": None, "offset": 0}


def counts(
    con: duckdb.DuckDBPyConnection,
    from_ds: str,
    to_ds: str,
    *,
    departments: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
    changes: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of (field, change type, department) with counts and money, from DuckDB."""
    params = _params(from_ds, to_ds, departments, fields, changes)
    return cursor(con).sql(_query("changes_counts"), params=params).to_arrow_table().to_pylist()


def renamed_departments(
    con: duckdb.DuckDBPyConnection, from_ds: str, to_ds: str
) -> list[dict[str, Any]]:
    """Matched projects named under another department in the later release."""
    params = _params(from_ds, to_ds)
    return (
        cursor(con).sql(_query("changes_departments"), params=params).to_arrow_table().to_pylist()
    )


def _money(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def summarise(rows: Sequence[dict[str, Any]], from_ds: str, to_ds: str) -> dict[str, Any]:
    """The counts as `foi changes --json` prints them: matched, joined, left, and per field.

    `went_dark_gbp` is the money the figures held when last disclosed (the earlier release).
    """
    joined = sum(r["n"] for r in rows if r["change"] == "joined")
    left = sum(r["n"] for r in rows if r["change"] == "left")
    fields: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["field_key"] is None:
            continue
        entry = fields.setdefault(
            row["field_key"],
            {
                "field": row["field"],
                "key": row["field_key"],
                "basis": row["basis"],
                **{c: 0 for c in FIELD_CHANGES},
                "went_dark_gbp": Decimal(0),
                "came_to_light_gbp": Decimal(0),
                "cost_moved_gbp": Decimal(0),
                "section_changed": 0,
                "matched_by_name": 0,
                "departments": {},
            },
        )
        entry[row["change"]] += row["n"]
        entry["matched_by_name"] += row["by_name"]
        entry["section_changed"] += row["section_changed"]
        if row["change"] == "went_dark":
            entry["went_dark_gbp"] += _money(row["gbp_from"])
            dept = entry["departments"].setdefault(
                row["department"], {"went_dark": 0, "went_dark_gbp": Decimal(0)}
            )
            dept["went_dark"] += row["n"]
            dept["went_dark_gbp"] += _money(row["gbp_from"])
        elif row["change"] == "came_to_light":
            entry["came_to_light_gbp"] += _money(row["gbp_to"])
        elif row["change"] == "cost_moved":
            entry["cost_moved_gbp"] += _money(row["gbp_to"]) - _money(row["gbp_from"])
    matched = 0
    by_name = 0
    if fields:
        first = next(iter(fields.values()))
        matched = sum(first[c] for c in FIELD_CHANGES)
        by_name = first["matched_by_name"]
    return {
        "from": from_ds,
        "to": to_ds,
        "matched": matched,
        "matched_by_id": matched - by_name,
        "matched_by_name": by_name,
        "joined": joined,
        "left": left,
        "fields": [
            {
                **{k: v for k, v in e.items() if k not in ("departments", "matched_by_name")},
                "departments": [
                    {"department": d, **v}
                    for d, v in sorted(
                        e["departments"].items(), key=lambda kv: (-kv[1]["went_dark"], kv[0])
                    )
                ],
            }
            for e in fields.values()
        ],
    }


def compare(con: duckdb.DuckDBPyConnection, from_ds: str, to_ds: str) -> dict[str, Any]:
    """The whole comparison of two releases, as `foi changes --json` prints it."""
    check_pair(con, from_ds, to_ds)
    summary = summarise(counts(con, from_ds, to_ds), from_ds, to_ds)
    if not summary["fields"]:
        raise NotComparable(
            f"{from_ds!r} and {to_ds!r} have no cost field in common "
            "(the same basis, such as whole-life cost, in both releases)"
        )
    summary["renamed_departments"] = renamed_departments(con, from_ds, to_ds)
    return summary


def change_label(change: str | None) -> str:
    """A change type in words; unknown codes are shown as they are."""
    return CHANGES.get(change or "", (change or "—", ""))[0]


def paragraph(summary: dict[str, Any], titles: dict[str, str]) -> str:
    """The plain-English paragraph under the cards, written from the counts.

    Plain text: the page escapes it before it reaches Markdown.
    """
    earlier = titles.get(summary["from"], summary["from"])
    later = titles.get(summary["to"], summary["to"])
    parts = [
        f"Between {earlier} and {later}, {plural(summary['matched'], 'project')} appear in "
        f"both releases"
        + (
            f" ({summary['matched_by_name']:,} matched on their name, having no id in one)"
            if summary["matched_by_name"]
            else ""
        )
        + f"; {summary['joined']:,} joined the portfolio and {summary['left']:,} left it."
    ]
    dark = [f for f in summary["fields"] if f["went_dark"]]
    bases = [f["basis"] for f in summary["fields"]]

    def name(f: dict[str, Any]) -> str:
        return basis_label(f["basis"]).lower() if bases.count(f["basis"]) == 1 else f["field"]

    if dark:
        worst = max(dark, key=lambda f: (f["went_dark_gbp"], f["went_dark"]))
        depts = worst["departments"]
        named = ", ".join(
            f"{d['department']} ({d['went_dark']:,})" for d in depts[:3] if d["department"]
        )
        parts.append(
            f"{plural(worst['went_dark'], 'figure')} for {name(worst)} went dark: disclosed "
            f"in the earlier release, withheld in the later, holding "
            f"{gbp_short(worst['went_dark_gbp'])} when last disclosed"
            + (f", including {named}" if len(depts) > 1 and named else "")
            + (f", all from {depts[0]['department']}" if len(depts) == 1 else "")
            + "."
        )
        others = [f for f in dark if f is not worst]
        if others:
            parts.append(
                "Also gone dark: "
                + "; ".join(
                    f"{plural(f['went_dark'], 'figure')} for {name(f)} "
                    f"({gbp_short(f['went_dark_gbp'])})"
                    for f in others
                )
                + "."
            )
    else:
        parts.append(
            "No figure went dark: none was disclosed in the earlier release and withheld in the later."
        )
    light = sum(f["came_to_light"] for f in summary["fields"])
    if light:
        parts.append(f"{plural(light, 'figure')} came to light (withheld, then disclosed).")
    parts.append(
        "A withheld figure is a fact about the disclosure, not a zero; a project that left the "
        "portfolio did not go dark."
    )
    return " ".join(parts)


def render_text(summary: dict[str, Any]) -> str:
    """`foi changes` without --json: the same counts, for a person at a terminal."""
    lines = [
        f"Changes from {summary['from']} to {summary['to']}",
        f"Projects: {summary['matched']:,} in both releases ({summary['matched_by_id']:,} "
        f"matched on their id, {summary['matched_by_name']:,} on their name); "
        f"{summary['joined']:,} joined; {summary['left']:,} left.",
    ]
    for moved in summary.get("renamed_departments", []):
        lines.append(
            f"  department renamed: {moved['department_from']} -> {moved['department_to']} "
            f"({plural(moved['projects'], 'project')}, matched on their id)"
        )
    for field in summary["fields"]:
        lines += ["", f"{field['field']} (basis {field['basis']})"]
        for change in FIELD_CHANGES:
            n = field[change]
            if not n and change not in ("went_dark", "came_to_light", "stayed_withheld"):
                continue
            note = ""
            if change == "went_dark" and n:
                note = f"  {gbp_short(field['went_dark_gbp'])} when last disclosed"
            elif change == "came_to_light" and n:
                note = f"  {gbp_short(field['came_to_light_gbp'])} now disclosed"
            elif change == "stayed_withheld" and field["section_changed"]:
                note = f"  ({field['section_changed']:,} now cite a different section)"
            lines.append(f"  {change_label(change):<28}{n:>6,}{note}")
        if field["departments"]:
            lines.append(
                "  went dark by department: "
                + ", ".join(
                    f"{d['department']} {d['went_dark']:,} ({gbp_short(d['went_dark_gbp'])})"
                    for d in field["departments"]
                )
            )
    return "\n".join(lines)


def release_fields(con: duckdb.DuckDBPyConnection, datasets: Sequence[str]) -> list[dict[str, Any]]:
    """Each release's cost fields (key, basis, header, figures), from queries/release_fields.sql."""
    params = {"datasets": list(datasets)}
    return cursor(con).sql(load_sql("release_fields"), params=params).to_arrow_table().to_pylist()


def not_compared(fields: Sequence[dict[str, Any]], from_ds: str, to_ds: str) -> list[str]:
    """Cost fields only one of the two releases has, named with the release that has them."""
    keys: dict[str, set[str]] = {}
    for f in fields:
        keys.setdefault(f["field_key"], set()).add(f["dataset"])
    out = []
    for f in fields:
        if len(keys[f["field_key"]]) == 1:
            out.append(f"{f['header'] or f['basis']} (only in {f['dataset']})")
    return out


def neighbour_pair(found: Sequence[Release], dataset: str) -> tuple[str, str] | None:
    """The pair What changed should open from this release's Overview: it and the release
    before it in its series, else it and the one after; None for a dataset in no series."""
    mine = next((r for r in found if r.dataset == dataset), None)
    if mine is None or not mine.series:
        return None
    series = [r.dataset for r in found if r.series == mine.series]
    at = series.index(dataset)
    if at > 0:
        return series[at - 1], dataset
    if len(series) > 1:
        return dataset, series[1]
    return None


#: How releases are compared, and what to bear in mind: the About page and the README say
#: the same, so the method cannot drift between them.
METHOD: tuple[tuple[str, str], ...] = (
    (
        "Matching",
        "Projects are matched on the publisher's own id (the GMPP ID Number), which a project "
        "keeps from release to release. Only a project with no id in one of the two releases "
        "is matched on its name (letters and digits, case ignored), and only where that name is "
        "unique on both sides; every row says which way it was matched. A project in the later "
        "release only has joined the portfolio; one in the earlier release only has left it.",
    ),
    (
        "Cost fields",
        "Each cost column keeps its own basis: financial-year baseline, financial-year "
        "forecast, whole-life cost and benefits are never added together. Only fields both "
        "releases have are compared (the March 2022 file has no benefits column). Variance (%) "
        "is a percentage and is kept as printed, never read as money.",
    ),
    (
        "Change types",
        "Went dark: disclosed in the earlier release, withheld (an exemption cited) in the "
        "later. Came to light: the reverse. Stayed withheld: withheld both times (a change of "
        "cited section is noted). Cost moved: disclosed both times with different amounts, "
        "by £ and by %. Unchanged: the same amount. A cell that is blank, NA, 'not yet "
        "available' or 'not in a position to provide' is not withheld: a figure that goes from "
        "disclosed to blank is 'no longer given', not 'went dark'.",
    ),
    (
        "Price bases differ",
        "Each release states its costs in its own prices and at its own date, so a cost that "
        "moved between releases mixes real change with inflation and re-phasing. The explorer "
        "shows the difference as printed and does not adjust it.",
    ),
    (
        "Renamed or re-scoped projects",
        "A project can be renamed, merged, split or re-scoped between releases while keeping "
        "its id, so a moved cost may describe a different project. Departments are renamed "
        "too (BEIS became DESNZ and DSIT): matched on the id, a project is one project, "
        "counted under the department the later release names.",
    ),
    (
        "Withheld is not zero",
        "A withheld figure is a fact about the disclosure, not a zero: it is never added, "
        "averaged or charted as an amount. 'Money when last disclosed' is the amount in the "
        "earlier release, in that release's prices.",
    ),
    (
        "Went dark is not left",
        "A project that left the portfolio (completed, cancelled or moved out of the GMPP) did "
        "not go dark: its figures were not withheld, the project is simply no longer reported. "
        "The two are counted apart.",
    ),
)

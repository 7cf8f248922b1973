"""Checks of meaning that a table schema cannot express.

The schema says a cell is a number; these checks say the numbers tell a
consistent story: a figure is about something that exists, a withheld figure
carries no amount, and a group's member rows add up to the count its source
gives. A journalist relies on the last one: "20 stopped" must be 20 rows.
"""

from __future__ import annotations

from collections import defaultdict

from foi.datapackage import Package, Problem, Row

REQUIRED_TABLES = (
    "sources",
    "statuses",
    "groups",
    "projects",
    "figures",
    "events",
    "discrepancies",
)


def _subjects(package: Package) -> dict[str, set[str]]:
    return {
        "project": {r["project_id"] for r in package.tables["projects"].rows},
        "group": {r["group_id"] for r in package.tables["groups"].rows},
    }


def check_figures(package: Package) -> list[Problem]:
    """Each figure is about an existing subject and its amount matches its disclosure status."""
    problems: list[Problem] = []
    table = package.tables["figures"]
    subjects = _subjects(package)
    for row, line in zip(table.rows, table.line_of, strict=True):
        name = table.path.name
        kind = row["subject_type"]
        if kind in subjects and row["subject_id"] not in subjects[kind]:
            problems.append(
                Problem(name, line, "subject_id", f"unknown {kind} id {row['subject_id']!r}")
            )
        has_amount = any(
            row[c] is not None for c in ("amount_gbp", "amount_low_gbp", "amount_high_gbp")
        )
        if row["disclosure"] == "disclosed" and not has_amount:
            problems.append(Problem(name, line, "amount_gbp", "a disclosed figure needs an amount"))
        if row["disclosure"] not in (None, "disclosed") and has_amount:
            problems.append(
                Problem(
                    name,
                    line,
                    "amount_gbp",
                    f"a {row['disclosure']} figure must not carry an amount (it is not a zero)",
                )
            )
        if row["qualifier"] == "range" and (
            row["amount_low_gbp"] is None or row["amount_high_gbp"] is None
        ):
            problems.append(Problem(name, line, "amount_low_gbp", "a range needs a low and a high"))
        if row["exemption_sections"] and not row["exemption_statute"]:
            problems.append(
                Problem(name, line, "exemption_statute", "sections given without a statute")
            )
    return problems


def _members_by_group(package: Package) -> dict[str, list[Row]]:
    members: dict[str, list[Row]] = defaultdict(list)
    for row in package.tables["projects"].rows:
        if row["group_id"]:
            members[row["group_id"]].append(row)
    return members


def group_descendants(groups: list[Row], group_id: str) -> set[str]:
    """The group and every group nested under it (cycles are cut, not followed forever)."""
    children: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        if g["parent_id"]:
            children[g["parent_id"]].append(g["group_id"])
    found: set[str] = set()
    todo = [group_id]
    while todo:
        gid = todo.pop()
        if gid in found:
            continue
        found.add(gid)
        todo.extend(children[gid])
    return found


def check_groups(package: Package) -> list[Problem]:
    """Every group's member rows (with nested groups) add up to the count its source gives."""
    problems: list[Problem] = []
    table = package.tables["groups"]
    members = _members_by_group(package)
    parent = {g["group_id"]: g["parent_id"] for g in table.rows}
    for row, line in zip(table.rows, table.line_of, strict=True):
        seen, gid = set(), row["group_id"]
        while gid and gid not in seen:
            seen.add(gid)
            gid = parent.get(gid)
        if gid:
            problems.append(Problem(table.path.name, line, "parent_id", "groups nest in a loop"))
            continue
        inside = group_descendants(table.rows, row["group_id"])
        count = sum(len(members[g]) for g in inside)
        if row["member_count"] is not None and count != row["member_count"]:
            problems.append(
                Problem(
                    table.path.name,
                    line,
                    "member_count",
                    f"group {row['group_id']!r} says {row['member_count']} projects but "
                    f"projects.csv has {count} rows in it (add unnamed placeholder rows)",
                )
            )
    return problems


def check_discrepancies(package: Package) -> list[Problem]:
    """A declared discrepancy is about something that exists."""
    problems: list[Problem] = []
    table = package.tables["discrepancies"]
    subjects = _subjects(package)
    for row, line in zip(table.rows, table.line_of, strict=True):
        kind = row["subject_type"]
        if kind in subjects and row["subject_id"] not in subjects[kind]:
            problems.append(
                Problem(
                    table.path.name, line, "subject_id", f"unknown {kind} id {row['subject_id']!r}"
                )
            )
    return problems


def check_package(package: Package) -> list[Problem]:
    """All checks of meaning; only run once the schema checks have passed."""
    missing = [t for t in REQUIRED_TABLES if t not in package.tables]
    if missing:
        return [
            Problem("datapackage.json", None, None, f"missing resource {name!r}")
            for name in missing
        ]
    return check_figures(package) + check_groups(package) + check_discrepancies(package)

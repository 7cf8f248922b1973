"""A record page per figure, project, group and source: everything known about one thing.

A story that cites "figure CC-CONTRACT-REG" needs an address a reader can open and find
the figure with every field, the passage and source it comes from, and every
disagreement it is part of. So each record has its own link,
`/record?dataset=met-project-cull&figure=CC-CONTRACT-REG` (or `project=`, `group=`,
`source=`), using the public ids a download carries (figure_id, subject_id, source_id),
which stay the same from build to build; the internal fact_id does not.

Everything here is plain code over a DuckDB connection (queries/record_*.sql); the page
(pages/record.py) lays it out, escaping every value on the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import duckdb
import pandas as pd

from foi import formats
from foi.db import literal
from foi.exports.columns import COLUMN_DESCRIPTIONS
from foi.queries import run
from foi.state import shown_value
from foi.vocab import basis_label, disclosure_label

#: The kinds of record, in the order a link is read: the first one given is shown.
KINDS: tuple[str, ...] = ("figure", "project", "group", "source")

#: The record page's own address (the `url_path` of its st.Page in app.py).
PAGE_PATH = "record"

#: The most rows a record lists of one kind (a payment file's source cites a million).
LIST_ROWS = 500

#: Longest id a link may carry; longer is no id of ours (foi.state's limit for a value).
MAX_ID_CHARS = 200

#: The Projects table shows a record link by its id: this pattern takes the id from it.
LINK_TEXT = r"[?&](?:figure|project|group|source)=([^&#]*)$"

_FIELD_HELP: dict[str, str] = {
    **COLUMN_DESCRIPTIONS,
    "subject_type": "Whether the figure is about one project or about a group of projects.",
    "subject_id": "Id of the project or group the figure is about.",
    "subject_name": "Name of the project or group the figure is about.",
    "amount_low_gbp": "Lower end of a range the source gives, in pounds.",
    "amount_high_gbp": "Upper end of a range the source gives, in pounds.",
    "line": "Row of the source file the figure was read from.",
    "project_id": "Id of the project.",
    "ref": "The publisher's own id for the project (a GMPP ID), when the file gives one.",
    "group_id": "Id of the group.",
    "group_label": "The group the project belongs to.",
    "label": "The group as the source describes it.",
    "parent_id": "Id of the larger group this one is part of.",
    "parent_label": "The larger group this one is part of.",
    "member_count": "How many projects the source says the group holds.",
    "named_members": "How many of them the data names.",
    "member_rows": "Project rows in the data (named plus unnamed placeholders).",
    "supplier": "Supplier of the project, when a source names one.",
    "related_id": "Another project this one may be.",
    "related_name": "Name of that other project.",
    "relation": "How sure the data is that they are the same project.",
    "start_date": "Start date, when the source gives one.",
    "end_date": "End date, when the source gives one.",
    "publisher": "Who published the source.",
    "published": "When it was published (a month when only that is known).",
    "kind": "What kind of document it is.",
    "title": "The document's title.",
    "url": "Where to read it.",
    "notes": "What the compilers noted about the source.",
    "figures": "Figures that cite this source.",
    "projects": "Projects whose own row cites this source.",
    "groups": "Groups whose own row cites this source.",
    "events": "Dated events this source reports.",
}


@dataclass(frozen=True)
class Link:
    """What a record link asks for: a dataset and one record of one kind (None: no record)."""

    dataset: str | None
    kind: str | None = None
    key: str | None = None


@dataclass
class Record:
    """Everything the page shows for one record; lists are empty where nothing is known."""

    kind: str
    key: str
    fields: dict[str, Any]
    source: dict[str, Any] | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)
    figures_total: int = 0
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    members_total: int = 0
    cells: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    subjects: list[dict[str, Any]] = field(default_factory=list)
    subjects_total: int = 0


# --- the link --------------------------------------------------------------------------------


def read_link(raw: Mapping[str, Sequence[str]], datasets: Sequence[str]) -> tuple[Link, list[str]]:
    """The record a link asks for, and a notice (plain text) for each value it could not use.

    As on every page, a bad value is dropped with a notice, never raised: an unknown
    dataset falls back to the default, a second id or kind is ignored. An id is any short
    text, since it only ever reaches SQL as a bound value and the page as escaped text.
    """
    notices: list[str] = []
    default = datasets[0] if datasets else None
    dataset = default
    given = list(raw.get("dataset", []))
    if len(given) > 1:
        notices.append(
            f"The link gives the dataset {len(given)} times, but only one can apply; "
            f"showing {default}."
        )
    elif given and given[0] not in datasets:
        notices.append(
            f"The link asked for a dataset that is not here ({shown_value(given[0])}); "
            f"showing {default}."
        )
    elif given:
        dataset = given[0]
    unknown = [n for n in raw if n not in ("dataset", *KINDS, "embed", "embed_options")]
    if unknown:  # one notice, however many, as on every page
        listed = ", ".join(shown_value(n) for n in unknown[:3])
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        notices.append(f"The link has settings this page does not know ({listed}{more}); ignored.")
    asked = [(kind, value) for kind in KINDS for value in raw.get(kind, [])]
    usable = [(k, v) for k, v in asked if 0 < len(v) <= MAX_ID_CHARS and "\x00" not in v]
    if len(usable) < len(asked):
        notices.append(
            f"The link holds an id that is empty or longer than {MAX_ID_CHARS} characters; "
            "it was left out."
        )
    if len(usable) > 1:
        notices.append(
            f"A record link names one figure, project, group or source; showed the "
            f"{usable[0][0]} {shown_value(usable[0][1])!r} only."
        )
    if not usable:
        return Link(dataset), notices
    kind, key = usable[0]
    return Link(dataset, kind, key), notices


def link_query(dataset: str, kind: str, key: str) -> dict[str, str]:
    """A record's link parameters; the id comes last, so the Projects table can show it."""
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}; expected one of {', '.join(KINDS)}")
    return {"dataset": dataset, kind: key}


def app_root(page_url: str | None) -> str:
    """The app's address without the page: `http://host:8501` from `http://host:8501/projects`.

    Every page sits one level below the app's root (the base URL path included), so the
    record page is the current page's sibling. Empty when the address is not known
    (AppTest), which leaves record links relative.
    """
    if not page_url:
        return ""
    return page_url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[0]


def record_url(root: str, dataset: str, kind: str, key: str) -> str:
    """The full address of a record page, e.g. `http://host/record?dataset=d&figure=F-1`."""
    prefix = f"{root}/" if root else ""
    return f"{prefix}{PAGE_PATH}?{urlencode(link_query(dataset, kind, key))}"


def row_links(rows: pd.DataFrame, dataset: str, root: str) -> pd.Series:
    """For each Projects row (figure_rows.sql), the address of its record.

    A figure's row links to the figure; a counted project with no figure at all, to the
    project.
    """

    def one(figure_id: Any, level: Any, subject_id: Any) -> str:
        if isinstance(figure_id, str) and figure_id:
            return record_url(root, dataset, "figure", figure_id)
        return record_url(root, dataset, "group" if level == "group" else "project", subject_id)

    return pd.Series(
        [
            one(f, lv, s)
            for f, lv, s in zip(rows["figure_id"], rows["level"], rows["subject_id"], strict=True)
        ],
        index=rows.index,
        dtype=object,
    )


def list_links(
    rows: Sequence[Mapping[str, Any]], dataset: str, root: str, kind: str, column: str
) -> list[str]:
    """The record address of each listed row, by the id in `column` (a figure, a project)."""
    return [record_url(root, dataset, kind, str(r[column])) for r in rows]


# --- the data --------------------------------------------------------------------------------


def _one(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> dict | None:
    rows = run(con, name, params).to_pylist()
    return rows[0] if rows else None


def _listed(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """Rows of a listing query with its `total` column taken off: (rows, how many in all)."""
    rows = run(con, name, params).to_pylist()
    total = int(rows[0]["total"]) if rows else 0
    return [{k: v for k, v in r.items() if k != "total"} for r in rows], total


def source_of(
    con: duckdb.DuckDBPyConnection, dataset: str, source_id: str | None
) -> dict[str, Any] | None:
    """One source with how many facts cite it; None when the data has no such source."""
    if not source_id:
        return None
    return _one(con, "record_source", {"dataset": dataset, "source": source_id})


def _discrepancies(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    *,
    figure: str | None = None,
    subject: tuple[str, str] | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    kind, sid = subject or (None, None)
    params = {
        "dataset": dataset,
        "figure": figure,
        "subject_type": kind,
        "subject_id": sid,
        "source": source,
    }
    return run(con, "record_discrepancies", params).to_pylist()


def _conflicts(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    *,
    figure: str | None = None,
    subject: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Pairs of figures the data itself finds in conflict (conflicting_figures.sql) that
    involve this figure, or are about this project or group."""
    rows = run(con, "conflicting_figures", {"dataset": dataset}).to_pylist()
    if figure is not None:
        return [r for r in rows if figure in (r["figure_a"], r["figure_b"])]
    if subject is not None:
        return [r for r in rows if (r["subject_type"], r["subject_id"]) == subject]
    return []


def _figures(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    *,
    subject: tuple[str, str] | None = None,
    source: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    kind, sid = subject or (None, None)
    params = {
        "dataset": dataset,
        "subject_type": kind,
        "subject_id": sid,
        "source": source,
        "limit": LIST_ROWS,
    }
    return _listed(con, "record_figures", params)


def _events(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    *,
    project: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    params = {"dataset": dataset, "project": project, "source": source}
    return run(con, "record_events", params).to_pylist()


def load(con: duckdb.DuckDBPyConnection, link: Link) -> Record | None:
    """Everything known about the record `link` names; None when the data has no such record."""
    if link.dataset is None or link.kind is None or link.key is None:
        return None
    ds, key = link.dataset, link.key
    if link.kind == "figure":
        found = _one(con, "record_figure", {"dataset": ds, "figure": key})
        if found is None:
            return None
        subject = (found["subject_type"], found["subject_id"])
        others, total = _figures(con, ds, subject=subject)  # the figure is one of them
        return Record(
            "figure",
            key,
            found,
            source=source_of(con, ds, found["source_id"]),
            discrepancies=_discrepancies(con, ds, figure=key),
            conflicts=_conflicts(con, ds, figure=key),
            # the other figures about the same project or group, for comparison
            figures=[f for f in others if f["figure_id"] != key],
            figures_total=max(total - 1, 0),
        )
    if link.kind == "project":
        found = _one(con, "record_project", {"dataset": ds, "project": key})
        if found is None:
            return None
        figures, total = _figures(con, ds, subject=("project", key))
        return Record(
            "project",
            key,
            found,
            source=source_of(con, ds, found["source_id"]),
            figures=figures,
            figures_total=total,
            discrepancies=_discrepancies(con, ds, subject=("project", key)),
            conflicts=_conflicts(con, ds, subject=("project", key)),
            cells=run(con, "record_project_cells", {"dataset": ds, "project": key}).to_pylist(),
            events=_events(con, ds, project=key),
        )
    if link.kind == "group":
        found = _one(con, "record_group", {"dataset": ds, "group": key})
        if found is None:
            return None
        figures, total = _figures(con, ds, subject=("group", key))
        members, members_total = _listed(
            con, "record_members", {"dataset": ds, "group": key, "limit": LIST_ROWS}
        )
        return Record(
            "group",
            key,
            found,
            source=source_of(con, ds, found["source_id"]),
            figures=figures,
            figures_total=total,
            discrepancies=_discrepancies(con, ds, subject=("group", key)),
            conflicts=_conflicts(con, ds, subject=("group", key)),
            members=members,
            members_total=members_total,
        )
    found = source_of(con, ds, key)
    if found is None:
        return None
    figures, total = _figures(con, ds, source=key)
    subjects, subjects_total = _listed(
        con, "record_source_subjects", {"dataset": ds, "source": key, "limit": LIST_ROWS}
    )
    return Record(
        "source",
        key,
        found,
        source=found,
        figures=figures,
        figures_total=total,
        discrepancies=_discrepancies(con, ds, source=key),
        events=_events(con, ds, source=key),
        subjects=subjects,
        subjects_total=subjects_total,
    )


# --- how it reads ----------------------------------------------------------------------------


def title(record: Record) -> str:
    """The page's heading (plain text; the page escapes it)."""
    f = record.fields
    if record.kind == "figure":
        about = f.get("subject_name") or f.get("subject_id")
        return f"Figure {record.key}: {about}"
    if record.kind == "project":
        return f"Project: {f.get('name') or record.key}"
    if record.kind == "group":
        return f"Group: {f.get('label') or record.key}"
    return f"Source {record.key}: {f.get('title') or ''}".rstrip(": ")


def value_text(name: str, value: Any) -> str:
    """One field's value as a reader should see it: pounds with pennies, labels, ISO dates."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | float) and name.endswith("_gbp"):
        exact = format(value, ",.2f") if isinstance(value, Decimal) else f"{value:,.2f}"
        return f"£{exact}"
    if name == "basis" and isinstance(value, str):
        return f"{basis_label(value)} ({value})"
    if name == "disclosure" and isinstance(value, str):
        return f"{disclosure_label(value)} ({value})"
    if name == "exemption_sections" and isinstance(value, str):
        return formats.sections(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def fields_table(fields: Mapping[str, Any]) -> pd.DataFrame:
    """Every field that holds a value, with the value as text and what the field means.

    Fields left blank by the source are not listed: a blank is not something known.
    """
    rows = [
        {"field": name, "value": value_text(name, value), "meaning": _FIELD_HELP.get(name, "")}
        for name, value in fields.items()
        if value is not None and value != ""
    ]
    return pd.DataFrame(rows, columns=["field", "value", "meaning"])


def figures_frame(figures: Sequence[Mapping[str, Any]], links: Sequence[str]) -> pd.DataFrame:
    """The listed figures as a table: a link to each, what it is about, the amount and passage."""
    return pd.DataFrame(
        [
            {
                "record": link,
                "about": f.get("subject_name") or f.get("subject_id"),
                "amount": formats.gbp(f["amount_gbp"])
                if f.get("amount_gbp") is not None
                else formats.DASH,
                "basis": basis_label(f.get("basis")),
                "disclosure": disclosure_label(f.get("disclosure")),
                "as_written": f.get("original_text") or "",
                "source_id": f.get("source_id") or "",
                "locator": f.get("locator") or "",
                "claim": f.get("claim") or "",
            }
            for f, link in zip(figures, links, strict=True)
        ],
        columns=[
            "record",
            "about",
            "amount",
            "basis",
            "disclosure",
            "as_written",
            "source_id",
            "locator",
            "claim",
        ],
    )


def shown_of(shown: int, total: int, noun: str, nouns: str | None = None) -> str:
    """ "3 figures" or "the first 500 of 1,000,000 figures": what a list holds (plain text)."""
    if total > shown:
        return f"the first {shown:,} of {total:,} {nouns or noun + 's'}"
    return formats.plural(total, noun, nouns)


def listing_of(record: Record) -> tuple[str, str]:
    """The (kind, id) whose figures a record lists: a figure lists its subject's others."""
    if record.kind == "figure":
        return str(record.fields["subject_type"]), str(record.fields["subject_id"])
    return record.kind, record.key


def console_sql(kind: str, key: str) -> str:
    """A SQL console query listing every figure of a record, for a list cut at LIST_ROWS.

    The id is written as a quoted literal: the console runs the text in its sandbox
    (one read-only SELECT over this dataset), so even a hostile id can only select.
    """
    column = "source_id" if kind == "source" else "subject_id"
    where = f"{column} = {literal(key)}"
    if kind in ("project", "group"):
        where = f"subject_type = {literal(kind)} AND {where}"
    return f"SELECT * FROM figures WHERE {where} ORDER BY line NULLS FIRST, figure_id"


def members_frame(members: Sequence[Mapping[str, Any]], dataset: str, root: str) -> pd.DataFrame:
    """A group's projects as a table: a link to each, its name, whether named, its status."""
    links = list_links(members, dataset, root, "project", "project_id")
    return pd.DataFrame(
        [
            {"record": u, "name": m["name"], "named": m["named"], "status": m["status_label"]}
            for m, u in zip(members, links, strict=True)
        ],
        columns=["record", "name", "named", "status"],
    )


def subjects_frame(subjects: Sequence[Mapping[str, Any]], dataset: str, root: str) -> pd.DataFrame:
    """The projects and groups a source names or counts: a link to each, and the passage."""
    return pd.DataFrame(
        [
            {
                "record": record_url(root, dataset, s["subject_type"], str(s["subject_id"])),
                "kind": s["subject_type"],
                "name": s["name"],
                "locator": s["locator"],
            }
            for s in subjects
        ],
        columns=["record", "kind", "name", "locator"],
    )

"""The Projects facets, as Datasette shows them: each field's values with their counts, as links.

A reader narrowing a million payments wants to see at once what the matching rows are
made of (which statuses, organisations, bases, disclosures, sections, expense types and
areas, and how many rows of each) and to narrow further with one click. So each field a
Projects filter supports gets a short list of its largest values among the matching rows,
each with its count and the money disclosed in them, and each value is a real link: the
current view with that value added to the field's filter and the page back at 1, which a
reader can open in a new tab or share. A value already in the filter is shown as picked,
and its link is the view with it taken off again.

The counts come from `queries/figure_rows_facets.sql` (one pass over the filtered rows);
here they become what the page shows, without Streamlit. Markdown is written through the
escaper the page passes in (`foi.ui.md_text`), so a value such as `[x](y)` or `<b>` from
the data is shown as text; this module never imports Streamlit (only `foi.ui` does).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from foi import formats, state
from foi.filters import FILTERS, counts_from_facets
from foi.vocab import basis_label, disclosure_label

#: The page the facet links open: Projects (its `url_path` in app.py).
PAGE_PATH = "projects"

#: The fields listed, in this order: every multi-value Projects filter.
FIELDS: tuple[str, ...] = tuple(f.name for f in FILTERS if f.kind == "multi")

#: How many values of each field the facets query keeps (the rest are summed).
TOP = 10

#: How many of those a list shows; the others join the "more values" note.
SHOWN = 6

#: How many facets stand side by side in one row of columns (each wide enough for a label).
PER_ROW = 3

#: What each field is called in a heading ("Expense type"), from the filter's own label.
TITLES: dict[str, str] = {
    f.name: f.label[:1].upper() + f.label[1:] for f in FILTERS if f.kind == "multi"
}

Escape = Callable[[str], str]


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: what it is, how many matching rows have it, and its link."""

    field: str
    value: str
    label: str  # plain text in the dataset's words; escape before writing it as Markdown
    rows: int
    disclosed_gbp: Decimal | None  # None when none, or when it is on several bases
    selected: bool  # already in the filter: the link takes it off again
    query: dict[str, Any]  # the link's parameters (foi.state.to_query form)
    href: str  # the link itself: the Projects page address with `query`


@dataclass(frozen=True)
class Facet:
    """One field's list: its largest values, and what the list leaves out."""

    field: str
    title: str
    values: tuple[FacetValue, ...]
    more_values: int = 0  # values counted but not listed
    more_rows: int = 0  # the rows (or, for exemptions, citations) those values hold
    without: int | None = None  # matching rows with no value of this field (None: not known)


def _count(value: Any) -> int:
    """A count from the query's rows, where pandas may have turned a NULL into NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    return int(value)


def _money(value: Any) -> Decimal | None:
    """An amount from the query's rows; None for a NULL (or pandas' NaN for one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def one_basis_money(record: Mapping[str, Any]) -> Decimal | None:
    """The money disclosed in a value's rows, only when it is all on one basis.

    A status's rows can hold a contract value, a saving and a budget: their sum means
    nothing, and bases are never added, so such a value shows its count alone.
    """
    if not isinstance(record.get("disclosed_basis"), str):
        return None
    return _money(record.get("disclosed_gbp"))


def value_label(field: str, record: Mapping[str, Any]) -> str:
    """A value in the dataset's words: status and organisation labels, basis and disclosure
    words, and an exemption as "s.43", saying "(inferred)" where the source gave no section.

    An inferred section is the explorer's reading of a reason, not the body's citation, so
    it must never read as cited (foi.formats.INFERRED_NOTE).
    """
    value = str(record["value"])
    if field == "basis":
        return basis_label(value)
    if field == "disclosure":
        return disclosure_label(value)
    if field == "exemption":
        inferred = _count(record.get("inferred_rows"))
        rows = _count(record["rows"])
        if inferred and inferred >= rows:
            return formats.sections(value, "inferred")
        if inferred:
            return f"{formats.sections(value)} (inferred for {inferred:,})"
        return formats.sections(value)
    label = record.get("label")
    return str(label) if isinstance(label, str) and label else value


def toggled(values: Mapping[str, Any], field: str, value: str) -> dict[str, Any]:
    """The view's values with `value` added to the `field` filter, or taken off if it is in.

    The page goes back to 1: page 7 of the old rows is no page of the new ones.
    """
    current = tuple(values.get(field) or ())
    picked = tuple(v for v in current if v != value) if value in current else (*current, value)
    return {**values, field: picked, "page": 1}


def link_query(values: Mapping[str, Any], vocab: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The link parameters of a Projects view, always naming its dataset.

    The dataset is kept even at its default: a link with no parameters at all would let the
    page restore the filters a reader carried from another page (foi.ui.page_state), so a
    link that takes off the last filter would not take it off.
    """
    query = state.to_query(PAGE_PATH, values, vocab)
    return {"dataset": str(values["dataset"]), **query} if "dataset" not in query else query


def href(root: str, query: Mapping[str, Any]) -> str:
    """The address of the Projects view `query`: `root/projects?...` (relative without a root)."""
    prefix = f"{root}/" if root else ""
    return f"{prefix}{PAGE_PATH}{state.query_string(query)}"


def build(
    records: Sequence[Mapping[str, Any]],
    values: Mapping[str, Any],
    vocab: Mapping[str, Sequence[str]],
    root: str = "",
    *,
    shown: int = SHOWN,
) -> list[Facet]:
    """The facets to show, from the facets query's rows and the current view's values.

    A field is listed when the matching rows hold more than one value of it (one value
    narrows nothing), or when it is filtered: as in Datasette, a filtered field still shows
    its values, so the picked ones can be taken off. Picked values are always listed; the
    others up to `shown`, largest first.
    """
    total = counts_from_facets(list(records))["rows"]
    out: list[Facet] = []
    for field in FIELDS:
        rows = [r for r in records if r["field"] == field]
        kept = [r for r in rows if not r["other"] and isinstance(r["value"], str)]
        other = [r for r in rows if r["other"]]
        counted = len(kept) + sum(_count(r.get("value_count")) for r in other)
        picked = {str(v) for v in values.get(field) or ()}
        if counted < 2 and not picked:
            continue
        items: list[FacetValue] = []
        more_values = sum(_count(r.get("value_count")) for r in other)
        more_rows = sum(_count(r["rows"]) for r in other)
        for r in kept:
            value = str(r["value"])
            if value not in picked and len([i for i in items if not i.selected]) >= shown:
                more_values += 1
                more_rows += _count(r["rows"])
                continue
            query = link_query(toggled(values, field, value), vocab)
            items.append(
                FacetValue(
                    field=field,
                    value=value,
                    label=value_label(field, r),
                    rows=_count(r["rows"]),
                    disclosed_gbp=one_basis_money(r),
                    selected=value in picked,
                    query=query,
                    href=href(root, query),
                )
            )
        # A picked value no matching row has (status=live while another filter rules every
        # live row out) is still listed, at 0, so it can be taken off.
        for value in sorted(picked - {i.value for i in items}):
            query = link_query(toggled(values, field, value), vocab)
            label = value_label(field, {"value": value, "label": None, "rows": 0})
            items.append(FacetValue(field, value, label, 0, None, True, query, href(root, query)))
        in_field = sum(_count(r["rows"]) for r in rows)
        without = None if field == "exemption" else max(total - in_field, 0)
        out.append(
            Facet(field, TITLES[field], tuple(items), more_values, more_rows, without or None)
        )
    return out


def shared_values(
    records: Sequence[Mapping[str, Any]], values: Mapping[str, Any], facets: Sequence[Facet]
) -> str:
    """The fields not listed because the matching rows hold one value of them, in a sentence
    (plain text): "One value only: organisation Metropolitan Police Service (158 rows)."

    A field with one value narrows nothing, but saying what that value is still tells the
    reader what the rows are made of. Empty when there is no such field.
    """
    listed = {f.field for f in facets}
    out = []
    for field in FIELDS:
        if field in listed or values.get(field):
            continue
        kept = [
            r for r in records if r["field"] == field and not r["other"] and r["value"] is not None
        ]
        if len(kept) == 1:
            (r,) = kept
            out.append(f"{TITLES[field].lower()} {value_label(field, r)} ({plural_rows(r)})")
    return f"One value only: {'; '.join(out)}." if out else ""


def says_inferred(facets: Sequence[Facet], records: Sequence[Mapping[str, Any]]) -> bool:
    """Whether an exemption shown (listed, or as the one value) is our inference, so the page
    says once what "(inferred)" means."""
    listed = any("inferred" in i.label for f in facets for i in f.values if f.field == "exemption")
    return listed or any(
        _count(r.get("inferred_rows")) for r in records if r["field"] == "exemption"
    )


def icon(item: FacetValue) -> str:
    """What a click does, at the end of the link: + adds the value, ✕ (Datasette's "remove")
    takes a picked one off. Every facet link points at the page being shown, which Streamlit
    draws alike for all, so the icon is what tells a picked value from the others."""
    return ":material/close:" if item.selected else ":material/add:"


def plural_rows(record: Mapping[str, Any]) -> str:
    """ "1 row", "158 rows"."""
    return formats.plural(_count(record["rows"]), "row")


def amount(item: FacetValue) -> str:
    """The money disclosed in a value's rows, "£24m"; empty when none was disclosed."""
    if item.disclosed_gbp is None or item.disclosed_gbp <= 0:
        return ""
    return formats.gbp_short(item.disclosed_gbp)


def link_text(item: FacetValue, escape: Escape) -> str:
    """A value's link as Markdown: "Stopped · 21 · £24m", in bold when picked.

    Every piece from the data goes through `escape`, so `*`, `]`, `)` or `<` in a value are
    shown as written and cannot end the link, start emphasis or open a tag.
    """
    parts = [f"{item.rows:,}"] + ([amount(item)] if amount(item) else [])
    counts = escape(" · ".join(parts))
    label = escape(item.label)
    return f"**{label}** · {counts}" if item.selected else f"{label} · {counts}"


def link_help(item: FacetValue, facet: Facet) -> str:
    """The tooltip of a value's link (plain text): what a click does, and the counts in words."""
    noun = facet.title.lower()
    rows = formats.plural(item.rows, "matching row")
    money = f", {amount(item)} disclosed" if amount(item) else ""
    if item.selected:
        return f"{rows}{money}. Remove: click to take {noun} “{item.label}” off the filters."
    return f"{rows}{money}. Click to keep only rows with {noun} “{item.label}”."


def note(facet: Facet) -> str:
    """What the list leaves out, in words: "4 more values (37 rows); 3 rows with no basis"."""
    parts = []
    if facet.more_values:
        what = "citation" if facet.field == "exemption" else "row"
        parts.append(
            f"{formats.plural(facet.more_values, 'more value')} "
            f"({formats.plural(facet.more_rows, what)})"
        )
    if facet.without:
        parts.append(f"{formats.plural(facet.without, 'row')} with no {facet.title.lower()}")
    return "; ".join(parts)

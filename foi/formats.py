"""One table of value formats, used by pages, exports and narrative alike (as Evidence has).

A figure reads the same wherever it appears: "£24m" in a card, "£24,000,000" in a
table, "1 figure" not "1 figures", "s.43 (inferred)"-style exemptions and status
labels from the dataset's own vocabulary. Each `ValueFormat` says how to write a value
as text and, for spreadsheets, which Excel number format holds it; `FORMATS` is the
registry a caller looks a format up in by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from foi.exemptions import section_label
from foi.money import format_gbp
from foi.vocab import basis_label, disclosure_label

DASH = "\u2014"


@dataclass(frozen=True)
class ValueFormat:
    """How one kind of value is written: as text, and as an Excel number format."""

    name: str
    render: Callable[[Any], str]
    excel: str | None = None


def gbp(value: Decimal | int | float | None) -> str:
    """Pounds in full, "£24,000,000": tables and sources, where every pound counts."""
    return format_gbp(value, short=False)


def gbp_short(value: Decimal | int | float | None) -> str:
    """Pounds for reading at a glance, "£24m": cards, titles and sentences."""
    return format_gbp(value)


def count(value: int | None) -> str:
    """A whole number with thousands separators; None is a dash, never 0."""
    return DASH if value is None else f"{int(value):,}"


def percent(share: float | None) -> str:
    """A share of 1 as a percentage to one decimal place, "12.5%"; None is a dash."""
    return DASH if share is None else f"{share:.1%}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """ "1 figure", "2 figures": the count and its noun, in the number the count needs."""
    return f"{count(n)} {noun if n == 1 else (nouns or noun + 's')}"


def exemption(statute: str | None, sections: str | None, basis: str | None) -> str:
    """An exemption as cited or inferred, "FOIA 2000 s.43 (inferred)"; "none cited" if none."""
    if not isinstance(sections, str) or not sections:
        return "none cited"
    return f"{statute} s.{sections} ({basis})"


#: What "(inferred)" after a section means, said once wherever an inferred one is shown.
INFERRED_NOTE = (
    "“(inferred)” means the source gave a reason but no section number: the section is the "
    "explorer's reading of that reason, not the body's citation."
)


def sections(sections: str | None, basis: str | None = None, *, names: bool = False) -> str:
    """'43;31' as "s.43, s.31", with " (inferred)" when the source named no section.

    An exemption the explorer read from wording ("commercially sensitive") is our
    inference, not the body's citation: every place that shows one says so, through here.
    `names` adds what each section covers ("s.43 commercial interests"). Empty when none.
    """
    if not isinstance(sections, str) or not sections:
        return ""
    parts = sections.split(";")
    text = ", ".join(section_label(s) if names else f"s.{s}" for s in parts)
    return f"{text} (inferred)" if basis == "inferred" else text


def status_label(status: str | None, labels: Mapping[str, str]) -> str:
    """A status code in the dataset's own words ("Corrective action"); unknown codes as given."""
    if status is None:
        return DASH
    return labels.get(status, status)


FORMATS: dict[str, ValueFormat] = {
    f.name: f
    for f in (
        ValueFormat("gbp", gbp, "#,##0.00"),
        ValueFormat("gbp_short", gbp_short, '"£"#,##0'),
        ValueFormat("count", count, "#,##0"),
        ValueFormat("percent", percent, "0.0%"),
        ValueFormat("basis", basis_label),
        ValueFormat("disclosure", disclosure_label),
    )
}


#: Headings for the columns tables show, where the generic rule (below) reads badly.
COLUMN_LABELS: dict[str, str] = {
    "gap_share": "Never itemised (share)",
    "never_itemised_gbp": "Never itemised (£)",
    "assumed_inside_gbp": "Assumed inside the total (£)",
    "total_qualifier": "Total is",
    "basis_label": "Basis (in words)",
    "source_id": "Source",
    "source_ids": "Sources",
    "source_url": "Source link",
    "status_label": "Status",
    "subject_id": "Subject id",
    "figure_a": "Figure (first source)",
    "figure_b": "Figure (second source)",
    "source_a": "First source",
    "source_b": "Second source",
    "other": "All the rest together",
    "what_the_sources_say": "What the sources say",
}


def column_label(name: str) -> str:
    """A column's heading as a reader sees it: "conflict_low_gbp" as "Conflict low (£)".

    COLUMN_LABELS first; otherwise underscores become spaces, a trailing `_gbp` becomes
    "(£)", `_a`/`_b` name the first and second source of a discrepancy. A heading that is
    already written for people (it has a space or a capital) is kept as it is.
    """
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    if " " in name or name[:1].isupper():
        return name
    words, unit = name, ""
    if words.endswith("_gbp"):
        words, unit = words[: -len("_gbp")], " (£)"
    for end, which in (("_a", " (first source)"), ("_b", " (second source)")):
        if words.endswith(end):
            words, unit = words[: -len(end)], which + unit
    return words.replace("_", " ").capitalize() + unit


def render(name: str, value: Any) -> str:
    """`value` written in the named format (`FORMATS`)."""
    return FORMATS[name].render(value)

"""What each chart's credit says besides its sources: the basis of its money and its caveat.

Written once here so the Overview and Stopped vs corrected, which draw the same chart,
credit it in the same words, and an embed or a saved PNG never loses the one sentence a
reader needs to not misread it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from foi.vocab import basis_label

#: The caveat of a chart of counts: no money is drawn, so none can be misread as such.
COUNTS = "Counts, not money: a withheld figure has no amount"


def bases(values: Iterable[Any]) -> str | None:
    """The bases in words, each once ("Contract value, Spent to date"); None when none."""
    words = [basis_label(b) for b in dict.fromkeys(v for v in values if isinstance(v, str))]
    return ", ".join(words) or None


def groups(rows: Sequence[Mapping[str, Any]]) -> tuple[str | None, str]:
    """(basis, caveat) for the status-group totals chart."""
    basis = bases(g.get("basis") for g in rows)
    caveat = (
        "Hatched: money disclosed only as a group total, never broken down by project; "
        "unknown per project, not zero"
    )
    inferred = any(
        str(section).endswith("(inferred)") for g in rows for section in g.get("exemptions", {})
    )
    if inferred:
        caveat += "; the exemption for the withheld per-project costs is inferred, not cited"
    return basis, caveat


BASIS_MONEY = (
    "Each basis is drawn apart and never added; a hatched range is where sources disagree "
    "and neither figure is picked"
)
PAYEES = "Suppliers whose names were withheld or redacted are grouped as such; amounts as published"
TIMELINE = "Where a source gives only a month or a year, the event sits at its start"
FACETS = "Counts of the rows that match the filters in the link"

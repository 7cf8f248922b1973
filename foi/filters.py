"""Turn a page's checked URL values into bound query parameters, a sort and a caption.

The Projects page, its downloads and the tests share these, so the rows a
reader sees, the rows they download and the rows a test expects all come
from the same parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from foi.money import format_gbp
from foi.state import SORTS

FILTERS = (
    "status",
    "org",
    "basis",
    "disclosure",
    "exemption",
    "category",
    "area",
    "q",
    "min",
    "max",
    "named",
)


def query_params(dataset: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Bound parameters for figure_rows / figure_rows_count / figure_rows_facets."""

    def listed(name: str) -> list[str] | None:
        items = values.get(name) or ()
        return list(items) or None

    return {
        "dataset": dataset,
        "status": listed("status"),
        "org": listed("org"),
        "basis": listed("basis"),
        "disclosure": listed("disclosure"),
        "exemption": listed("exemption"),
        "category": listed("category"),
        "area": listed("area"),
        "q": values.get("q") or None,
        "min": values.get("min"),
        "max": values.get("max"),
        "named_only": bool(values.get("named")),
    }


def page_params(dataset: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """query_params plus LIMIT and OFFSET for the current page."""
    size = int(values.get("size") or 50)
    page = int(values.get("page") or 1)
    return {**query_params(dataset, values), "limit": size, "offset": (page - 1) * size}


def order_by(values: Mapping[str, Any]) -> str:
    """The allow-listed ORDER BY fragment for the chosen sort (never text from the URL)."""
    return SORTS.get(values.get("sort") or "", SORTS["amount_desc"])[1]


def active(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the filters that are set, as plain JSON-ready values (for captions and metadata)."""
    out: dict[str, Any] = {}
    for name in FILTERS:
        value = values.get(name)
        if value in (None, "", (), False):
            continue
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, Decimal):
            value = float(value) if value != value.to_integral_value() else int(value)
        out[name] = value
    return out


def describe(values: Mapping[str, Any]) -> str:
    """A caption such as 'status: stopped; amount at least £1m'."""
    parts = []
    for name, value in active(values).items():
        if name == "min":
            parts.append(f"amount at least {format_gbp(value)}")
        elif name == "max":
            parts.append(f"amount at most {format_gbp(value)}")
        elif name == "named":
            parts.append("named projects only")
        elif name == "category":
            parts.append(f"expense type: {', '.join(map(str, value))}")
        elif name == "area":
            parts.append(f"expense area: {', '.join(map(str, value))}")
        elif name == "q":
            parts.append(f"text contains “{value}”")
        else:
            parts.append(f"{name}: {', '.join(map(str, value))}")
    return "; ".join(parts) if parts else "no filters"


#: The fields the Projects facet chart can show; "subject" (supplier or project) is
#: counted only when chosen, the others come with every facets query.
FACET_FIELDS = ("area", "category", "subject", "status")


def counts_from_facets(facets: list[dict[str, Any]]) -> dict[str, int]:
    """The caption's counts from the facets query: every matching row has one disclosure."""
    by_disclosure = [f for f in facets if f["field"] == "disclosure"]
    return {
        "rows": sum(int(f["rows"]) for f in by_disclosure),
        "disclosed_rows": sum(int(f["rows"]) for f in by_disclosure if f["value"] == "disclosed"),
        "withheld_rows": sum(
            int(f["rows"]) for f in by_disclosure if f["value"] in ("withheld", "redacted")
        ),
    }


def facet_choices(facets: list[dict[str, Any]], asked: str) -> tuple[list[str], str | None]:
    """The facet fields worth offering, and the one to draw for the `facet` URL value.

    Supplier is always on offer; the other fields when the matching rows hold more than
    one value of them. "auto" (or a field not on offer) draws the first of area, expense
    type and status that is; None when there is none.
    """
    offered = [
        f for f in FACET_FIELDS if f == "subject" or sum(1 for r in facets if r["field"] == f) > 1
    ]
    if asked in offered:
        return offered, asked
    counted = [f for f in offered if f != "subject"]
    return offered, (counted[0] if counted else None)

"""The Projects filters, each declared once, and everything derived from the declarations.

One `Filter` entry (name, kind, allowed values, label, caption, help) plus its SQL
predicate in `queries/filter_<name>.sql` is the whole of a filter. From the registry
`FILTERS` come, with no other list to keep in step:

- the URL parameters (`params()`, read by `foi.state`);
- the WHERE clause of `figure_rows*.sql` (`where_sql()`, spliced at `{filters}`) and
  the values bound to it (`query_params()`);
- the caption over the table and in files (`describe()`);
- the filters a download records (`active()`) and its file name (`slug_parts()`);
- the `python -m foi export` flags (`add_cli_flags()`, `from_cli()`, `cli_args()`).

So the rows a reader sees, the rows they download, what the file says was applied and
the command that writes the same file cannot drift apart (Datasette declares its
filters the same way: one `TemplatedFilter` drives the SQL and the description).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from foi.money import format_gbp
from foi.params import Param
from foi.queries import load_sql
from foi.text import json_value
from foi.vocab import BASES, DISCLOSURES, basis_label, disclosure_label

FilterKind = Literal["multi", "text", "amount", "flag"]

#: Filters whose codes have fixed words, the same in every dataset.
_FIXED_WORDS = {"basis": basis_label, "disclosure": disclosure_label}


@dataclass(frozen=True)
class Filter:
    """One Projects filter. Its predicate is `sql`, or else `queries/filter_<name>.sql`.

    `name` is the link parameter, the bound SQL parameter (`$name`) and the CLI flag
    (`--name`). `caption` is how the caption says it: `{label}`, `{values}` (a list,
    comma-separated), `{value}` (text as typed) and `{gbp}` (an amount) are filled in.
    """

    name: str
    kind: FilterKind
    label: str
    help: str
    caption: str = "{label}: {values}"
    vocab: str | None = None
    choices: tuple[str, ...] = ()
    sql: str | None = None
    nouns: str = ""  # the label, plural, for notices ("statuses"); default label + "s"

    def param(self) -> Param:
        """The URL parameter this filter reads; filters follow a reader from page to page."""
        default: Any = {"multi": (), "text": "", "amount": None, "flag": False}[self.kind]
        return Param(
            self.name,
            self.kind,
            default=default,
            choices=self.choices,
            vocab=self.vocab,
            carry=True,
            noun=self.label,
            nouns=self.nouns,
        )

    def predicate(self) -> str:
        """The SQL condition over figure_keys that keeps a row while the filter is set."""
        text = self.sql or load_sql(f"filter_{self.name}")
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
        return "\n".join(lines).strip().rstrip(";")

    def bound(self, value: Any) -> Any:
        """The value bound to `$name`: None when the filter is not set (no filter)."""
        if not is_set(value):
            return None
        if self.kind == "multi":
            return [str(v) for v in value]
        if self.kind == "flag":
            return True
        return value

    def phrase(self, value: Any, words: Mapping[str, str] | None = None) -> str:
        """How the caption says this filter's value: `amount at least £1m`, `status: Stopped`.

        Codes are written in the dataset's words: `words` maps a code to its label (the
        statuses and organisations a dataset names); bases and disclosures have fixed words.
        """
        say = _FIXED_WORDS.get(self.name) or (lambda v: (words or {}).get(v, v))
        values = ", ".join(say(str(v)) for v in value) if isinstance(value, list | tuple) else ""
        gbp = format_gbp(value) if self.kind == "amount" else ""
        return self.caption.format(label=self.label, values=values, value=value, gbp=gbp)


FILTERS: list[Filter] = [
    Filter(
        "status",
        "multi",
        "status",
        "keep rows with this status (repeat)",
        vocab="status",
        nouns="statuses",
    ),
    Filter(
        "org", "multi", "organisation", "keep rows about this organisation (repeat)", vocab="org"
    ),
    Filter(
        "basis",
        "multi",
        "basis",
        "keep figures on this basis, e.g. payment (repeat)",
        choices=tuple(BASES),
        nouns="bases",
    ),
    Filter(
        "disclosure",
        "multi",
        "disclosure",
        "keep figures disclosed this way, e.g. withheld (repeat)",
        choices=tuple(DISCLOSURES),
    ),
    Filter(
        "exemption",
        "multi",
        "exemption",
        "keep figures withheld under this section, e.g. s.43 (repeat)",
        vocab="exemption",
    ),
    Filter(
        "category",
        "multi",
        "expense type",
        "keep payments of this expense type (repeat)",
        vocab="category",
    ),
    Filter(
        "area",
        "multi",
        "expense area",
        "keep payments in this expense area or service (repeat)",
        vocab="area",
    ),
    Filter(
        "q", "text", "search", "text search, as on the Projects page", "text contains “{value}”"
    ),
    Filter("min", "amount", "lowest amount", "amount at least, e.g. 10m", "amount at least {gbp}"),
    Filter("max", "amount", "highest amount", "amount at most", "amount at most {gbp}"),
    Filter("named", "flag", "named-only switch", "named projects only", "named projects only"),
]


@contextmanager
def registered(extra: Filter) -> Iterator[Filter]:
    """Add a filter to the registry for the length of a block (tests, experiments)."""
    FILTERS.append(extra)
    try:
        yield extra
    finally:
        FILTERS.remove(extra)


def params() -> tuple[Param, ...]:
    """The URL parameters of every filter, in registry order."""
    return tuple(f.param() for f in FILTERS)


def is_set(value: Any) -> bool:
    """Empty values (None, "", an empty list, False) mean "no filter"; an amount of 0 is set."""
    if value is None or value is False:
        return False
    return not (isinstance(value, str | tuple | list) and len(value) == 0)


def where_sql() -> str:
    """The WHERE clause spliced at `{filters}`: this dataset and each filter while set.

    Only declarations reach the text; every value arrives as a bound `$name`.
    """
    clauses = ["dataset = $dataset"]
    clauses += [f"(${f.name} IS NULL OR ({f.predicate()}))" for f in FILTERS]
    return "\n    AND ".join(clauses)


def query_params(dataset: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Bound parameters for figure_rows / figure_rows_count / figure_rows_facets."""
    return {"dataset": dataset, **{f.name: f.bound(values.get(f.name)) for f in FILTERS}}


def page_params(dataset: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """query_params plus LIMIT and OFFSET for the current page."""
    size = int(values.get("size") or 50)
    page = int(values.get("page") or 1)
    return {**query_params(dataset, values), "limit": size, "offset": (page - 1) * size}


#: key -> (label, allow-listed ORDER BY fragment over figure_keys; figure_rows.sql adds
#: the figure's fact_id as the last tie-break, so every sort is total)
# Names sort by figure_keys.name_key, so unnamed members run 1, 2 ... 10, not 1, 10, 2.
_BY_NAME = "name_key, name, subject_id"

SORTS: dict[str, tuple[str, str]] = {
    "amount_desc": ("Amount, largest first", f"amount_gbp DESC NULLS LAST, {_BY_NAME}"),
    "amount_asc": ("Amount, smallest first", f"amount_gbp ASC NULLS LAST, {_BY_NAME}"),
    "status": ("Status", f"status, named DESC, {_BY_NAME}"),
    "name": ("Name", f"named DESC, {_BY_NAME}"),
    "organisation": ("Organisation", f"org_id NULLS LAST, {_BY_NAME}"),
    "basis": ("Basis", f"basis NULLS LAST, amount_gbp DESC NULLS LAST, {_BY_NAME}"),
    "disclosure": ("Disclosure", f"disclosure, amount_gbp DESC NULLS LAST, {_BY_NAME}"),
    "supplier": ("Supplier", f"counterparty NULLS LAST, {_BY_NAME}"),
    "source": ("Source", f"source_id, {_BY_NAME}"),
}


def order_by(values: Mapping[str, Any]) -> str:
    """The allow-listed ORDER BY fragment for the chosen sort (never text from the URL)."""
    return SORTS.get(values.get("sort") or "", SORTS["amount_desc"])[1]


def active(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the filters that are set, in registry order, as JSON-ready values.

    This is what a download records as the filters applied; anything else a page
    passes (dataset, sort, page) is not a filter and is left out.
    """
    return {f.name: json_value(values[f.name]) for f in FILTERS if is_set(values.get(f.name))}


def describe(
    values: Mapping[str, Any], words: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """A caption such as 'status: Stopped; amount at least £1m' (codes as `words` label them)."""
    by_name = {f.name: f for f in FILTERS}
    parts = [
        by_name[name].phrase(value, (words or {}).get(name))
        for name, value in active(values).items()
    ]
    return "; ".join(parts) if parts else "no filters"


def slug_parts(values: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """(name, values as text) per filter that is set, for a file name; flags have no values."""
    out = []
    for name, value in active(values).items():
        if value is True:
            out.append((name, []))
        else:
            out.append((name, [str(v) for v in value] if isinstance(value, list) else [str(value)]))
    return out


def add_cli_flags(parser: argparse.ArgumentParser) -> None:
    """One `--name` option per filter on `python -m foi export`."""
    for f in FILTERS:
        if f.kind == "multi":
            parser.add_argument(f"--{f.name}", action="append", help=f.help)
        elif f.kind == "flag":
            parser.add_argument(f"--{f.name}", action="store_true", help=f.help)
        else:
            parser.add_argument(f"--{f.name}", help=f.help)


def from_cli(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Values from the export flags, and the raw amounts still to be checked by link rules.

    Amounts are returned raw (`{"min": ["10m"]}`) so `foi.state.parse` checks them exactly
    as it checks `?min=10m` (range, pennies).
    """
    values: dict[str, Any] = {}
    amounts: dict[str, list[str]] = {}
    for f in FILTERS:
        given = getattr(args, f.name, None)
        if f.kind == "multi":
            values[f.name] = tuple(given or ())
        elif f.kind == "flag":
            values[f.name] = bool(given)
        elif f.kind == "text":
            values[f.name] = given or ""
        elif given is not None:
            amounts[f.name] = [given]
    return values, amounts


def cli_args(values: Mapping[str, Any]) -> list[str]:
    """The export flags that select the same rows as `values`, unquoted, in registry order."""
    out: list[str] = []
    for f in FILTERS:
        value = values.get(f.name)
        if not is_set(value):
            continue
        if f.kind == "multi":
            for item in value:
                out += [f"--{f.name}", str(item)]
        elif f.kind == "flag":
            out.append(f"--{f.name}")
        elif f.kind == "amount":
            out += [f"--{f.name}", format(value, "f")]
        else:
            out += [f"--{f.name}", str(value)]
    return out


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

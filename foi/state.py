"""Every view lives in the URL: parse query strings into checked values, and back.

An Assembly member pastes a link and the same view opens: dataset, filters,
chart options, sort and page. A link is also untrusted input, so each
parameter is checked against what it may hold (a known status, a number in
range, short plain text). A value that fails falls back to that parameter's
default and yields a notice for the page to show; nothing raises, and no raw
value ever reaches SQL as text or the page as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from foi import filters
from foi.changes import CHANGES
from foi.filters import SORTS
from foi.money import parse_amount
from foi.params import Param

MAX_VALUE_CHARS = 200
MAX_SQL_CHARS = 5_000
MAX_VALUES = 50
MAX_AMOUNT = Decimal("1e13")
PENNY = Decimal("0.01")
_WIDE = Context(prec=100)
_TEXT_OK = re.compile(r"[\w &'.,()£%/:+-]{1,100}")


DATASET = Param("dataset", "choice", vocab="dataset", carry=True)
STATUS = Param("status", "multi", default=(), vocab="status", carry=True)
FACET = Param(
    "facet", "choice", default="auto", choices=("auto", "area", "category", "subject", "status")
)
SORT = Param("sort", "choice", default="amount_desc", choices=tuple(SORTS))
PAGE = Param("page", "int", default=1, low=1, high=100_000)
SIZE = Param("size", "choice", default="50", choices=("25", "50", "100", "200"))
UNIT = Param("unit", "choice", default="gbp", choices=("gbp", "count"))
SPLIT = Param("split", "choice", default="status", choices=("status", "organisation", "named"))
ASSUME = Param("assume", "choice", default="none", choices=("none", "spent_to_date"))
GROUP = Param("group", "choice", default="", vocab="group")
SOURCE = Param("source", "choice", default="", vocab="source")
ASPECT = Param(
    "aspect", "multi", default=(), choices=("count", "amount", "supplier", "meaning", "date")
)
VIEW = Param("view", "choice", default="chart", choices=("chart", "table"))
# What changed: two releases, and what to narrow the changes to.
FROM = Param("from", "choice", default="", vocab="release", keep=True)
TO = Param("to", "choice", default="", vocab="release", keep=True)
DEPARTMENT = Param("department", "multi", default=(), vocab="department")
FIELD = Param("field", "multi", default=(), vocab="field")
CHANGE = Param("change", "multi", default=(), choices=tuple(CHANGES))
SQL = Param("sql", "sql", default="")

#: Stands, in a page's list, for every filter declared in `foi.filters.FILTERS`.
FILTERS_HERE = Param("(filters)", "text")

_PAGES: dict[str, tuple[Param, ...]] = {
    "overview": (DATASET,),
    "stopped": (DATASET, STATUS, UNIT, SPLIT, VIEW),
    "gaps": (DATASET, ASSUME, GROUP, VIEW),
    "projects": (DATASET, FILTERS_HERE, SORT, PAGE, SIZE, FACET),
    "sources": (DATASET, SOURCE, ASPECT),
    "timeline": (DATASET, VIEW),
    "about": (DATASET,),
    "upload": (DATASET,),
    "console": (DATASET, SQL, PAGE),
    "changes": (FROM, TO, DEPARTMENT, FIELD, CHANGE, PAGE),
}


class _Pages(Mapping[str, tuple[Param, ...]]):
    """Each page's parameters, with the declared filters expanded where a page takes them.

    Read at each lookup, not at import, so a filter added to the registry is in the
    links at once.
    """

    def __getitem__(self, page: str) -> tuple[Param, ...]:
        out: list[Param] = []
        for param in _PAGES[page]:
            out += filters.params() if param is FILTERS_HERE else [param]
        return tuple(out)

    def __iter__(self):
        return iter(_PAGES)

    def __len__(self) -> int:
        return len(_PAGES)


PAGES: Mapping[str, tuple[Param, ...]] = _Pages()


class _AllParams(Mapping[str, Param]):
    """Every parameter any page knows, so a link carrying another page's filters is not an error."""

    def _all(self) -> dict[str, Param]:
        return {p.name: p for page in PAGES for p in PAGES[page]}

    def __getitem__(self, name: str) -> Param:
        return self._all()[name]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


ALL_PARAMS: Mapping[str, Param] = _AllParams()

#: Parameters Streamlit itself reads (`?embed=true` gives the chart-only view); not ours to judge.
_STREAMLIT_PARAMS = {"embed", "embed_options"}


def _shown(value: str) -> str:
    """A raw value shortened to quote in a notice: printable, one line, 40 characters at most.

    Unprintable characters become "?" first, so quoting cannot blow the length up again;
    the page escapes the whole notice as plain text before showing it.
    """
    flat = "".join(c if c.isprintable() else "?" for c in value[:41])
    return flat if len(flat) <= 40 else flat[:37] + "..."


def _allowed(param: Param, vocab: Mapping[str, Sequence[str]]) -> Sequence[str]:
    return param.choices if param.vocab is None else vocab.get(param.vocab, ())


def _one(param: Param, raw: str, vocab: Mapping[str, Sequence[str]]) -> tuple[Any, str | None]:
    """Check one raw value; return (value, None) or (None, why it was refused)."""
    if param.kind == "sql":
        # Free text by design: it is only ever run by the SQL console (foi.console), which decides
        # what it may do, and only ever shown as code, never as Markdown or HTML.
        if len(raw) > MAX_SQL_CHARS or "\x00" in raw:
            return None, f"is longer than {MAX_SQL_CHARS:,} characters or holds a NUL byte"
        return raw, None
    if len(raw) > MAX_VALUE_CHARS:
        return None, f"is {len(raw):,} characters long"
    if param.kind in ("choice", "multi"):
        allowed = _allowed(param, vocab)
        return (
            (raw, None)
            if raw in allowed
            else (None, f"{_shown(raw)!r} is not a known {param.name}")
        )
    if param.kind == "text":
        text = raw.strip()
        if text == "":
            return "", None
        if not _TEXT_OK.fullmatch(text) or "--" in text:
            return (
                None,
                "may hold only letters, digits, spaces and simple punctuation (100 at most)",
            )
        return text, None
    if param.kind == "amount":
        parsed = parse_amount(raw)
        if parsed.status != "disclosed" or parsed.value is None or parsed.is_percent:
            return None, f"{_shown(raw)!r} is not an amount (try 24m or 24000000)"
        if abs(parsed.value) > MAX_AMOUNT:
            return None, "is out of range"
        # Pennies are the finest grain any figure has; more digits would only break the query.
        return parsed.value.quantize(PENNY, rounding=ROUND_HALF_UP), None
    if param.kind == "int":
        if not re.fullmatch(r"\d{1,9}", raw) or not param.low <= int(raw) <= param.high:
            return None, f"{_shown(raw)!r} is not a whole number from {param.low} to {param.high:,}"
        return int(raw), None
    if param.kind == "flag":
        if raw.lower() in ("1", "true", "yes"):
            return True, None
        if raw.lower() in ("0", "false", "no", ""):
            return False, None
        return None, f"{_shown(raw)!r} is not true or false"
    return None, "is not understood"


def default_of(param: Param, vocab: Mapping[str, Sequence[str]]) -> Any:
    """A parameter's default; the dataset defaults to the first one listed."""
    if param.name == "dataset":
        return (vocab.get("dataset") or [None])[0]
    if param.vocab == "release":  # the newest two releases of a series (vocab "pair")
        pair = list(vocab.get("pair") or [])
        return pair[("from", "to").index(param.name)] if len(pair) == 2 else param.default
    return param.default


def parse(
    page: str, raw: Mapping[str, Sequence[str]], vocab: Mapping[str, Sequence[str]]
) -> tuple[dict[str, Any], list[str]]:
    """Checked values for every parameter of `page`, and a notice per refused value.

    `raw` maps a name to all its values (query strings repeat names:
    ?status=stopped&status=live). `vocab` holds the dataset's allowed values.
    """
    spec = {p.name: p for p in PAGES[page]}
    values: dict[str, Any] = {name: default_of(p, vocab) for name, p in spec.items()}
    notices: list[str] = []
    for name, items in raw.items():
        param = spec.get(name)
        if param is None:
            other = ALL_PARAMS.get(name)
            if other is None and name not in _STREAMLIT_PARAMS:
                notices.append(f"Ignored the unknown link parameter {_shown(name)!r}.")
            elif other is not None and any(_one(other, i, vocab)[1] for i in items):
                notices.append(f"Ignored {name}: not a valid value, and not used on this page.")
            continue
        items = list(items)
        if param.kind != "multi" and len(items) > 1:
            notices.append(f"{name}: only one value allowed; used the default.")
            continue
        if len(items) > MAX_VALUES:
            notices.append(f"{name}: too many values ({len(items)}); used the default.")
            continue
        good = []
        for item in items:
            value, why = _one(param, item, vocab)
            if why is None:
                good.append(value)
            else:
                notices.append(f"{name} {why}; used the default instead.")
        if param.kind == "multi":
            if len(good) == len(items):
                values[name] = tuple(dict.fromkeys(good))
        elif good:
            values[name] = good[0]
    if "min" in values and "max" in values:
        low, high = values["min"], values["max"]
        if low is not None and high is not None and low > high:
            notices.append("min is larger than max; dropped both.")
            values["min"] = values["max"] = None
    return values, notices


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value.normalize(context=_WIDE), "f")
    return str(value)


def to_query(
    page: str, values: Mapping[str, Any], vocab: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """The query-string form of a view, leaving out parameters at their default."""
    out: dict[str, Any] = {}
    for param in PAGES[page]:
        value = values.get(param.name, default_of(param, vocab))
        if (value == default_of(param, vocab) and not param.keep) or value in (None, "", ()):
            continue
        if param.kind == "multi":
            out[param.name] = [_text_of(v) for v in value]
        else:
            out[param.name] = _text_of(value)
    return out


def carried(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that follow a reader to the next page (dataset and shared filters)."""
    names = {p.name for page in PAGES for p in PAGES[page] if p.carry}
    return {k: v for k, v in values.items() if k in names}


def query_string(query: Mapping[str, Any]) -> str:
    """`?a=1&b=x&b=y` from a to_query() mapping, percent-encoded."""
    from urllib.parse import urlencode

    pairs = []
    for key, value in query.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, item))
    return "?" + urlencode(pairs) if pairs else ""

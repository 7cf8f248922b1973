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
from foi.money import format_gbp, parse_amount
from foi.params import Param

MAX_VALUE_CHARS = 200
MAX_SQL_CHARS = 5_000
MAX_VALUES = 50
MAX_AMOUNT = Decimal("1e13")
PENNY = Decimal("0.01")
_WIDE = Context(prec=100)
_TEXT_OK = re.compile(r"[\w &'.,()£%/:+-]{1,100}")


DATASET = Param("dataset", "choice", vocab="dataset", carry=True)
STATUS = Param("status", "multi", default=(), vocab="status", carry=True, nouns="statuses")
FACET = Param(
    "facet",
    "choice",
    default="auto",
    choices=("auto", "area", "category", "subject", "status"),
    noun="breakdown",
)
SORT = Param("sort", "choice", default="amount_desc", choices=tuple(SORTS), noun="sort order")
PAGE = Param("page", "int", default=1, low=1, high=100_000)
SIZE = Param("size", "choice", default="50", choices=("25", "50", "100", "200"), noun="page size")
UNIT = Param("unit", "choice", default="gbp", choices=("gbp", "count"), noun="measure")
SPLIT = Param(
    "split", "choice", default="status", choices=("status", "organisation", "named"), noun="split"
)
ASSUME = Param(
    "assume", "choice", default="none", choices=("none", "spent_to_date"), noun="assumption"
)
GROUP = Param("group", "choice", default="", vocab="group")
SOURCE = Param("source", "choice", default="", vocab="source")
ASPECT = Param(
    "aspect",
    "multi",
    default=(),
    choices=("count", "amount", "supplier", "meaning", "date"),
    noun="kind of disagreement",
    nouns="kinds of disagreement",
)
VIEW = Param("view", "choice", default="chart", choices=("chart", "table"), noun="view")
# What changed: two releases, and what to narrow the changes to.
FROM = Param("from", "choice", default="", vocab="release", keep=True, noun="earlier release")
TO = Param("to", "choice", default="", vocab="release", keep=True, noun="later release")
DEPARTMENT = Param("department", "multi", default=(), vocab="department")
FIELD = Param("field", "multi", default=(), vocab="field", noun="cost field")
CHANGE = Param(
    "change",
    "multi",
    default=(),
    choices=tuple(CHANGES),
    noun="kind of change",
    nouns="kinds of change",
)
SQL = Param("sql", "sql", default="", noun="query")

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


def shown_value(value: str) -> str:
    """A raw value shortened to quote in a notice: printable, one line, 40 characters at most.

    Unprintable characters become "?" first, so quoting cannot blow the length up again;
    the page escapes the whole notice as plain text before showing it.
    """
    flat = "".join(c if c.isprintable() else "?" for c in value[:41])
    return flat if len(flat) <= 40 else flat[:37] + "..."


def _allowed(param: Param, vocab: Mapping[str, Sequence[str]]) -> Sequence[str]:
    return param.choices if param.vocab is None else vocab.get(param.vocab, ())


def _one(param: Param, raw: str, vocab: Mapping[str, Sequence[str]]) -> tuple[Any, str | None]:
    """Check one raw value; return (value, None), or (None, a sentence saying what was wrong).

    The sentence is for a person who clicked a link, not for whoever wrote it: it names the
    setting in words ("a status"), quotes the value, and the caller says what is shown instead.
    """
    noun = param.called
    if param.kind == "sql":
        # Free text by design: it is only ever run by the SQL console (foi.console), which decides
        # what it may do, and only ever shown as code, never as Markdown or HTML.
        if len(raw) > MAX_SQL_CHARS or "\x00" in raw:
            return None, (
                f"The query in the link is longer than {MAX_SQL_CHARS:,} characters or holds "
                "a NUL byte"
            )
        return raw, None
    if len(raw) > MAX_VALUE_CHARS:
        return None, f"The link's {noun} is {len(raw):,} characters long, too long to be one"
    if param.kind in ("choice", "multi"):
        if raw in _allowed(param, vocab):
            return raw, None
        where = "this dataset does not have" if param.vocab else "this page does not offer"
        if param.name == "dataset":
            where = "that is not here"
        return None, f"The link asked for {_a(noun)} {where} ({shown_value(raw)})"
    if param.kind == "text":
        text = raw.strip()
        if text == "":
            return "", None
        if not _TEXT_OK.fullmatch(text) or "--" in text:
            return None, (
                f"The link's {noun} ({shown_value(raw)}) holds characters it cannot search for "
                "(letters, digits, spaces and simple punctuation only, 100 at most)"
            )
        return text, None
    if param.kind == "amount":
        parsed = parse_amount(raw)
        if parsed.status != "disclosed" or parsed.value is None or parsed.is_percent:
            return None, (
                f"The link's {noun} ({shown_value(raw)}) is not an amount (try 24m or 24000000)"
            )
        if abs(parsed.value) > MAX_AMOUNT:
            return (
                None,
                f"The link's {noun} ({shown_value(raw)}) is larger than any amount could be",
            )
        # Pennies are the finest grain any figure has; more digits would only break the query.
        return parsed.value.quantize(PENNY, rounding=ROUND_HALF_UP), None
    if param.kind == "int":
        if not re.fullmatch(r"\d{1,9}", raw) or not param.low <= int(raw) <= param.high:
            return None, (
                f"The link's {noun} ({shown_value(raw)}) is not a whole number from {param.low} "
                f"to {param.high:,}"
            )
        return int(raw), None
    if param.kind == "flag":
        if raw.lower() in ("1", "true", "yes"):
            return True, None
        if raw.lower() in ("0", "false", "no", ""):
            return False, None
        return None, f"The link's {noun} ({shown_value(raw)}) is neither on (1) nor off (0)"
    return None, f"The link's {noun} ({shown_value(raw)}) is not understood"


def _a(noun: str) -> str:
    """ "a status", "an organisation"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def instead(param: Param, vocab: Mapping[str, Sequence[str]], kept: Sequence[Any] = ()) -> str:
    """What a refused value gives way to, in words: "showing all statuses"."""
    if param.kind == "multi":
        if kept:
            return f"showing the other {param.called_many} it asked for"
        return f"showing all {param.called_many}"
    if param.kind in ("text", "amount", "flag"):
        return "not filtering by it" if param.kind != "text" else "not searching"
    default = default_of(param, vocab)
    if param.name == "dataset" and default:
        return f"showing {default}"
    if param.kind == "int":
        return f"showing {param.called} {default}"
    return f"using the usual {param.called}"


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
    unknown: list[str] = []
    for name, items in raw.items():
        param = spec.get(name)
        if param is None:
            other = ALL_PARAMS.get(name)
            if other is None and name not in _STREAMLIT_PARAMS:
                unknown.append(shown_value(name))
            elif other is not None and any(_one(other, i, vocab)[1] for i in items):
                notices.append(
                    f"The link's {other.called} is not valid and is not used on this page; "
                    "it was left out."
                )
            continue
        items = list(items)
        if param.kind != "multi" and len(items) > 1:
            notices.append(
                f"The link gives the {param.called} {len(items)} times, but only one can "
                f"apply; {instead(param, vocab)}."
            )
            continue
        if len(items) > MAX_VALUES:
            notices.append(
                f"The link asks for {len(items):,} {param.called_many}, more than the "
                f"{MAX_VALUES} a link may hold; {instead(param, vocab)}."
            )
            continue
        good, refused = [], []
        for item in items:
            value, why = _one(param, item, vocab)
            if why is None:
                good.append(value)
            else:
                refused.append(why)
        if param.kind == "multi":
            # A bad value drops only itself: status=bogus&status=stopped still shows stopped.
            if good or not refused:
                values[name] = tuple(dict.fromkeys(good))
        elif good:
            values[name] = good[0]
        notices += [f"{why}; {instead(param, vocab, good)}." for why in refused]
    if unknown:  # one notice, however many: a link cannot fill the page with boxes
        shown = ", ".join(unknown[:3]) + (
            f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        )
        notices.append(
            f"The link has {'a setting' if len(unknown) == 1 else f'{len(unknown):,} settings'} "
            f"this page does not know ({shown}); {'it was' if len(unknown) == 1 else 'they were'} "
            "ignored."
        )
    if "min" in values and "max" in values:
        low, high = values["min"], values["max"]
        if low is not None and high is not None and low > high:
            notices.append(
                f"The link's lowest amount ({format_gbp(low)}) is above its highest "
                f"({format_gbp(high)}), so no row could match; showing all amounts."
            )
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

"""Hostile links: any query string on any page renders, falls back to defaults and says so.

A link is untrusted input. For every page in foi.state.PAGES except the SQL console,
generated query strings (printable and control characters, <script>, ' OR 1=1 --, %00,
very long values, repeated keys, unicode, real parameter names with garbage values, and
valid values too) must never raise, must leave only valid values, must put every refused
parameter back to its default with a notice, must never echo raw HTML, and must give a
canonical link that reopens the same view.

Running Streamlit's AppTest 1,000 times per page is too slow for the suite, so this is
done in two layers:

(a) 1,000 examples per page of the whole link-handling path *without* Streamlit's runner:
    the raw query string goes through Streamlit's own steps (its size limits, then
    urllib.parse.parse_qs(keep_blank_values=True), then hiding its embed keys), then
    foi.state.parse with the real vocabulary of the shipped dataset (computed as
    foi.ui.vocab does, with foi.queries.run on a database built from data/), then
    foi.ui.md_text on every notice, foi.state.to_query for the canonical link, and the
    page's bound SQL (for Projects: figure_rows_count and figure_rows) on that database.
    The expected outcome comes from an oracle written here per parameter kind, not from
    foi.state itself.
(b) 60 examples per page through the real runner (AppTest, as in tests/test_app.py): no
    exception, no unescaped <script or <img in any text element, every expected notice
    shown as a warning, the URL rewritten to the canonical link, and on Projects the
    default (or valid) rows counted.

Hypothesis does not shrink here (a failing page would cost minutes, through AppTest many
more); each bug these properties found is pinned below by a deterministic test with a
minimal input, and a failing example is replayed first on the next run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus, urlencode

import pytest
from helpers import PAGE_FILES as HELPER_PAGE_FILES
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from foi import changes, filters, state
from foi.db import connect
from foi.money import parse_amount
from foi.queries import run
from foi.summary import group_gaps, summarise
from foi.ui import md_text

ROOT = Path(__file__).resolve().parent.parent
LINK_PAGES = sorted(p for p in state.PAGES if p != "console")
PAGE_FILES = {k: v for k, v in HELPER_PAGE_FILES.items() if k != "sql"}

# Streamlit's own handling of the query string (streamlit.runtime.state.query_params).
_MAX_QS_CHARS = 512 * 1024
_MAX_QS_FIELDS = 1000
_EMBED_KEYS = ("embed", "embed_options")

# The documented rules for a text parameter, restated independently of foi.state.
_PLAIN_TEXT = re.compile(r"[\w\s&'.,()£%/:+-]+")
_UNESCAPED_LT = re.compile(r"(?<!\\)<")
_RAW_MARKUP = re.compile(r"(?<!\\)<\s*(script|img)", re.IGNORECASE)

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "' OR 1=1 --",
    "'; DROP TABLE figures; --",
    "1; SELECT * FROM sources",
    "stopped' OR '1'='1",
    "%00",
    "\x00",
    "stopped\x00",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "%253Cscript%253E",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "{{7*7}}",
    "${7*7}",
    "\u202estopped",
    "stopped\u200b",
    "STOPPED",
    " stopped ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1",
    "0",
    "00000000001",
    "99999999999999999999",
    "1e13",
    "10000000000001",
    "5%",
    "£5m-£6m",
    "🙂",
    "\r\n",
    "\t=1+1",
    '=HYPERLINK("http://evil","x")',
    "Lockheed--Martin",
    "a" * 201,
]


# --- what Streamlit hands the page ------------------------------------------------------


def over_limits(query_string: str) -> bool:
    """Streamlit drops a query string this long or with this many fields before any page runs."""
    return len(query_string) > _MAX_QS_CHARS or query_string.count("&") + 1 > _MAX_QS_FIELDS


def handed_over(query_string: str) -> dict[str, list[str]]:
    """The query string as a page sees it through st.query_params (get_all per key)."""
    if over_limits(query_string):
        return {}
    parsed = parse_qs(query_string, keep_blank_values=True)
    return {k: v for k, v in parsed.items() if k.lower() not in _EMBED_KEYS}


# --- the shipped dataset's vocabulary, as foi.ui.vocab computes it ----------------------


class World:
    """The built database, a read-only connection and the vocabulary for each dataset."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.con = connect(db)
        self.datasets = [r["dataset"] for r in run(self.con, "datasets").to_pylist()]
        self._vocab: dict[str, dict[str, list[str]]] = {}

    def vocab(self, dataset: str | None) -> dict[str, list[str]]:
        if dataset not in self.datasets:
            dataset = self.datasets[0] if self.datasets else None
        if dataset is None:
            return {"dataset": []}
        if dataset not in self._vocab:
            opts = run(self.con, "filter_options", {"dataset": dataset}).to_pylist()
            statuses = run(self.con, "statuses", {"dataset": dataset}).column("status").to_pylist()
            groups = run(self.con, "group_totals", {"dataset": dataset}).to_pylist()
            sources = run(self.con, "sources", {"dataset": dataset}).to_pylist()

            def values(field: str) -> list[str]:
                return [str(r["value"]) for r in opts if r["field"] == field]

            found = changes.releases(self.con)
            releases = [r.dataset for r in found]
            pair = changes.default_pair(found)
            changing = run(self.con, "change_options").to_pylist()

            def options(field: str) -> list[str]:
                return [str(r["value"]) for r in changing if r["field"] == field]

            self._vocab[dataset] = {
                "dataset": list(self.datasets),
                "release": releases,
                "pair": list(pair or ()),
                "department": options("department"),
                "field": options("field"),
                "status": list(dict.fromkeys(statuses + values("status"))),
                "org": values("org"),
                "exemption": values("exemption"),
                "category": values("category"),
                "area": values("area"),
                "group": [""] + [g["group_id"] for g in groups if g["total_gbp"] is not None],
                "source": [""] + [s["source_id"] for s in sources],
            }
        return self._vocab[dataset]

    def vocab_for(self, raw: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
        """foi.ui.page_state: the vocabulary of the link's dataset when it names exactly one."""
        first = raw.get("dataset", [None])
        return self.vocab(first[0] if len(first) == 1 else None)

    def valid_values(self) -> list[str]:
        """Every value some parameter accepts, so generated links are sometimes valid."""
        out = {v for vs in self.vocab(None).values() for v in vs}
        out |= {c for p in state.ALL_PARAMS.values() for c in p.choices}
        out |= {"1", "0", "true", "no", "2", "3", "24m", "10m", "1,000", "Lockheed", "  lockheed "}
        return sorted(out)


@pytest.fixture(scope="module")
def world(built_db: Path):
    w = World(built_db)
    try:
        yield w
    finally:
        w.con.close()


# --- generated query strings ------------------------------------------------------------

_ANY_CHAR = st.characters(exclude_categories=("Cs",))  # printable and control characters
_NON_PRINTABLE = st.characters(categories=("Cc", "Cf", "Co", "Cn", "Zl", "Zp"))
# Private-use and tag characters: repr() writes each as \U000f0000, ten characters wide.
_WIDE = st.one_of(st.integers(0xF0000, 0xFFFFD), st.integers(0xE0001, 0xE007F)).map(chr)
_WIDE_TEXT = st.tuples(_WIDE, st.sampled_from([37, 39, 40, 41, 60])).map(lambda t: t[0] * t[1])


_LONG = st.tuples(
    st.sampled_from(["x", "<", "'", "9", "é", "%3C", "&", "\U000f0000"]),
    st.sampled_from([101, 199, 200, 201, 1_000, 5_000, 5_001, 20_000]),
).map(lambda t: t[0] * t[1])


def amount_strategy() -> st.SearchStrategy[str]:
    """Amount-like text: signs, brackets, unicode digits, long fractions, units, exponents."""
    digits = st.text(st.characters(categories=("Nd",)), min_size=1, max_size=45)
    return st.tuples(
        st.sampled_from(["", "-", "+", "(", "£", "-£"]),
        digits,
        st.sampled_from(["", ".", "."]),
        st.sampled_from(["", "5", "99", "1234567890123456789012345678901"]) | digits,
        st.sampled_from(["", "", "k", "m", "bn", " million", ")", "%", "e400"]),
    ).map("".join) | st.decimals(allow_nan=True, allow_infinity=True).map(str)


def value_strategy(valid: list[str]) -> st.SearchStrategy[str]:
    amounts = amount_strategy()
    return st.one_of(
        st.sampled_from(valid),
        st.sampled_from(valid),
        st.sampled_from(HOSTILE),
        st.text(_ANY_CHAR, max_size=30),
        st.text(st.characters(codec="ascii"), max_size=30),
        st.text(_NON_PRINTABLE, min_size=1, max_size=45),
        _WIDE_TEXT,
        _LONG,
        amounts,
        st.lists(st.sampled_from(valid + HOSTILE), min_size=2, max_size=3).map(" ".join),
    )


def key_strategy() -> st.SearchStrategy[str]:
    real = sorted(state.ALL_PARAMS)
    return st.one_of(
        st.sampled_from(real),
        st.sampled_from(real),
        st.sampled_from(real),
        st.sampled_from(
            ["embed", "embed_options", "EMBED", "Status", "status[]", "x", "", "__proto__"]
            + ["q ", "q\x00", "<script>", "%71", "page%00", "dataset;", "' OR 1=1 --"]
        ),
        st.text(_ANY_CHAR, max_size=15),
        _WIDE_TEXT,
    )


def _encode(pair: tuple[str, str, str]) -> str:
    key, value, how = pair
    if how == "raw":  # pasted by hand: '&', '=', '#' and '%' in the value mean what they mean
        return f"{key}={value}"
    if how == "bare":
        return key
    if how == "double":
        return f"{quote(quote(key, safe=''), safe='')}={quote(quote(value, safe=''), safe='')}"
    if how == "quote":
        return f"{quote(key, safe='')}={quote(value, safe='')}"
    return f"{quote_plus(key)}={quote_plus(value)}"


def query_strings(valid: list[str]) -> st.SearchStrategy[str]:
    value = value_strategy(valid)
    hows = st.sampled_from(["plus", "plus", "quote", "raw", "double", "bare"])
    pair = st.tuples(key_strategy(), value, hows).map(_encode)
    amount_pair = st.tuples(st.sampled_from(["min", "max"]), amount_strategy(), hows).map(_encode)
    # Repeated keys: a few different values, or one value up to 60 times (the limit is 50).
    repeated = st.tuples(
        st.sampled_from(sorted(state.ALL_PARAMS)) | key_strategy(),
        st.lists(value, min_size=2, max_size=4)
        | st.tuples(value, st.integers(2, 60)).map(lambda t: [t[0]] * t[1]),
        st.sampled_from(["plus", "raw"]),
    ).map(lambda t: "&".join(_encode((t[0], v, t[2])) for v in t[1]))
    structured = st.lists(st.one_of(pair, pair, pair, repeated, amount_pair), max_size=6).map(
        "&".join
    )
    return st.one_of(structured, structured, structured, st.text(_ANY_CHAR, max_size=120))


# --- the oracle -------------------------------------------------------------------------


def _allowed(param: state.Param, vocab: Mapping[str, Sequence[str]]) -> Sequence[str]:
    return param.choices if param.vocab is None else vocab.get(param.vocab, ())


def default(param: state.Param, vocab: Mapping[str, Sequence[str]]) -> Any:
    if param.name == "dataset":
        return (list(vocab.get("dataset") or []) or [None])[0]
    if param.name in ("from", "to") and len(vocab.get("pair") or []) == 2:
        return list(vocab["pair"])[0 if param.name == "from" else 1]  # the newest two releases
    return param.default


def accepted(param: state.Param, item: str, vocab: Mapping[str, Sequence[str]]) -> tuple[bool, Any]:
    """Whether one raw value is valid for `param` by the documented rules, and its value."""
    if param.kind == "sql":
        return len(item) <= 5_000 and "\x00" not in item, item
    if len(item) > 200:
        return False, None
    if param.kind in ("choice", "multi"):
        return item in _allowed(param, vocab), item
    if param.kind == "text":
        text = item.strip()
        if text == "":
            return True, ""
        ok = len(text) <= 100 and _PLAIN_TEXT.fullmatch(text) is not None and "--" not in text
        return ok, text
    if param.kind == "amount":
        parsed = parse_amount(item)
        ok = (
            parsed.status == "disclosed"
            and parsed.value is not None
            and not parsed.is_percent
            and abs(parsed.value) <= Decimal("1e13")
        )
        return ok, parsed.value
    if param.kind == "int":
        ok = re.fullmatch(r"\d{1,9}", item) is not None and param.low <= int(item) <= param.high
        return ok, int(item) if ok else None
    if param.kind == "flag":
        low = item.lower()
        if low in ("1", "true", "yes"):
            return True, True
        return low in ("0", "false", "no", ""), False
    raise AssertionError(f"unknown kind {param.kind}")


def _sub_penny(value: Any) -> bool:
    return isinstance(value, Decimal) and value.as_tuple().exponent < -2


def expected(
    page: str, raw: Mapping[str, Sequence[str]], vocab: Mapping[str, Sequence[str]]
) -> tuple[dict[str, Any], bool, dict[str, Decimal]]:
    """(values the page must show, whether the link holds anything invalid, open amounts).

    An amount finer than a penny (0.123456789...) may be kept exactly, rounded to the penny
    or refused with a notice; those are returned apart, as "open", with their exact value.
    """
    spec = {p.name: p for p in state.PAGES[page]}
    values = {name: default(p, vocab) for name, p in spec.items()}
    invalid = False
    open_amounts: dict[str, Decimal] = {}
    for name, items in raw.items():
        param = spec.get(name)
        if param is None:
            other = state.ALL_PARAMS.get(name)
            if other is None or any(not accepted(other, i, vocab)[0] for i in items):
                invalid = True
            continue
        checked = [accepted(param, i, vocab) for i in items]
        if param.kind != "multi" and len(items) > 1 or param.kind == "multi" and len(items) > 50:
            invalid = True
        elif param.kind == "multi":  # a refused value drops only itself
            invalid = invalid or not all(ok for ok, _ in checked)
            values[name] = tuple(dict.fromkeys(v for ok, v in checked if ok))
        elif not all(ok for ok, _ in checked):
            invalid = True  # the parameter keeps its default
        elif param.kind == "amount" and _sub_penny(checked[0][1]):
            open_amounts[name] = checked[0][1]
        else:
            values[name] = checked[0][1]
    return values, invalid, open_amounts


def _settle(values: dict[str, Any], invalid: bool) -> tuple[dict[str, Any], bool]:
    """min above max: both dropped, with a notice."""
    low, high = values.get("min"), values.get("max")
    if low is not None and high is not None and low > high:
        return {**values, "min": None, "max": None}, True
    return values, invalid


def check_against_oracle(
    page: str,
    raw: Mapping[str, Sequence[str]],
    vocab: Mapping[str, Sequence[str]],
    values: Mapping[str, Any],
    notices: Sequence[str],
) -> None:
    """Refused values are the defaults, valid ones are kept, and notices come exactly when due."""
    want, invalid, open_amounts = expected(page, raw, vocab)
    outcomes = [({}, False)]
    for name, exact in open_amounts.items():  # kept exactly, rounded to the penny, or refused
        # half up, as every amount in the explorer is rounded to the penny (-0.725 -> -0.73)
        penny = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=Context(prec=100))
        outcomes = [
            ({**chosen, name: v}, refused or v is None)
            for chosen, refused in outcomes
            for v in (exact, penny, None)
        ]
    matches = []
    for chosen, refused in outcomes:
        candidate, due = _settle({**want, **chosen}, invalid or refused)
        if candidate == dict(values):
            matches.append(due)
    assert matches, (
        "refused values must be the default and valid ones kept",
        {k: v for k, v in values.items() if want.get(k, v) != v},
        raw,
    )
    if all(matches):
        assert notices, ("a refused value needs a notice", raw)
    elif not any(matches):
        assert notices == [], ("no notice for a valid link", notices, raw)


def assert_valid(page: str, values: Mapping[str, Any], vocab: Mapping[str, Sequence[str]]) -> None:
    """Every value the page will use is one its parameter may hold."""
    assert set(values) == {p.name for p in state.PAGES[page]}
    for param in state.PAGES[page]:
        value = values[param.name]
        where = f"{param.name}={value!r}"
        if param.name == "dataset":
            assert value in vocab["dataset"], where
        elif param.kind == "choice":
            assert value in _allowed(param, vocab), where
        elif param.kind == "multi":
            assert isinstance(value, tuple) and len(value) <= 50, where
            assert all(v in _allowed(param, vocab) for v in value), where
            assert len(set(value)) == len(value), where
        elif param.kind == "text":
            assert isinstance(value, str) and len(value) <= 100, where
            assert value == "" or (_PLAIN_TEXT.fullmatch(value) and "--" not in value), where
            assert value == value.strip(), where
        elif param.kind == "amount":
            assert value is None or (
                isinstance(value, Decimal) and value.is_finite() and abs(value) <= Decimal("1e13")
            ), where
        elif param.kind == "int":
            assert isinstance(value, int) and param.low <= value <= param.high, where
        elif param.kind == "flag":
            assert isinstance(value, bool), where
    if values.get("min") is not None and values.get("max") is not None:
        assert values["min"] <= values["max"]


def as_raw(query: Mapping[str, Any]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


# --- the page's bound SQL ---------------------------------------------------------------


@cache
def _dataset_queries(db: str, page: str, dataset: str, assume: str | None) -> None:
    """The queries a page runs that depend only on the link's dataset (and the inference)."""
    con = connect(db)
    try:
        names = {
            "overview": ("disclosure_shares", "counterparty_shares", "status_summary"),
            "stopped": ("statuses", "status_counts", "status_summary", "status_money"),
            "gaps": ("disclosure_shares", "counterparty_shares", "withheld_figures", "statuses"),
            "sources": ("discrepancies", "conflicting_figures", "sources", "source_figures"),
            "timeline": ("timeline", "statuses"),
            "about": ("statuses", "datasets"),
            "upload": ("datasets",),
            "projects": ("statuses", "filter_options"),
        }[page]
        for name in names:
            params = {} if name == "datasets" else {"dataset": dataset}
            if name == "source_figures":
                params["per_source"] = 200
            run(con, name, params)
        if page == "overview":
            summarise(con, dataset)
        if page == "gaps":
            group_gaps(con, dataset, assume_basis=assume)
    finally:
        con.close()


def run_page_sql(world: World, page: str, values: Mapping[str, Any]) -> None:
    if page == "changes":  # two releases, not a dataset: the comparison with the link's filters
        if values["from"] and values["to"] and values["from"] != values["to"]:
            changes.change_rows(
                world.con,
                values["from"],
                values["to"],
                departments=values["department"],
                fields=values["field"],
                changes=values["change"],
            )
        return
    dataset = values["dataset"]
    assume = values.get("assume")
    _dataset_queries(str(world.db), page, dataset, None if assume in (None, "none") else assume)
    if page != "projects":
        return
    params = filters.query_params(dataset, values)
    count = run(world.con, "figure_rows_count", params).to_pylist()[0]
    size = int(values["size"])
    rows = run(
        world.con,
        "figure_rows",
        filters.page_params(dataset, {**values, "page": 1}),
        order_by=filters.order_by(values),
    ).to_pylist()
    assert len(rows) == min(count["rows"], size)
    for row in rows:
        if values["status"]:
            assert row["status"] in values["status"]
        if values["min"] is not None:
            assert row["amount_gbp"] is not None and row["amount_gbp"] >= values["min"]
        if values["max"] is not None:
            assert row["amount_gbp"] is not None and row["amount_gbp"] <= values["max"]
        if values["named"]:
            assert row["named"]
    # The page the link asks for, however far past the end (the page clamps it).
    run(world.con, "figure_rows", filters.page_params(dataset, values), order_by="1")


# --- layer (a): 1,000 links per page without the runner ---------------------------------

# No shrinking: it can take minutes per failing page (through AppTest, many more), and each
# bug these found is pinned below by a deterministic test with a minimal input.
_PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
_FAST = settings(
    max_examples=1000,
    deadline=None,
    phases=_PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow  # 1,000 links a page: a volume run, in `make test` only
@pytest.mark.parametrize("page", LINK_PAGES)
@_FAST
@given(data=st.data())
def test_any_link_gives_valid_values_safe_notices_and_a_canonical_link(page, data, world):
    qs = data.draw(query_strings(world.valid_values()), label="query string")
    raw = handed_over(qs)
    vocab = world.vocab_for(raw)
    values, notices = state.parse(page, raw, vocab)

    assert_valid(page, values, vocab)
    check_against_oracle(page, raw, vocab, values, notices)
    for notice in notices:
        shown = md_text(notice)
        assert _UNESCAPED_LT.search(shown) is None, shown
        assert len(shown) < 500, (len(shown), shown)

    # The canonical link (what the page writes back to the address bar) reopens this view.
    link = state.query_string(state.to_query(page, values, vocab))
    again_raw = handed_over(link.lstrip("?"))
    run_page_sql(world, page, values)
    again, again_notices = state.parse(page, again_raw, world.vocab_for(again_raw))
    assert again_notices == [], (link, again_notices)
    assert again == values, link


# Deterministic cases for what the generated ones found (see the module's report).


def test_a_long_amount_survives_the_canonical_link(world):
    vocab = world.vocab(None)
    for text in ("9999999999999.999999999999999999999999999", "0.12345678901234567890123456789"):
        values, _ = state.parse("projects", {"min": [text]}, vocab)
        link = state.query_string(state.to_query("projects", values, vocab))
        again, _ = state.parse("projects", handed_over(link.lstrip("?")), vocab)
        assert again["min"] == values["min"], link


@pytest.mark.parametrize("name", ["dataset", "disclosure", "exemption", "status"])
def test_a_notice_quoting_unprintable_characters_stays_short(world, name):
    page = "projects"
    raw = {name: ["\U000f0000" * 40]}
    _, notices = state.parse(page, raw, world.vocab(None))
    assert notices
    for notice in notices:
        assert len(md_text(notice)) < 500, len(md_text(notice))


@pytest.mark.parametrize(
    ("page", "params"),
    [
        # a scaled amount wider than Decimal's 28 digits: parse_amount's quantize raises
        ("projects", {"min": "1111111111111111111111111111k"}),
        ("overview", {"max": "99999999999999999999999999m"}),  # another page's parameter
        # 31 decimal places: bound as DECIMAL(38,31), which £25m does not fit
        ("projects", {"max": "0.1234567890123456789012345678901"}),
        ("projects", {"min": "0.0000000000000000000000000000001"}),
    ],
)
def test_long_amounts_in_a_link_do_not_crash_the_page(page, params, world, app_env):
    try:  # the same link without the runner, whose error message AppTest redacts
        vocab = world.vocab(None)
        values, _ = state.parse(page, {k: [v] for k, v in params.items()}, vocab)
        run_page_sql(world, page, values)
        cause = "none without the runner"
    except Exception as exc:
        cause = f"{type(exc).__name__}: {exc!s:.300}"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "overview":
        at.run()
        at.switch_page(PAGE_FILES[page])
    at.query_params.update(params)
    at.run()
    assert not at.exception, f"the page shows an exception; cause: {cause}"


def test_a_link_with_every_parameter_hostile_at_once(world):
    raw = {name: ["<script>alert(1)</script>"] for name in state.ALL_PARAMS}
    raw["status"] = ["stopped"] * 51
    for page in LINK_PAGES:
        vocab = world.vocab_for(raw)
        values, notices = state.parse(page, raw, vocab)
        assert_valid(page, values, vocab)
        check_against_oracle(page, raw, vocab, values, notices)
        assert notices and all(_UNESCAPED_LT.search(md_text(n)) is None for n in notices)


# --- layer (b): 60 links per page through Streamlit's runner ----------------------------


@pytest.fixture(scope="module")
def app_env(built_db: Path):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FOI_DB", str(built_db))
        mp.chdir(ROOT)
        yield built_db


def _texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "exception"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("title", "header", "subheader", "code"):
        out += [str(e.value) for e in at.get(kind)]
    return out


def _qp(at: AppTest) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


@pytest.mark.slow  # 60 links a page through AppTest: a volume run, in `make test` only
@pytest.mark.parametrize("page", LINK_PAGES)
@settings(
    max_examples=60,
    deadline=None,
    phases=_PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_link_renders_through_streamlit(page, data, world, app_env):
    qs = data.draw(query_strings(world.valid_values()), label="query string")
    params = handed_over(qs)
    # AppTest sends its query_params as urlencode(doseq=True); the page sees that string.
    sent = urlencode(params, doseq=True)
    raw = handed_over(sent)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "overview":
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        at.switch_page(PAGE_FILES[page])
    at.query_params.clear()
    at.query_params.update(params)
    at.run()

    vocab = world.vocab_for(raw)
    try:  # what the page should show; AppTest redacts the message of any exception it hit
        values, notices = state.parse(page, raw, vocab)
        cause = "none without the runner"
    except Exception as exc:
        cause = f"foi.state.parse raised {type(exc).__name__}: {exc!s:.300}"
    assert not at.exception, f"the page shows an exception; cause: {cause}"
    assert cause.startswith("none"), cause
    for text in _texts(at):
        assert _RAW_MARKUP.search(text) is None, text
    warnings = [w.value for w in at.warning]
    if notices:
        assert warnings, notices
    for notice in notices:
        assert md_text(notice) in warnings, (notice, warnings)
    if not over_limits(sent):  # else the page never saw the link, and leaves the address be
        assert _qp(at) == as_raw(state.to_query(page, values, vocab))
    if page == "projects":
        n = run(world.con, "figure_rows_count", filters.query_params(values["dataset"], values))
        rows = n.to_pylist()[0]["rows"]
        body = "\n".join(str(m.value) for m in at.markdown)
        assert f"**{rows:,} rows** match" in body

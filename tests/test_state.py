"""URL state: every view round-trips through its link; bad values fall back with a notice."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foi import state

VOCAB = {
    "dataset": ["met-project-cull", "other"],
    "status": ["stopped", "corrective_action", "live", "programme"],
    "org": ["met", "mopac"],
    "exemption": ["43"],
    "group": ["", "stopped", "corrective_action"],
    "source": ["", "REG-2016-03-24"],
    "release": ["gmpp-2022", "gmpp-2023"],
    "pair": ["gmpp-2022", "gmpp-2023"],
    "department": ["MOD", "DESNZ"],
    "field": ["whole_life_cost", "fy_baseline"],
}


def test_defaults_when_the_link_is_empty():
    values, notices = state.parse("projects", {}, VOCAB)
    assert notices == []
    assert values["dataset"] == "met-project-cull"
    assert values["status"] == ()
    assert values["page"] == 1 and values["sort"] == "amount_desc" and values["size"] == "50"


def test_a_full_projects_view_round_trips():
    raw = {
        "dataset": ["other"],
        "status": ["stopped", "live"],
        "org": ["met"],
        "basis": ["unspecified"],
        "disclosure": ["withheld", "no_figure"],
        "exemption": ["43"],
        "q": ["Lockheed Martin"],
        "min": ["1m"],
        "max": ["90000000"],
        "named": ["1"],
        "sort": ["name"],
        "page": ["3"],
        "size": ["25"],
    }
    values, notices = state.parse("projects", raw, VOCAB)
    assert notices == []
    assert values["min"] == Decimal(1_000_000) and values["max"] == Decimal(90_000_000)
    query = state.to_query("projects", values, VOCAB)
    again, notices = state.parse(
        "projects", {k: v if isinstance(v, list) else [v] for k, v in query.items()}, VOCAB
    )
    assert notices == [] and again == values
    url = state.query_string(query)
    parsed = parse_qs(urlsplit(url).query)
    assert parsed["status"] == ["stopped", "live"] and parsed["q"] == ["Lockheed Martin"]


def test_defaults_are_left_out_of_the_link():
    values, _ = state.parse("stopped", {"unit": ["gbp"], "split": ["status"]}, VOCAB)
    assert state.to_query("stopped", values, VOCAB) == {}


@pytest.mark.parametrize(
    ("page", "raw", "name", "default"),
    [
        ("projects", {"status": ["bogus"]}, "status", ()),
        ("projects", {"status": ["stopped", "bogus"]}, "status", ("stopped",)),
        ("projects", {"min": ["abc"]}, "min", None),
        ("projects", {"min": ["-52%"]}, "min", None),
        ("projects", {"max": ["1e400"]}, "max", None),
        ("projects", {"page": ["-1"]}, "page", 1),
        ("projects", {"page": ["0"]}, "page", 1),
        ("projects", {"page": ["two"]}, "page", 1),
        ("projects", {"size": ["1000000"]}, "size", "50"),
        ("projects", {"sort": ["amount_desc;drop table figures"]}, "sort", "amount_desc"),
        ("projects", {"q": ["<script>alert(1)</script>"]}, "q", ""),
        ("projects", {"q": ["' OR 1=1 --"]}, "q", ""),
        ("projects", {"q": ["x" * 10_000]}, "q", ""),
        ("projects", {"named": ["maybe"]}, "named", False),
        ("projects", {"dataset": ["nope"]}, "dataset", "met-project-cull"),
        ("stopped", {"unit": ["£"]}, "unit", "gbp"),
        ("stopped", {"status": ["x" * 10_000]}, "status", ()),
        ("gaps", {"assume": ["everything"]}, "assume", "none"),
        ("sources", {"source": ["../../etc/passwd"]}, "source", ""),
        ("timeline", {"view": ["<b>"]}, "view", "chart"),
    ],
)
def test_a_bad_value_falls_back_with_a_notice(page, raw, name, default):
    values, notices = state.parse(page, raw, VOCAB)
    assert values[name] == default
    assert len(notices) == 1
    # Written for a person: the setting in words, what was wrong, and what is shown instead.
    assert notices[0].startswith("The link") and state.ALL_PARAMS[name].called in notices[0]
    assert "; showing" in notices[0] or "; using" in notices[0] or "; not " in notices[0]
    assert len(notices[0]) < 260  # a 10,000-character value is not echoed back whole


def test_unknown_names_and_other_pages_parameters():
    values, notices = state.parse("overview", {"status": ["stopped"], "evil": ["1"]}, VOCAB)
    assert values == {"dataset": "met-project-cull"}
    assert notices == ["The link has a setting this page does not know (evil); it was ignored."]
    _, notices = state.parse("overview", {"min": ["abc"]}, VOCAB)
    assert len(notices) == 1 and "lowest amount" in notices[0]
    many = {f"x{i}": ["1"] for i in range(999)}
    _, notices = state.parse("overview", many, VOCAB)
    assert notices == [
        "The link has 999 settings this page does not know (x0, x1, x2 and 996 more); "
        "they were ignored."
    ]


def test_a_bad_value_among_good_ones_drops_only_itself():
    values, notices = state.parse("projects", {"status": ["bogus", "stopped"]}, VOCAB)
    assert values["status"] == ("stopped",)
    assert notices == [
        "The link asked for a status this dataset does not have (bogus); showing the other "
        "statuses it asked for."
    ]
    values, notices = state.parse("projects", {"status": ["bogus"]}, VOCAB)
    assert values["status"] == ()
    assert notices[0].endswith("(bogus); showing all statuses.")


def test_min_above_max_drops_both():
    values, notices = state.parse("projects", {"min": ["10m"], "max": ["1m"]}, VOCAB)
    assert values["min"] is None and values["max"] is None
    assert notices == [
        "The link's lowest amount (£10m) is above its highest (£1m), so no row could match; "
        "showing all amounts."
    ]


def test_single_value_parameters_refuse_repeats():
    values, notices = state.parse("projects", {"page": ["2", "3"]}, VOCAB)
    assert values["page"] == 1 and len(notices) == 1


def test_carried_keeps_dataset_and_filters_only():
    values, _ = state.parse("projects", {"status": ["stopped"], "page": ["2"]}, VOCAB)
    carried = state.carried(values)
    assert carried["status"] == ("stopped",) and "page" not in carried and "sort" not in carried


names = st.sampled_from(
    [
        "dataset",
        "status",
        "org",
        "basis",
        "disclosure",
        "q",
        "min",
        "max",
        "page",
        "size",
        "sort",
        "x",
    ]
)
values_ = st.lists(st.text(max_size=300), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(page=st.sampled_from(sorted(state.PAGES)), raw=st.dictionaries(names, values_, max_size=6))
def test_parse_never_raises_and_always_returns_valid_values(page, raw):
    values, notices = state.parse(page, raw, VOCAB)
    for param in state.PAGES[page]:
        value = values[param.name]
        allowed = param.choices if param.vocab is None else VOCAB.get(param.vocab, ())
        if param.kind == "choice":
            assert value in allowed
        elif param.kind == "multi":
            assert all(v in allowed for v in value)
        elif param.kind == "text":
            assert "<" not in value and "--" not in value and len(value) <= 100
        elif param.kind == "int":
            assert param.low <= value <= param.high
    # the link written back parses cleanly
    query = state.to_query(page, values, VOCAB)
    _, again = state.parse(
        page, {k: v if isinstance(v, list) else [v] for k, v in query.items()}, VOCAB
    )
    assert again == []
    for notice in notices:
        assert len(notice) < 200

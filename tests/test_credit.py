"""The credit every chart carries (foi.charts.credit): sources by name, caveat, link, inside the figure."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from helpers import chart_specs, open_page

from foi.charts.credit import MAX_NAMED_SOURCES, add_credit, credit_text, source_names
from foi.queries import run


@pytest.fixture
def index(con) -> dict:
    rows = run(con, "sources", {"dataset": "met-project-cull"}).to_pylist()
    assert len(rows) > MAX_NAMED_SOURCES
    return {r["source_id"]: r for r in rows}


def test_sources_are_named_by_publisher_and_date_and_counted_past_four(index) -> None:
    ids = list(index)
    names = source_names([*ids, ids[0], ""], index)
    assert len(names) == len(ids)  # each once, blanks dropped
    first = index[ids[0]]
    assert names[0] == f"{first['publisher']}, {first['published']} [{ids[0]}]"
    text = credit_text(names, basis="Payment", caveat="Counts, not money.", link="https://x/p")
    assert text.count("[") == MAX_NAMED_SOURCES and f"and {len(ids) - 4} more" in text
    assert "Basis: Payment" in text and "Counts, not money." in text
    assert text.endswith("Made with FOI Spend Explorer: https://x/p")
    assert credit_text([], link=None).startswith("Source: not recorded")


def test_the_credit_is_written_into_the_figure_escaped_and_given_room() -> None:
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"height": 300, "margin": {"b": 40}})
    out = add_credit(fig, "Source: <a href='https://evil.example'>click</a> " + "word " * 60)
    (note,) = out.layout.annotations
    assert "<a" not in note.text and "&lt;a" in note.text
    lines = note.text.count("<br>") + 1
    assert lines > 1
    assert out.layout.margin.b > 40 + 15 * lines - 1
    assert out.layout.height == 300 + out.layout.margin.b - 40


@pytest.mark.parametrize("name", ["overview", "stopped", "gaps", "timeline", "changes"])
def test_every_chart_on_every_chart_page_carries_its_credit(name, built_db, monkeypatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))
    specs = chart_specs(open_page(name))
    assert specs
    for spec in specs:
        notes = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
        notes = notes.replace("<br>", " ")
        assert "Source" in notes and "FOI Spend Explorer" in notes, json.dumps(spec["layout"])[:300]


def test_growing_for_the_credit_keeps_the_legend_hung_under_the_title() -> None:
    from foi.charts.style import layout

    fig = layout(go.Figure(go.Bar(x=["a"], y=[1], name="n")), "A title")
    height, legend_y = fig.layout.height, fig.layout.legend.y
    out = add_credit(fig, "Source: x")
    grown = out.layout.height
    assert grown > height
    # the legend's top stays the same number of pixels below the figure's top
    assert (1 - out.layout.legend.y) * grown == pytest.approx((1 - legend_y) * height)

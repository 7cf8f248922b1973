"""The house style holds on the charts the pages draw: colour is never the only carrier of meaning.

Every figure here is built as its page builds it, from the shipped data in the built
database (the same queries and views), then read without a browser: which series share a
colour, which pattern each has, what the title's lines are. Expectations come from the
data (how many concerns the timeline has, which statuses share a colour), not from the
code under test. The phone-width check in a real browser is tests/browser/test_chart_layout.py.
"""

from __future__ import annotations

import html
import re
from typing import Any

import duckdb
import plotly.graph_objects as go
import pytest
from helpers import DATASET

from foi import changes, charts
from foi.charts import style
from foi.charts.changes import by_department, department_chart
from foi.charts.status import status_bars
from foi.queries import run
from foi.summary import group_gaps, summarise
from foi.ui.a11y import chart_alt
from foi.views import gaps as gaps_view
from foi.views import stopped as stopped_view

GMPP = "gmpp-2023"
#: The title the Stopped page gives its money-by-basis chart.
BASIS_TITLE = "Money disclosed project by project, by what it measures (bases never added)"
_BREAK = re.compile(r"<br[^>]*>")
_TAG = re.compile(r"<[^>]*>")


def plain_lines(text: str) -> list[str]:
    """A plotly label's lines as a person reads them: tags gone, entities decoded."""
    return [html.unescape(_TAG.sub("", line)).strip() for line in _BREAK.split(text)]


def words(text: str) -> list[str]:
    return html.unescape(_TAG.sub(" ", _BREAK.sub(" ", text))).split()


def pattern_shape(marker: Any) -> str:
    """The fill pattern of a bar's marker ("" for a solid bar)."""
    return (marker.pattern.shape or "") if marker.pattern else ""


def basis_figure(con: duckdb.DuckDBPyConnection, dataset: str) -> go.Figure:
    """The Stopped page's money-by-basis chart for `dataset`."""
    money = stopped_view.basis_money(
        run(con, "status_money", {"dataset": dataset}).to_pandas(), set()
    )
    return charts.basis_money_chart(money.to_dict("records"), BASIS_TITLE)


def timeline_figure(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure, list[dict[str, Any]]]:
    """The Timeline page's chart, and the events it was drawn from."""
    events = run(con, "timeline", {"dataset": DATASET}).to_pandas().to_dict("records")
    roles = {e["project_id"]: e["project_role"] for e in events if isinstance(e["project_id"], str)}
    return charts.timeline_chart(events, roles, f"{len(events)} events"), events


# --- 1. the timeline: one colour and one symbol per concern, a titled legend ----------------


def test_every_timeline_concern_has_its_own_colour_and_symbol(con) -> None:
    fig, events = timeline_figure(con)
    concerns = {e["project"] if isinstance(e["project"], str) else None for e in events}
    assert len(concerns) >= 3, "the Met timeline has several concerns to tell apart"
    assert len(fig.data) == len(concerns)  # one series a concern, no dummy entry
    assert all(len(t.x) for t in fig.data)
    symbols = [t.marker.symbol for t in fig.data]
    colours = [t.marker.color for t in fig.data]
    assert len(set(symbols)) == len(symbols), symbols
    assert len(set(colours)) == len(colours), colours
    okabe_ito = set(style.PALETTE.values()) | set(style.SERIES_COLOURS)
    assert set(colours) <= okabe_ito
    # A project with a status keeps its status's colour.
    for trace in fig.data:
        name = " ".join(words(trace.name))
        for e in events:
            if e["project"] == name and e["project_role"] != "other":
                assert trace.marker.color == style.colour(e["project_role"])


def test_the_timeline_legend_is_titled_not_led_by_a_stray_label(con) -> None:
    fig, _ = timeline_figure(con)
    legend_title = plain_lines(fig.layout.legend.title.text or "")
    assert legend_title == ["Concern"]
    assert fig.layout.legend.title.side.startswith("top")  # a heading over the entries
    names = [" ".join(words(t.name)) for t in fig.data]
    assert all(name and not name.endswith(":") for name in names)


# --- 2. unnamed projects are not drawn as money never itemised ------------------------------


def test_unnamed_projects_have_their_own_style_on_both_charts(con) -> None:
    counts = run(con, "status_counts", {"dataset": DATASET}).to_pandas()
    rows = stopped_view.count_rows(counts, "named", set())
    stopped = charts.status_counts_chart(rows, "named", stopped_view.count_title(rows))
    members = gaps_view.member_rows(gaps_view.picked_groups(group_gaps(con, DATASET), ""))
    gaps = charts.members_chart(members, gaps_view.members_title(members))
    groups = summarise(con, DATASET)["groups"]
    grouped = charts.stopped_vs_corrected(status_bars(groups, "count"), "count", "t")
    unnamed = [
        next(t for t in fig.data if t.name.startswith("Unnamed"))
        for fig in (stopped, gaps, grouped)
    ]
    assert sum(r["projects"] for r in rows if r["part"].startswith("Unnamed")) > 0
    for trace in unnamed:
        assert trace.marker.color != style.PALETTE["withheld"]
        assert pattern_shape(trace.marker) not in ("", style.WITHHELD_PATTERN["shape"])
        assert trace.marker.to_plotly_json() == unnamed[0].marker.to_plotly_json()
    shapes = {
        p["shape"]
        for p in (
            style.WITHHELD_PATTERN,
            style.CONFLICT_PATTERN,
            style.INFERRED_PATTERN,
            style.WENT_DARK_PATTERN,
        )
    }
    assert style.UNNAMED_PATTERN["shape"] not in shapes
    # Money never itemised keeps the withheld hatch.
    money = charts.stopped_vs_corrected(status_bars(groups, "gbp"), "gbp", "t")
    gap = next(t for t in money.data if t.name.startswith("Never itemised"))
    assert pattern_shape(gap.marker) == style.WITHHELD_PATTERN["shape"]
    assert gap.marker.color == style.PALETTE["withheld"]


# --- 3. titles wrap to a phone's width, and the margin makes room -------------------------


def long_titles(con) -> list[tuple[str, str | None]]:
    """Titles (and subtitles) the pages give charts, the longest the data make."""
    groups = summarise(con, DATASET)["groups"]
    plain = group_gaps(con, DATASET)
    picked = gaps_view.picked_groups(plain, "")
    by_id = {g.group_id: g for g in plain}
    return [
        (stopped_view.groups_title(groups, "gbp"), None),
        (BASIS_TITLE, None),
        (gaps_view.gap_title(picked, by_id), None),
        ("What went dark, by department", "gmpp-2022 to gmpp-2023. " + "Figures per " * 8),
    ]


def test_long_titles_wrap_at_word_boundaries_and_the_top_margin_grows(con) -> None:
    for title, subtitle in long_titles(con):
        fig = style.layout(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), title, subtitle)
        text = fig.layout.title.text
        head, _, sub = text.partition("<br><sup>")
        assert all(len(line) <= style.TITLE_CHARS for line in plain_lines(head)), head
        assert all(len(line) <= style.SUBTITLE_CHARS for line in plain_lines(sub)), sub
        assert words(text) == title.split() + (subtitle.split() if subtitle else [])
        if len(title) > style.TITLE_CHARS:
            assert len(plain_lines(head)) > 1, f"{title!r} is not wrapped"
        lines = plain_lines(text)
        # The top margin holds every line (1.3 lines of type each) and the legend hangs
        # below the last one.
        block = 1.3 * style.TITLE_PX * len(lines)
        assert fig.layout.margin.t >= block
        assert fig.layout.legend.yref == "container" and fig.layout.legend.yanchor == "top"
        assert (1 - fig.layout.legend.y) * fig.layout.height >= block


def test_a_wrapped_title_still_reads_as_one_title_to_a_screen_reader(con) -> None:
    fig = basis_figure(con, DATASET)
    assert len(plain_lines(fig.layout.title.text)) > 1
    assert chart_alt(fig).startswith(f"Grouped bar chart: {BASIS_TITLE}. ")


def test_wrap_lines_never_splits_a_tag_or_an_entity() -> None:
    text = 'Costs &amp; savings <span style="color: red">of the C&amp;C contract</span> by year'
    lines = style.wrap_lines(text, 12)
    assert "".join(lines).count("<span") == 1 and all("&amp" not in line[-4:] for line in lines)
    assert all(len(html.unescape(_TAG.sub("", line))) <= 12 for line in lines)
    assert " ".join(lines).split() == text.split()


# --- 4. statuses and changes differ by more than colour -----------------------------------


def test_went_dark_and_stayed_withheld_differ_by_pattern_not_only_colour(con) -> None:
    numbers = by_department(changes.counts(con, "gmpp-2022", GMPP))
    fig = department_chart(numbers, "What went dark, by department", f"gmpp-2022 to {GMPP}")
    shown = {r["change"] for r in numbers}
    assert {"went_dark", "stayed_withheld"} <= shown
    patterns = [pattern_shape(t.marker) for t in fig.data]
    assert len(set(patterns)) == len(patterns) == len(shown), patterns
    (stayed,) = [t for t in fig.data if t.name.startswith("Stayed withheld")]
    assert pattern_shape(stayed.marker) == style.WITHHELD_PATTERN["shape"]


@pytest.mark.parametrize("dataset", [DATASET, GMPP])
def test_every_status_bar_is_named_on_the_bar(con, dataset: str) -> None:
    fig = basis_figure(con, dataset)
    money = run(con, "status_money", {"dataset": dataset}).to_pandas()
    labels = list(dict.fromkeys(money["label"]))
    agreed = {t.name: t for t in fig.data if t.name in labels}
    assert set(agreed) == set(labels)
    if dataset == GMPP:  # the case colour alone cannot settle: two statuses, one colour
        tints = [t.marker.color for t in agreed.values()]
        assert len(set(tints)) < len(tints)
    for label, trace in agreed.items():
        for value, text in zip(trace.y, trace.text, strict=True):
            if value:
                assert label in " ".join(words(text)), (label, text)
    for trace in fig.data:
        if trace.base is not None:  # a range where sources disagree
            status = trace.name.split(":")[0]
            for value, text in zip(trace.y, trace.text, strict=True):
                if value is not None:
                    assert " ".join(words(text)).startswith(status), (status, text)


# --- 5. £m axes read as money -------------------------------------------------------------


def test_million_pound_axes_read_as_money(con) -> None:
    groups = summarise(con, DATASET)["groups"]
    plain = group_gaps(con, DATASET)
    by_id = {g.group_id: g for g in plain}
    picked = gaps_view.picked_groups(plain, "")
    figures = {
        "gmpp basis": basis_figure(con, GMPP),
        "met basis": basis_figure(con, DATASET),
        "groups": charts.stopped_vs_corrected(status_bars(groups, "gbp"), "gbp", "t"),
        "gaps": charts.gap_chart(gaps_view.gap_bars(picked, by_id), "t"),
    }
    gmpp_max = max(max(v for v in t.y if v is not None) for t in figures["gmpp basis"].data)
    assert gmpp_max > 100_000  # £100bn and more: "300k" on the axis would read as £300k
    for name, fig in figures.items():
        axes = [a for a in (fig.layout.xaxis, fig.layout.yaxis) if a.title.text == "£m"]
        assert axes, name
        for axis in axes:
            assert (axis.tickprefix, axis.ticksuffix) == ("£", "m"), name
            assert "s" not in (axis.tickformat or "s"), name  # no SI "k" or "M"


# --- the style's own helpers ---------------------------------------------------------------


def test_series_styles_never_repeat_a_colour_or_a_symbol() -> None:
    names = [f"series {i}" for i in range(6)]
    roles = ["corrective", None, "other", "other", "stopped", "other"]
    got = style.series_styles(names, roles, {"series 1": ("#999999", "diamond")})
    assert len({c for c, _ in got.values()}) == len(names)
    assert len({s for _, s in got.values()}) == len(names)
    assert got["series 0"][0] == style.colour("corrective")
    assert got["series 4"][0] == style.colour("stopped")

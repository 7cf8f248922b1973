"""Every page through Streamlit's AppTest: renders, shows the sourced numbers, keeps state in the URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import PAGES, chart_specs, numbers, open_page, qp, text_of, trace

from foi import filters, state
from foi.db import connect
from foi.queries import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _db(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOI_DB", str(built_db))
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_renders_on_the_default_dataset(name):
    at = open_page(name)
    assert not at.warning, [w.value for w in at.warning]
    assert any("Link to this view" in c.value for c in at.caption) or name == "about"


def test_overview_headline_numbers_equal_the_sources():
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Live projects"] == "147"
    assert metrics["Stopped"] == "20 · £24m"
    assert metrics["Corrective action"] == "17 · £83m"
    assert metrics["Discrepancies"] == "4"
    assert metrics["Never itemised"] == "100%"
    assert "Of 147 live projects, 20 worth £24m were stopped and 17 worth £83m" in text_of(at)
    assert "REG\\-2016\\-03\\-24" in text_of(at) or "REG-2016-03-24" in text_of(at)
    (spec,) = chart_specs(at)
    itemised = [t for t in spec["data"] if t["name"].startswith("Itemised per project")]
    (gap,) = [t for t in spec["data"] if t["name"] == "Never itemised (total only)"]
    assert [numbers(t["y"]) for t in itemised] == [[0.0], [0.0]]
    assert not any(t.get("showlegend", True) for t in itemised)  # nothing itemised, no swatch
    assert numbers(gap["y"]) == [24.0, 83.0]
    assert gap["marker"]["pattern"]["shape"] == "/"  # never itemised is hatched, not hidden


def test_stopped_page_toggles_between_money_and_counts():
    money = chart_specs(open_page("stopped"))[0]
    assert numbers(trace(money, "Never itemised (total only)")["y"]) == [24.0, 83.0]
    counts = chart_specs(open_page("stopped", unit="count"))[0]
    assert numbers(trace(counts, "Named projects: Stopped")["y"]) == [3.0]
    assert numbers(trace(counts, "Named projects: Corrective action")["y"]) == [4.0]
    assert numbers(trace(counts, "Unnamed projects")["y"]) == [17.0, 13.0]
    named_colours = {
        trace(counts, f"Named projects: {s}")["marker"]["color"]
        for s in ("Stopped", "Corrective action")
    }
    assert len(named_colours) == 2  # each status keeps its own colour
    assert counts["layout"]["yaxis"]["title"]["text"] == "Projects"


def test_stopped_page_status_filter_keeps_one_group():
    at = open_page("stopped", status="stopped")
    spec = chart_specs(at)[0]
    assert trace(spec, "Never itemised (total only)")["x"] == ["Stopped"]
    assert at.multiselect[0].value == ["stopped"]


def test_gaps_inference_is_a_labelled_toggle():
    plain = open_page("gaps")
    metrics = [m.value for m in plain.metric]
    assert "£83m" in metrics and "£18m" not in metrics
    inferred = open_page("gaps", assume="spent_to_date")
    metrics = [m.value for m in inferred.metric]
    assert "£18m" in metrics and "16 of 17" in metrics
    assert any("Inference, not a disclosed fact" in w.value for w in inferred.warning)
    names = [t["name"] for t in chart_specs(inferred)[0]["data"]]
    assert "Assumed inside the total (inference)" in names
    assert inferred.toggle[0].value is True


def _expected_rows(built_db: Path, values: dict) -> int:
    con = connect(built_db)
    try:
        params = filters.query_params("met-project-cull", values)
        return run(con, "figure_rows_count", params).to_pylist()[0]["rows"]
    finally:
        con.close()


def test_projects_filters_come_from_the_link(built_db):
    at = open_page("projects", status="stopped", named="1")
    n = _expected_rows(built_db, {"status": ("stopped",), "named": True})
    assert n == 4  # the stopped group total plus 3 named stopped projects' withheld figures
    assert f"**{n} rows** match" in text_of(at)
    assert at.multiselect[0].value == ["stopped"]
    assert at.toggle[0].value is True


def test_projects_widget_changes_are_written_to_the_link(built_db):
    at = open_page("projects")
    at.text_input(key="w_q").input("Lockheed").run()
    assert qp(at, "q") == ["Lockheed"]
    n = _expected_rows(built_db, {"q": "Lockheed"})
    assert n > 0 and f"**{n} rows** match" in text_of(at)
    at.multiselect(key="w_status").set_value(["corrective_action"]).run()
    assert qp(at, "status") == ["corrective_action"]
    assert qp(at, "q") == ["Lockheed"]


def test_projects_paging_is_in_the_link(built_db):
    at = open_page("projects", size="25", page="2")
    total = _expected_rows(built_db, {})
    assert "Showing 26–50" in text_of(at)
    assert f"**{total} rows** match" in text_of(at)
    at.button(key="next_page").click().run()
    assert qp(at, "page") == ["3"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("projects", {"status": "bogus"}),
        ("projects", {"min": "abc", "page": "-1"}),
        ("projects", {"q": "<script>alert(1)</script>"}),
        ("projects", {"q": "' OR 1=1 --"}),
        ("projects", {"q": "x" * 10_000}),
        ("stopped", {"unit": "'; DROP TABLE figures; --"}),
        ("gaps", {"assume": "<img src=x onerror=alert(1)>"}),
        ("overview", {"dataset": "nope"}),
        ("sources", {"source": "../../etc/passwd"}),
        ("timeline", {"evil": "select 1"}),
        ("about", {"dataset": "' OR 1=1 --"}),
    ],
)
def test_malformed_links_show_a_notice_and_the_default_view(name, params, built_db):
    at = open_page(name, **params)
    assert at.warning, "a notice must say the link was not understood"
    shown = "\n".join(w.value for w in at.warning)
    assert re.search(r"(?<!\\)<", shown) is None, "markup from the link must be escaped"
    assert len(shown) < 500
    if name == "projects":
        assert f"**{_expected_rows(built_db, {})} rows** match" in text_of(at)


def test_moving_between_pages_keeps_dataset_and_filters():
    at = open_page("projects", status="stopped")
    at.switch_page(PAGES["stopped"]).run()
    assert not at.exception
    assert at.multiselect[0].value == ["stopped"]
    assert qp(at, "status") == ["stopped"]


def test_sources_page_lists_sources_and_discrepancies():
    at = open_page("sources")
    assert any("4 discrepancies" in h.value for h in at.header)
    body = text_of(at)
    for value in ("17 projects", "20 projects", "£90m contract value", "£65m worth"):
        assert value.replace("£", "") in body.replace("\\", "").replace("£", "")
    assert "theregister.com" in body


def test_timeline_chart_spans_2013_to_2016():
    at = open_page("timeline")
    spec = chart_specs(at)[0]
    dates = sorted(x for trace in spec["data"] for x in trace["x"])
    assert dates[0].startswith("2013") and dates[-1].startswith("2016-11")
    assert "11 events, 2013 to 2016" in spec["layout"]["title"]["text"]
    # Events about the command-and-control system take its status's colour (corrective action).
    from foi.charts import PALETTE

    (cc,) = [t for t in spec["data"] if t["name"].startswith("Command and Control")]
    assert cc["marker"]["color"] == PALETTE["corrective"]


def test_about_page_gives_a_citation_with_the_link():
    at = open_page("about")
    (citation,) = [c.value for c in at.code if "accessed" in c.value]
    assert "Project Cull" in citation and "http" in citation


def test_links_shown_match_the_state():
    at = open_page("projects", status="stopped", q="Lockheed")
    (link,) = [c.value for c in at.code if c.value.startswith("http")]
    assert link.endswith(state.query_string({"status": ["stopped"], "q": "Lockheed"}))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_an_inferred_exemption_never_reads_as_cited(name, built_db):
    """The Met cited commercial confidentiality, not s.43: every s.43 on screen says "inferred".

    A mention may say "cited" only where a dataset's figures really cite s.43 (the GMPP
    releases do). The compiler's own claim sentences are removed first: they quote the
    source and explain the inference in their own words.
    """
    with connect(built_db) as con:
        bases = dict(
            con.execute(
                "SELECT exemption_basis, count(*) FROM figures "
                "WHERE list_contains(string_split(exemption_sections, ';'), '43') GROUP BY ALL"
            ).fetchall()
        )
        claims = [c for (c,) in con.execute("SELECT DISTINCT claim FROM figures").fetchall() if c]
    assert bases.get("inferred"), "the shipped Met data holds s.43 figures we inferred"
    at = open_page(name, **({"disclosure": "withheld"} if name == "projects" else {}))
    texts = [text_of(at), *(m.value for m in at.metric), *(json.dumps(s) for s in chart_specs(at))]
    texts += [d.value.to_csv() for d in at.dataframe]
    for claim in claims:
        texts = [t.replace(claim, "") for t in texts]
    mentions = [m for t in texts for m in re.findall(r"s\\?\.43\b.{0,45}", t)]
    if name in ("overview", "gaps", "projects"):
        assert mentions, f"{name} shows the withheld figures' section somewhere"
    allowed = ("inferred", "cited") if bases.get("stated") else ("inferred",)
    bare = [m for m in mentions if not any(word in m for word in allowed)]
    assert not bare, bare


@pytest.mark.parametrize(
    "params", [{}, {"status": "stopped"}, {"named": "1"}, {"dataset": "gmpp-2023"}]
)
def test_projects_caption_breaks_down_every_matching_row(params):
    """ "161 rows match: 14 disclosed, 37 withheld" left 110 unexplained; every row is counted."""
    at = open_page("projects", **params)
    (caption,) = [m.value for m in at.markdown if "rows** match" in m.value]
    plain = caption.replace("\\", "")
    total = int(re.search(r"\*\*([\d,]+) rows\*\* match", plain).group(1).replace(",", ""))
    breakdown = plain.split("): ", 1)[1].split(". Showing")[0]
    parts = [int(p.split()[0].replace(",", "")) for p in breakdown.split(", ")]
    assert total > 0 and sum(parts) == total, (caption, parts)


def test_a_page_past_the_end_says_so_and_the_link_shows_the_page_on_screen(built_db):
    with connect(built_db) as con:
        (rows,) = con.execute(
            "SELECT count(*) FROM figure_keys WHERE dataset = 'met-project-cull'"
        ).fetchone()
    last = -(-rows // 50)
    at = open_page("projects", page="99999")
    (notice,) = [w.value for w in at.warning]
    plain = notice.replace("\\", "")
    assert f"asked for page 99,999, but these rows fill only {last} pages" in plain
    assert f"showing page {last}" in plain
    assert at.query_params["page"] == str(last)
    assert f"Page **{last}** of **{last}**" in text_of(at)


def test_an_amount_bound_no_figure_reaches_says_why_nothing_matches():
    at = open_page("projects", max="-5")
    (info,) = [i.value.replace("\\", "") for i in at.info]
    assert "No row matches these filters (amount at most" in info
    assert "below every figure: amounts here run from £" in info
    assert "**0 rows** match" in text_of(at)


def test_the_link_to_a_view_is_the_page_run_not_the_address_typed():
    from foi.ui.links import page_address

    assert page_address("http://h:8501/nonexistent?x=1", "", "") == "http://h:8501/"
    assert page_address("https://h/news/explorer/stopped", "/news/explorer/", "stopped") == (
        "https://h/news/explorer/stopped"
    )
    assert page_address(None, "", "projects") == "http://localhost:8501/projects"


def test_the_projects_caption_writes_codes_in_the_datasets_words(built_db):
    with connect(built_db) as con:
        label = con.execute(
            "SELECT label FROM statuses WHERE dataset = 'met-project-cull' "
            "AND status = 'corrective_action'"
        ).fetchone()[0]
    at = open_page("projects", status="corrective_action", disclosure="withheld", basis="payment")
    (caption,) = [m.value for m in at.markdown if "rows** match" in m.value]
    plain = caption.replace("\\", "")
    assert f"status: {label}" in plain and "corrective_action" not in plain
    assert "disclosure: Withheld" in plain and "basis: Payment" in plain


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_table_has_headings_for_people_and_chart_numbers_name_their_sources(name):
    at = open_page(name)
    frames = list(at.dataframe)
    if name in ("overview", "stopped", "gaps", "projects", "sources"):
        assert frames, f"{name} shows tables"
    for frame in frames:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = (config.get(f"col:{column}") or config.get(str(column)) or {}).get("label")
            heading = label or str(column)
            assert " " in heading or heading[:1].isupper() or heading in ("record",), (
                name,
                column,
                heading,
            )
    for expander in at.expander:
        if expander.label != "Numbers behind this chart":
            continue
        for frame in expander.dataframe:
            assert any(c.lower().startswith("source") for c in frame.value.columns), (
                name,
                list(frame.value.columns),
            )

"""Accessibility: axe-core on every page in a real browser, and a text alternative per chart.

axe-core (through axe-playwright-python) checks each page as a visitor gets it, with its
charts drawn: every page of the app, the chart pages in their other views (counts rather
than money, a Red/Amber/Green release), the SQL console with a result, and the upload
page with a file in it and after loading it. A violation of impact "serious" or
"critical" fails the test, listed with its rule, what it asks for and the elements it
found; each page's count is printed and saved under test-artifacts/axe/.

What axe found first, and how it was fixed (the theme in .streamlit/config.toml):
Streamlit draws captions at 60% opacity, so the default text colour (#2f2d2b) came out
#828180 (3.9:1 on white, under WCAG's 4.5:1), and caption links 3:1; the selected
option of a segmented control was 4.47:1. Black text, a near-black navy for links
(underlined, so colour is not what marks them) and a darker primary red pass. A code
span in a caption stays under 4.5:1 whatever the theme, so the SQL console's note on
`db.<table>` is body text.

`chart_alt` (foi/ui/a11y.py) writes the sentence a screen reader reads for a chart; the
tests at the end check it says what the figure draws.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from foi.formats import gbp_short
from foi.ui.a11y import MAX_POINTS, chart_alt

from .helpers import ARTIFACTS, CHART, CHART_PAGES, PAGES, assert_no_exception, open_page, wait_idle

pytestmark = pytest.mark.browser

#: The impacts that fail a page.
FAILING = frozenset({"serious", "critical"})

#: Rule id -> selectors (as axe reports a node's target) of findings inside Streamlit's own
#: markup that the app cannot change, each with its reason. Empty: every finding so far
#: was ours to fix. An entry must name one rule and one element, never a whole rule.
STREAMLIT_OWN: dict[str, dict[str, str]] = {}

#: Every page with its charts drawn, then the other states worth checking.
VIEWS: dict[str, str] = {
    **{name: path for path, name in PAGES.items()},
    "sql": "sql",
    "sql-result": "sql?sql=SELECT+*+FROM+figures",
    "stopped-counts": "stopped?unit=count&split=named",
    "overview-rag": "?dataset=gmpp-2023",
    "stopped-rag": "stopped?dataset=gmpp-2023",
    "gaps-rag": "gaps?dataset=gmpp-2023",
}

AXE = Axe()
UPLOAD = (
    "Project Name,Department,Delivery Confidence Assessment,Whole Life Cost (£m)\n"
    'Crossrail,DfT,Amber,"14,800.00"\n'
    "Border Systems,Home Office,Red,Exempt under Section 43 of the Freedom of Information Act\n"
    "Quiet Thing,DH,Green,REDACTED\n"
)


def failing(response: dict[str, Any]) -> list[dict[str, Any]]:
    """axe's serious and critical violations, less the known Streamlit ones, node by node."""
    found = []
    for rule in response["violations"]:
        if rule["impact"] not in FAILING:
            continue
        allowed = STREAMLIT_OWN.get(rule["id"], {})
        nodes = [n for n in rule["nodes"] if " ".join(map(str, n["target"])) not in allowed]
        if nodes:
            found.append({**rule, "nodes": nodes})
    return found


def report(violations: list[dict[str, Any]]) -> str:
    """Each violation as its rule, what it asks for and the elements axe found."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} [{rule['helpUrl']}]")
        for node in rule["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
        if len(rule["nodes"]) > 10:
            lines.append(f"    ... and {len(rule['nodes']) - 10} more")
    return "\n".join(lines)


def check(page: Page, name: str) -> None:
    """Run axe on the page as it stands; save the result, print the count, fail on any."""
    response = AXE.run(page).response
    violations = failing(response)
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(response["violations"], indent=1))
    count = sum(len(rule["nodes"]) for rule in violations)
    print(f"axe {name}: {count} serious or critical ({len(violations)} rules)")
    assert violations == [], f"{page.url}\n{report(violations)}"


def settle(page: Page, path: str) -> None:
    """Open a page and wait for its title, and its charts where it draws any."""
    open_page(page, path)
    expect(page.locator("h1").first).to_be_visible()
    if path.split("?")[0] in CHART_PAGES:
        expect(page.locator(CHART).first).to_be_visible()
        page.wait_for_timeout(500)  # plotly finishes drawing after it is in the page
    assert_no_exception(page)


@pytest.mark.parametrize("name", list(VIEWS))
def test_axe_finds_nothing_serious(page: Page, name: str) -> None:
    settle(page, VIEWS[name])
    check(page, name)


def test_axe_finds_nothing_serious_on_an_upload_and_its_report(page: Page, tmp_path: Path) -> None:
    table = tmp_path / "projects.csv"
    table.write_text(UPLOAD, encoding="utf-8")
    settle(page, "upload")
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(table))
    wait_idle(page)
    expect(page.get_by_role("button", name="Load into my session")).to_be_visible()
    check(page, "upload-mapping")
    page.get_by_role("button", name="Load into my session").click()
    wait_idle(page)
    expect(page.get_by_text("Imported into dataset").first).to_be_visible()
    check(page, "upload-report")


def test_the_check_fails_on_a_page_with_a_serious_violation(page: Page) -> None:
    """An image without a text alternative is critical: the check must catch it."""
    settle(page, "about")
    page.evaluate(
        "document.querySelector('h1').insertAdjacentHTML('afterend', "
        "'<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        check(page, "about-broken")


@pytest.mark.parametrize("path", sorted(CHART_PAGES))
def test_every_chart_has_a_text_alternative(page: Page, path: str) -> None:
    settle(page, path)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() > 0
    for chart in charts.all():
        assert chart.get_attribute("role") == "figure"
        label = chart.get_attribute("aria-label") or ""
        title = " ".join((chart.locator(".gtitle").first.text_content() or "").split()[:3])
        assert title and title in label, (title, label)


# --- the text itself --------------------------------------------------------------------------


def bars(values: dict[str, dict[str, float]], unit: str, mode: str = "stack") -> go.Figure:
    """A bar chart with one series per key, laid out like the app's charts."""
    fig = go.Figure(
        [
            go.Bar(name=name, x=list(points), y=list(points.values()))
            for name, points in values.items()
        ]
    )
    fig.update_layout(title={"text": "<b>Money by status</b><br><sup>Bases apart</sup>"})
    fig.update_layout(barmode=mode, yaxis_title=unit)
    return fig


def test_chart_alt_reads_every_series_and_value_in_the_axis_unit() -> None:
    values = {
        "Never itemised (total only)": {"Stopped": 24.0, "Corrective action": 83.0},
        "Itemised per project": {"Stopped": 0.0, "Corrective action": 0.0},
    }
    text = chart_alt(bars(values, "£m"))
    assert text.startswith("Stacked bar chart: Money by status. Bases apart. ")
    for label, value in values["Never itemised (total only)"].items():
        assert f"{label} {gbp_short(int(value * 1_000_000))}" in text
    assert "Never itemised (total only): " in text
    assert "Itemised per project" not in text  # a series of zeros draws nothing
    assert "<" not in text and text.endswith(".")


def test_chart_alt_counts_in_the_axis_noun_and_says_how_many_more() -> None:
    many = {f"Department {n}": float(n) for n in range(1, MAX_POINTS + 6)}
    text = chart_alt(bars({"Went dark": many}, "Figures", mode="group"))
    assert text.startswith("Grouped bar chart: ")
    assert "Department 1 1 figure," in text and "Department 2 2 figures" in text
    assert f"Department {MAX_POINTS} {MAX_POINTS} figures" in text
    assert f"Department {MAX_POINTS + 1} " not in text
    assert f"{len(many) - MAX_POINTS} more values" in text


def test_chart_alt_reads_a_timeline_as_dated_events() -> None:
    events = {"2013-01-01": "Report finds police IT outdated", "2016-03-11": "Contract ended"}
    fig = go.Figure([go.Scatter(name="General", x=list(events), y=list(events.values()))])
    fig.update_layout(title={"text": f"<b>{len(events)} events</b>"})
    text = chart_alt(fig)
    assert text.startswith(f"Timeline: {len(events)} events. General: ")
    assert ", ".join(f"{day} {title}" for day, title in events.items()) in text


def test_chart_alt_cleans_a_sentence_the_page_wrote() -> None:
    sentence = "£24m  of <b>£24m</b> &amp; never itemised"
    assert chart_alt(sentence) == "£24m of £24m & never itemised."
    assert chart_alt("Which is it?") == "Which is it?"
    assert not re.search(r"<|&amp;", chart_alt(sentence))

"""The house style every chart shares: palette, hatching, layout, labels and PNG config.

One colour-blind-safe palette (Okabe-Ito) is used on every page: the same status
always has the same colour, and money that was never itemised or was withheld is
always its own hatched, labelled series, never a zero and never hidden.

Colour is never the only carrier of meaning: each special meaning also has its own
pattern (withheld "/", redacted "x", sources disagree "-", inferred ".", unnamed "+",
went dark "|"), a chart's series of points each have their own marker symbol, and
bars that share a colour are told apart by their axis label or by text on the bar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

#: role -> colour (Okabe-Ito). Every status of every dataset maps to a role.
PALETTE: dict[str, str] = {
    "stopped": "#D55E00",  # vermillion
    "corrective": "#E69F00",  # orange
    "live": "#0072B2",  # blue
    "completed": "#009E73",  # bluish green
    "other": "#999999",  # grey
    "withheld": "#CC79A7",  # reddish purple: never itemised / withheld
    "inferred": "#56B4E9",  # sky blue: assumed, not disclosed
}
WITHHELD_PATTERN = {"shape": "/", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4}
#: Sources that disagree: the range between their figures, never one of them picked.
CONFLICT_PATTERN = {"shape": "-", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.5}
INFERRED_PATTERN = {"shape": ".", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4}
#: Projects a source counts but never names. Not money and not withheld money, so neither
#: pink nor hatched "/": an open grey grid ("+") on white, a neutral "known to exist, no
#: name" that no status colour and no other pattern shares.
UNNAMED_COLOUR = "#666666"
UNNAMED_PATTERN = {
    "shape": "+",
    "fillmode": "replace",
    "fgcolor": UNNAMED_COLOUR,
    "bgcolor": "#ffffff",
    "size": 8,
    "solidity": 0.25,
}
#: The marker of an unnamed-projects series, outlined so the white bar has an edge.
UNNAMED_MARKER: dict[str, Any] = {
    "color": UNNAMED_COLOUR,
    "pattern": UNNAMED_PATTERN,
    "line": {"color": UNNAMED_COLOUR, "width": 1},
}
#: A figure that went dark (disclosed, then withheld): a change, not a state, so vertical
#: stripes, never the withheld hatch of a figure that stayed withheld beside it.
WENT_DARK_PATTERN = {"shape": "|", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4}
#: Colours of series that are not statuses (a timeline's concerns), in order of use:
#: Okabe-Ito, the two with a meaning of their own (withheld pink, inferred sky blue) last.
SERIES_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#009E73",
    "#000000",
    "#D55E00",
    "#E69F00",
    "#F0E442",
    "#56B4E9",
    "#CC79A7",
)
#: Marker symbols in order of use: each series of points gets its own, so two series
#: that share a colour (or a reader who cannot tell two colours apart) still differ.
SYMBOLS: tuple[str, ...] = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "star",
    "triangle-down",
    "hexagon",
    "cross",
    "pentagon",
    "x",
)
FONT = "Source Sans Pro, Arial, sans-serif"

#: How each disclosure status is drawn: withheld and redacted always hatched pink.
DISCLOSURE_STYLE: dict[str, dict[str, Any]] = {
    "disclosed": {"color": "#0072B2"},
    "withheld": {"color": PALETTE["withheld"], "pattern": WITHHELD_PATTERN},
    "redacted": {
        "color": PALETTE["withheld"],
        "pattern": {"shape": "x", "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.4},
    },
    "not_held": {"color": "#999999"},
    "not_yet_available": {"color": PALETTE["inferred"]},
    "unknown": {"color": "#dddddd"},
}


def colour(role: str | None) -> str:
    """The palette colour of a status role; unknown roles are grey."""
    return PALETTE.get(role or "other", PALETTE["other"])


def plot_config(filename: str) -> dict[str, Any]:
    """Plotly config: the modebar's camera button saves a PNG named for the view."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


#: Title size in px, and how many characters a title line holds: a 390 px phone leaves a
#: chart about 358 px, which holds about 44 bold characters at 16 px (Arial, Source Sans).
TITLE_PX = 16
TITLE_CHARS = 44
#: The subtitle is set 70% as large (`<sup>`), so its lines hold more.
SUBTITLE_CHARS = 62
#: Where a long title is broken: a `<br>` with a class. Plotly draws any `<br ...>` as a
#: line break; text readers that take the first plain `<br>` as the end of the title and
#: the start of the subtitle (foi.ui.a11y) read it as the space it replaced.
WRAP = ' <br class="wrap">'
#: The tick format of an axis in £m: "£300,000m", never "300k" (which reads as £300k).
MONEY_TICKS = {"tickprefix": "£", "ticksuffix": "m", "tickformat": ",~f"}

_TAG = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_HARD_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _visible(text: str) -> int:
    """How many characters `text` shows: tags take none, an entity (`&amp;`) takes one."""
    return len(_ENTITY.sub("x", _TAG.sub("", text)))


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` shown characters, broken at spaces.

    Tags (`<b>`, `<span style="a b">`) never split and count for nothing, nor does an
    escaped character count for more than one; a word longer than a line stands alone
    on its line rather than being cut. A `<br>` already in the text is kept as a break.
    """
    lines: list[str] = []
    for paragraph in _HARD_BREAK.split(text):
        words = [""]
        for part in _TAG.split(paragraph):
            if _TAG.fullmatch(part):
                words[-1] += part
                continue
            first, *rest = part.split(" ")
            words[-1] += first
            words.extend(rest)
        line = ""
        for word in (w for w in words if w):
            if line and _visible(line) + 1 + _visible(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


#: The height plotly draws a figure that gives none: the layout gives it explicitly, so
#: the legend can be placed under the title in pixels.
DEFAULT_HEIGHT = 450
#: Room above the title, and between the title and the legend (or the plot), in px.
TITLE_PAD = 10
TITLE_GAP = 8
#: Plotly hangs a one-line title from its anchor by the height of its capitals, but sets
#: the first of several lines on the anchor: the pad makes up the difference.
CAP_PX = round(0.7 * TITLE_PX)


def balanced_lines(text: str, width: int) -> list[str]:
    """`text` on as few lines as `wrap_lines` needs at `width`, made as even as they go.

    "£107m across 37 projects, / 100% of it never itemised", not a last line of one word:
    the narrowest width that still needs no more lines.
    """
    lines = wrap_lines(text, width)
    while width > 1 and len(narrower := wrap_lines(text, width - 1)) == len(lines):
        lines, width = narrower, width - 1
    return lines


def title_lines(title: str, subtitle: str | None = None) -> tuple[list[str], list[str]]:
    """The lines a chart's title and subtitle are drawn on, each short enough for a phone."""
    subs = balanced_lines(subtitle, SUBTITLE_CHARS) if subtitle else []
    return balanced_lines(title, TITLE_CHARS), subs


def title_text(title: str, subtitle: str | None = None) -> str:
    """A chart's title (bold) and subtitle (small), each wrapped to fit a phone's width."""
    heads, subs = title_lines(title, subtitle)
    text = f"<b>{WRAP.join(heads)}</b>"
    if subs:
        text += f"<br><sup>{WRAP.join(subs)}</sup>"
    return text


def title_height(title: str, subtitle: str | None = None) -> int:
    """The px the title block takes at the top of a figure, the padding above it included.

    Every line of a plotly title is 1.3 times the title's font size apart, a subtitle's
    smaller lines too.
    """
    heads, subs = title_lines(title, subtitle)
    return round(TITLE_PAD + 1.3 * TITLE_PX * (len(heads) + len(subs)))


def wrap_label(text: str, width: int = 26) -> str:
    """A category label (a tick, a legend entry) over lines of `width` characters."""
    return "<br>".join(wrap_lines(text, width))


def layout(fig: go.Figure, title: str, subtitle: str | None = None, **kw: Any) -> go.Figure:
    """The house layout around `fig`'s traces, as one new figure.

    Built as a plain dict and validated once by the constructor: plotly's
    `update_layout` / `update_xaxes` validate path by path and cost a page run
    tens of milliseconds. `xaxis_title=` and `yaxis_title=` are accepted as in plotly;
    an axis titled "£m" has ticks that read as money ("£300,000m").

    The title and subtitle wrap (`title_text`) so no line runs off a phone, and the top
    margin grows by a line for each. The legend hangs from the foot of the title (its
    top placed there in the figure's own pixels, `yref="container"`), and plotly keeps
    the plot below the legend's foot however many rows it wraps to at the width drawn:
    a legend never overlaps the title, nor the plot. Hence the figure always has a
    height (plotly's 450 px unless given).
    """
    base = fig.layout.to_plotly_json()
    base.pop("template", None)  # plotly's default theme: re-validating a copy is the slow part
    axis = {"gridcolor": "#e5e5e5", "zerolinecolor": "#bbbbbb", "automargin": True}
    height = kw.get("height") or base.get("height") or DEFAULT_HEIGHT
    top = title_height(title, subtitle) + TITLE_GAP
    text = title_text(title, subtitle)
    layout: dict[str, Any] = {
        **base,
        "title": {
            "text": text,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": TITLE_PAD + (CAP_PX if "<br" in text else 0)},
            "font": {"size": TITLE_PX},
        },
        "font": {"family": FONT, "size": 13},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "xref": "container",  # the figure's full width, as the title: fewer rows
            "y": 1 - top / height,
            "yanchor": "top",
            "yref": "container",
        },
        "margin": {"l": 70, "r": 20, "t": top, "b": 50},
        "plot_bgcolor": "#ffffff",
        "bargap": 0.35,
        "xaxis": {**axis, **base.get("xaxis", {})},
        "yaxis": {**axis, **base.get("yaxis", {})},
        "height": height,
    }
    for key, value in kw.items():
        if key in ("xaxis_title", "yaxis_title"):
            name = key.split("_")[0]
            layout[name]["title"] = {"text": value}
            if value == "£m":
                layout[name] = {**MONEY_TICKS, **layout[name]}
        elif key == "margin":  # a chart's own margins, but never less room than its title's
            layout[key] = {**layout[key], **value, "t": max(value.get("t", 0), top)}
        elif key != "height":
            layout[key] = value
    return go.Figure(data=fig.data, layout=layout)  # the default theme applies, as before


def series_styles(
    names: Sequence[str], roles: Sequence[str | None], fixed: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """name -> (colour, symbol) for a chart's series of points, every pair distinct.

    A series with a status role keeps its status's colour (the same status is the same
    colour on every page); the others take the next `SERIES_COLOURS` no series of this
    chart has. Every series takes the next unused symbol, so no two share one. `fixed`
    gives a series its own pair (the timeline's events about no project).
    """
    used_colours = {colour(r) for r in roles if r and r != "other"}
    used_colours |= {c for c, _ in fixed.values()}
    used_symbols = {s for _, s in fixed.values()}
    spare_colours = [c for c in SERIES_COLOURS if c not in used_colours] or list(SERIES_COLOURS)
    spare_symbols = [s for s in SYMBOLS if s not in used_symbols] or list(SYMBOLS)
    styles: dict[str, tuple[str, str]] = {}
    n_colour = n_symbol = 0
    for name, role in zip(names, roles, strict=True):
        if name in fixed:
            styles[name] = fixed[name]
            continue
        if role and role != "other":
            tint = colour(role)
        else:
            tint = spare_colours[n_colour % len(spare_colours)]
            n_colour += 1
        styles[name] = (tint, spare_symbols[n_symbol % len(spare_symbols)])
        n_symbol += 1
    return styles


def millions(value: Decimal | int | float | None) -> float:
    """Pounds to £m for an axis in millions."""
    return float(value or 0) / 1_000_000


def esc(text: Any) -> str:
    """Data text made inert for plotly's HTML-ish labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

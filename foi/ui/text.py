"""Data made safe to show: escaped Markdown text, checked links and source citations.

Any cell or title from a dataset passes through here before it reaches Markdown, so a
value such as `[Sign in](https://evil.example)` is shown as text, never as a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from foi.ui.data import dataset_meta, source_index

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+")


def md_text(text: Any) -> str:
    """Data text made inert in Markdown: no links, emphasis or HTML can come from data."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", str(text))


def safe_url(url: Any) -> str | None:
    """Only plain http(s) addresses from the data become links."""
    if isinstance(url, str) and _SAFE_URL.fullmatch(url):
        return url.replace("(", "%28").replace(")", "%29")
    return None


def source_md(source_id: Any, url: Any = None, publisher: Any = None, locator: Any = None) -> str:
    """`Source: [The Register, REG-2016-03-24](url), passage ...` as safe Markdown."""
    label = md_text(f"{publisher}, {source_id}" if publisher else source_id)
    link = safe_url(url)
    text = f"[{label}]({link})" if link else label
    if locator:
        text += f" — {md_text(locator)}"
    return text


def citation(dataset: str, url: str) -> str:
    """How to cite this view: title, link and today's date."""
    meta = dataset_meta(dataset)
    return f"FOI Spend Explorer, “{meta['title']}”, {url} (accessed {date.today().isoformat()})."


def sources_md(dataset: str, ids: Sequence[str]) -> str:
    """Several source ids as linked Markdown."""
    index = source_index(dataset)
    out = []
    for sid in ids:
        row = index.get(sid, {})
        out.append(source_md(sid, row.get("url"), row.get("publisher")))
    return "; ".join(out)

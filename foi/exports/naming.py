"""What a download says about itself: the filters applied, its file name, the CLI line.

A file that has left the app must still say which rows it holds, so the same
filters are recorded in its name, in its metadata and in the `python -m foi export`
command that would write it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shlex
from collections.abc import Mapping
from typing import Any

from foi import filters
from foi.exports.formats import format_of
from foi.text import slug

_MAX_DATASET_SLUG = 40
_MAX_FILTER_SLUG = 80


def applied_filters(values: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that narrow the rows, in registry order, as JSON-ready values.

    Only declared filters (`foi.filters.FILTERS`) that are set: a file should not claim a
    filter that changed nothing, nor record page state (sort, page) as one.
    """
    return filters.active(values)


def describe_filters(values: Mapping[str, Any]) -> str:
    """The applied filters as one line for people, as the page's caption says them."""
    if not filters.active(values):
        return "none (every row of the dataset)"
    return filters.describe(values)


def export_filename(dataset: str, fmt: str, filters: dict, today: dt.date) -> str:
    """A file name that says what the file holds: dataset, filters and date.

    `met-project-cull_figures_status-stopped_q-lockheed_2026-11-26.csv`; with no
    filter, `..._figures_all_...`. Only [a-z0-9-] inside each part, so the name is
    safe on every file system; a long filter part is cut and ends in a short hash
    of the whole, so two long searches never share a name.
    """
    extension = format_of(fmt).extension
    ds = dataset_slug(dataset, limit=_MAX_DATASET_SLUG)
    part = _filter_slug(filters) or "all"
    if len(part) > _MAX_FILTER_SLUG:
        digest = hashlib.sha256(part.encode()).hexdigest()[:8]
        part = part[: _MAX_FILTER_SLUG - len(digest) - 1].rstrip("-_") + "-" + digest
    return f"{ds}_figures_{part}_{today.isoformat()}.{extension}"


def dataset_slug(dataset: str, *, limit: int | None = None) -> str:
    """The dataset's part of a file or package name; `dataset` when nothing usable is left."""
    return slug(dataset, limit=limit, fallback="dataset")


def _filter_slug(values: Mapping[str, Any]) -> str:
    """`status-stopped_q-lockheed`: each filter's name, then its values, hyphen-joined."""
    parts = []
    for name, items in filters.slug_parts(values):
        text = "-".join(s for s in (slug(v) for v in items) if s)
        parts.append(f"{slug(name)}-{text}" if text else slug(name))
    return "_".join(parts)


def cli_command(dataset: str, values: dict, fmt: str = "csv") -> str:
    """The `python -m foi export` command that writes the same rows as the page's filters."""
    parts = ["python -m foi export", "--dataset", shlex.quote(dataset)]
    parts += [shlex.quote(arg) for arg in filters.cli_args(values)]
    if values.get("sort") and values["sort"] != "amount_desc":
        parts += ["--sort", values["sort"]]
    parts += ["--format", fmt, "--out", shlex.quote(f"{dataset}-rows.{fmt}")]
    return " ".join(parts)

"""Slugs and JSON-ready values, made one way for every file name, id and metadata file.

Before this module the same two jobs were written out in several places (file names,
dataset ids, the SQL console's file stem, filter metadata), each a little different.
The differences are real and some are visible (a dataset id, a file name a test
checks), so they are parameters here, not something one copy silently changed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_SLUG_OR_HYPHEN = re.compile(r"[^a-z0-9-]+")


def slug(
    text: str,
    *,
    limit: int | None = None,
    fallback: str = "",
    fold_accents: bool = True,
    keep_hyphens: bool = False,
    trim_cut: bool = True,
) -> str:
    """Lower-case ASCII letters, digits and hyphens, safe in a file name or an id.

    `£24m Lockheed` -> `24m-lockheed`: every run of other characters becomes one
    hyphen, and none is left at either end.

    - `fold_accents`: `Café` -> `cafe` (NFKD, accents dropped) rather than `caf`
      (the accented letter treated as a separator). Names people read keep their
      letters; ids made before folding existed keep their old spelling with False.
    - `keep_hyphens`: hyphens already in the text are kept as they are, so `a--b`
      stays `a--b` instead of becoming `a-b` (the SQL console's file stem).
    - `limit`: at most this many characters; with `trim_cut` a hyphen left at the
      cut is dropped too, so `abc-def` cut to 4 is `abc`, not `abc-`.
    - `fallback`: what to return when nothing is left (`%%%`, or only accents).
    """
    if fold_accents:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    pattern = _NOT_SLUG_OR_HYPHEN if keep_hyphens else _NOT_SLUG
    out = pattern.sub("-", text.lower()).strip("-")
    if limit is not None:
        out = out[:limit]
        if trim_cut:
            out = out.strip("-")
    return out or fallback


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole values as int, so 1000000 never reads 1000000.0."""
    return int(value) if value == value.to_integral_value() else float(value)


def json_value(value: Any, *, decimals_as_text: bool = False) -> Any:
    """`value` in a form `json.dumps` takes unchanged, nested lists included.

    Tuples become lists, sets sorted lists (so the same set always writes the same
    file), dates ISO strings. Decimals become numbers (`json_number`), or with
    `decimals_as_text` plain decimal strings (`1000000.50`), which keep every digit
    when a float would not.
    """
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [json_value(v, decimals_as_text=decimals_as_text) for v in items]
    if isinstance(value, Decimal):
        return format(value, "f") if decimals_as_text else json_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value

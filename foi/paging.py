"""Page arithmetic for any paged table: how many pages, which one to show, which rows it holds.

A page number comes from the link, so it may be past the end (the result shrank, or the
link was edited); every paged view shows the last page then, rather than an empty one.
Plain integers in and out, so the SQL console and the Projects page share one rule and
it is tested without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """The page to show of `total_rows` rows, `size` to a page.

    `page` is 1-based and always within 1..`pages`; `offset` is the number of rows before
    it (for `LIMIT size OFFSET offset`); `first` and `last` are the 1-based numbers of the
    rows it shows, for "rows 101-150 of 150" (both 0 when there are no rows).
    """

    pages: int
    page: int
    offset: int
    first: int
    last: int


def page_offset(page: int, size: int) -> int:
    """Rows before page `page` (from 1) at `size` rows a page; page 0 or less counts as 1.

    For fetching a page before the total is known; `page_window` then says whether the
    page asked for exists.
    """
    _check_size(size)
    return (max(1, page) - 1) * size


def page_window(total_rows: int, page: int, size: int) -> Window:
    """Page `page` of `total_rows` rows at `size` a page, clamped to the pages there are.

    There is always at least one page, so an empty result shows "page 1 of 1".
    """
    _check_size(size)
    if total_rows < 0:
        raise ValueError(f"total_rows must be 0 or more, not {total_rows}")
    pages = max(1, -(-total_rows // size))
    page = min(max(1, page), pages)
    offset = page_offset(page, size)
    first = offset + 1 if total_rows else 0
    last = min(offset + size, total_rows)
    return Window(pages=pages, page=page, offset=offset, first=first, last=last)


def _check_size(size: int) -> None:
    """A page holds at least one row: anything else is a caller's bug, not a reader's link."""
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")

"""Page arithmetic (foi.paging): page count, clamping a page from the link, rows shown."""

from __future__ import annotations

import math

import pytest

from foi.paging import Window, page_offset, page_window


@pytest.mark.parametrize(
    ("total", "page", "size", "expected"),
    [
        (150, 1, 100, Window(pages=2, page=1, offset=0, first=1, last=100)),
        (150, 2, 100, Window(pages=2, page=2, offset=100, first=101, last=150)),
        (200, 2, 100, Window(pages=2, page=2, offset=100, first=101, last=200)),
        (201, 3, 100, Window(pages=3, page=3, offset=200, first=201, last=201)),
        (1, 1, 100, Window(pages=1, page=1, offset=0, first=1, last=1)),
        (5, 3, 2, Window(pages=3, page=3, offset=4, first=5, last=5)),
    ],
)
def test_a_page_within_the_result(total, page, size, expected):
    assert page_window(total, page, size) == expected


def test_a_page_past_the_end_is_the_last_page():
    assert page_window(150, 9, 100) == page_window(150, 2, 100)
    assert page_window(150, 9, 100).page == 2


@pytest.mark.parametrize("page", [0, -3])
def test_a_page_before_the_start_is_the_first_page(page):
    assert page_window(150, page, 100) == page_window(150, 1, 100)


def test_an_empty_result_has_one_empty_page():
    assert page_window(0, 1, 100) == Window(pages=1, page=1, offset=0, first=0, last=0)
    assert page_window(0, 5, 100) == Window(pages=1, page=1, offset=0, first=0, last=0)


@pytest.mark.parametrize("total", [0, 1, 99, 100, 101, 999, 1000, 1001])
@pytest.mark.parametrize("size", [1, 25, 100])
def test_every_row_is_on_exactly_one_page(total, size):
    window = page_window(total, 1, size)
    assert window.pages == max(1, math.ceil(total / size))
    shown = []
    for page in range(1, window.pages + 1):
        w = page_window(total, page, size)
        assert w.page == page and w.offset == page_offset(page, size)
        if total:
            assert w.last - w.first + 1 == min(size, total - w.offset)
            shown.extend(range(w.first, w.last + 1))
    assert shown == list(range(1, total + 1))


def test_offset_before_the_total_is_known():
    assert page_offset(1, 100) == 0
    assert page_offset(3, 100) == 200
    assert page_offset(0, 100) == 0


@pytest.mark.parametrize("size", [0, -1])
def test_a_page_size_below_one_is_an_error(size):
    with pytest.raises(ValueError):
        page_window(10, 1, size)
    with pytest.raises(ValueError):
        page_offset(1, size)


def test_a_negative_total_is_an_error():
    with pytest.raises(ValueError):
        page_window(-1, 1, 100)

"""The shared search (no case, no diacritics, no wildcards) and page numbers, on each database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.pagination import MAX_PAGE, Page, page_number
from core.search import matches

FOUND = [
    ("Nguyễn Văn An", "nguyen van"),
    ("Điện Biên Phủ", "DIEN BIEN"),
    ("López", "lopez"),
    ("Nguye\u0302\u0303n", "Nguyễn"),  # typed decomposed, searched composed
    ("Łódź", "lodz"),
    ("100% sure", "0%"),
    ("a_b", "a_b"),
    ("back\\slash", "k\\s"),
    ("အောင်ကို", "အောင်"),
]
NOT_FOUND = [("abc", "a%c"), ("axb", "a_b"), ("Lopez", "lopes"), (None, "x")]


@pytest.mark.parametrize(("text", "words"), FOUND + NOT_FOUND)
def test_matches_ignores_case_and_diacritics_and_takes_words_literally(app, text, words):
    with app.app_context():
        found = db_session().scalar(sa.select(matches(words, sa.literal(text, sa.String))))
    assert found is ((text, words) in FOUND)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 4 ", 4),
        ("abc", 1),
        ("-1", 1),
        ("0", 1),
        ("2.5", 1),
        ("\u0663", 1),
        ("9" * 40, MAX_PAGE),
    ],
)
def test_page_numbers_never_fail(value, number):
    assert page_number(value) == number


def test_page_links_skip_the_middle_of_long_lists():
    page = Page(items=list(range(10)), number=10, size=10, total=200)
    assert page.pages == 20 and page.has_previous and page.has_next
    assert page.numbers() == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert (page.first_item, page.last_item) == (91, 100)
    empty = Page(items=[], number=1, size=10, total=0)
    assert empty.pages == 1 and not empty.has_next and empty.first_item == 0

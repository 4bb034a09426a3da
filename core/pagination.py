"""Lists cut into pages in SQL: the page asked for, the total, and links that keep the filters.

Every paginated list (the home page, the registries, the review queue) reads its page number
with ``page_number`` and its rows with ``paginate``: two queries, however many rows there are.
A page number that is not a positive whole number reads as the first page; one past the end
reads as the last, so a stale link or a hand-typed ``?page=abc`` never fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import request, url_for

from core.db import db_session

# a page number above this is taken for this (and then for the last page)
MAX_PAGE = 100_000


def page_number(value: str | None) -> int:
    """``value`` (a query-string argument) as a page number: 1 unless it is a whole number
    from 1 to ``MAX_PAGE``, which it is clamped to."""
    text = (value or "").strip()
    if not text.isdigit() or not text.isascii():
        return 1
    return min(max(int(text[:7]), 1), MAX_PAGE)


@dataclass(frozen=True)
class Page:
    """One page of a list: its ``items``, its ``number`` (from 1), and the ``total`` of rows."""

    items: list[Any]
    number: int
    size: int
    total: int
    param: str = "page"

    @property
    def pages(self) -> int:
        return max((self.total + self.size - 1) // self.size, 1)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_item(self) -> int:
        """The position (from 1) of the first item on this page, 0 when there is none."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last_item(self) -> int:
        return (self.number - 1) * self.size + len(self.items)

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers to link to: the first, the last and those ``around`` this one,
        with ``None`` where pages are skipped."""
        wanted = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        shown: list[int | None] = []
        for n in sorted(n for n in wanted if 1 <= n <= self.pages):
            if shown and n - (shown[-1] or 0) > 1:
                shown.append(None)
            shown.append(n)
        return shown

    def url(self, number: int) -> str:
        """This page's address with page ``number``, keeping every other argument."""
        return url_with(**{self.param: number if number > 1 else None})


def url_with(**changes: Any) -> str:
    """The current address with the query-string arguments ``changes`` set (``None``
    removes one), the others kept as they are."""
    args: dict[str, Any] = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def paginate(query: sa.Select, args: Mapping[str, str], *, size: int, param: str = "page") -> Page:
    """The page of ``query`` (ordered, selecting one entity) that ``args[param]`` asks for.

    One query counts the rows, one fetches the page with LIMIT and OFFSET; a number past the
    end gives the last page.
    """
    session = db_session()
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    pages = max((total + size - 1) // size, 1)
    number = min(page_number(args.get(param)), pages)
    items = session.scalars(query.limit(size).offset((number - 1) * size)).all()
    return Page(items=list(items), number=number, size=size, total=total, param=param)

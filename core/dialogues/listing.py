"""The home page's list of dialogues: who may see which, what the visitor searched and filtered.

``viewable_by`` is the SQL form of the rule the dialogue page applies to one dialogue (a
draft is seen only by those who may see its draft: ``can(user, "dialogue.view_draft", d)``),
so that the list can be filtered, counted and cut into pages by the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from core.auth import can
from core.db import db_session
from core.models import Dialogue, DialogueStatus, Role, Series
from core.search import fold, folded, matches, search_words

FIRST_YEAR, LAST_YEAR = 1900, 2999


def viewable_by(user: Any) -> sa.ColumnElement[bool]:
    """Which dialogues ``user`` may see: the published and closed ones, and the drafts of
    those they organise (every draft for administrators and organisers of every dialogue)."""
    public = Dialogue.status != DialogueStatus.DRAFT
    if not getattr(user, "is_authenticated", False):
        return public
    if user.is_admin or user.has_role(Role.ORGANISER):
        return sa.true()
    own = [g.dialogue_id for g in user.grants if g.role == Role.ORGANISER and g.dialogue_id]
    return sa.or_(public, Dialogue.id.in_(own)) if own else public


def may_see(user: Any, dialogue: Dialogue) -> bool:
    """The same rule for one dialogue already loaded."""
    return dialogue.is_public or can(user, "dialogue.view_draft", dialogue)


@dataclass(frozen=True)
class DialogueFilters:
    """What the visitor asked for: words in the title or theme, a series, a year, a country."""

    words: str = ""
    series: str = ""
    year: int | None = None
    country: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> DialogueFilters:
        year_text = (args.get("year") or "").strip()
        year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
        return cls(
            words=search_words(args.get("q")),
            series=(args.get("series") or "").strip()[:80],
            year=year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None,
            country=(args.get("country") or "").strip()[:120],
        )

    @property
    def active(self) -> bool:
        return bool(self.words or self.series or self.year or self.country)

    def apply(self, query: sa.Select) -> sa.Select:
        if self.words:
            query = query.where(matches(self.words, Dialogue.title, Dialogue.theme, Dialogue.city))
        if self.series:
            query = query.where(
                Dialogue.series_id.in_(sa.select(Series.id).where(Series.slug == self.series))
            )
        if self.year is not None:
            start = datetime(self.year, 1, 1, tzinfo=UTC)
            query = query.where(
                Dialogue.starts_at >= start, Dialogue.starts_at < start.replace(year=self.year + 1)
            )
        if self.country:
            query = query.where(folded(Dialogue.country) == folded(sa.literal(self.country)))
        return query


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: every series, and the years and countries of the dialogues the
    viewer may see (a draft's country is no clue to a visitor)."""

    series: list[tuple[str, str]]
    years: list[int]
    countries: list[str]


def filter_choices(visible: sa.ColumnElement[bool]) -> FilterChoices:
    session = db_session()
    series = session.execute(sa.select(Series.slug, Series.name).order_by(Series.name)).all()
    starts = session.scalars(sa.select(Dialogue.starts_at).where(visible)).all()
    countries = session.scalars(
        sa.select(Dialogue.country).where(visible, Dialogue.country != "").distinct()
    ).all()
    return FilterChoices(
        series=[(row.slug, row.name) for row in series],
        years=sorted({moment.year for moment in starts}, reverse=True),
        countries=sorted({fold(c): c for c in countries}.values(), key=fold),
    )

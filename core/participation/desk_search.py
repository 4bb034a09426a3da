"""Finding a person at the check-in desk by name or badge number, with who is already in.

A name matches whatever its case and accents ("celine" finds Céline, "NGUYEN" finds Nguyễn),
in the name a participant is known by or in their own script, and only where the visibility
rule names them to the desk. Only the dialogue's accredited or checked-in people are found.
The names are compared in SQL (``core.search``), so the desk asks a fixed number of queries,
however many people take part: who the viewer is, the people found, their entries of today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.db import db_session
from core.models import CheckInEntry, Participation, ParticipationStatus, Person, User
from core.participation.check_in import Desk
from core.search import matches, search_words
from core.visibility import ParticipantView, Viewer, view_participation

FOUND_AT_MOST = 20
BADGE_NUMBER = re.compile(r"^(?:no\.?|#|badge)?\s*(\d{1,9})$", re.IGNORECASE)
AT_THE_DESK = (ParticipationStatus.ACCREDITED, ParticipationStatus.ATTENDED)


@dataclass(frozen=True)
class Found:
    """One person the desk found, and when they came in today (``None``: not yet)."""

    participation: Participation
    view: ParticipantView
    in_point_since: datetime | None
    in_today_since: datetime | None


def find(desk: Desk, user: User, query: str) -> tuple[list[Found], bool]:
    """The people of the desk's dialogue matching ``query``, and whether there were more."""
    query = search_words(query)
    if not query:
        return [], False
    viewer = Viewer.for_dialogue(user, desk.dialogue)
    holders = (
        sa.select(Participation)
        .join(Person, Person.id == Participation.person_id)
        .where(
            Participation.dialogue_id == desk.dialogue.id,
            Participation.status.in_(AT_THE_DESK),
        )
    )
    number = BADGE_NUMBER.match(query)
    if number:
        holders = holders.where(Participation.badge_number == int(number.group(1)))
    else:
        holders = holders.where(matches(query, Person.name, Person.name_original_script))
    rows = db_session().scalars(
        holders.options(joinedload(Participation.person), joinedload(Participation.organisation))
        .order_by(Participation.badge_number, Participation.id)
        .limit(FOUND_AT_MOST + 1)
    )
    seen = [(p, view_participation(viewer, p)) for p in rows]
    # a name the visibility rule does not show the desk is not found by it
    shown = [(p, view) for p, view in seen if number or view.named]
    more = len(shown) > FOUND_AT_MOST
    shown = shown[:FOUND_AT_MOST]
    entries = _entries(desk, [p.id for p, _view in shown])
    found = [
        Found(
            participation=p,
            view=view,
            in_point_since=next(
                (at for pid, point, _d, at in entries if (pid, point) == (p.id, desk.point.key)),
                None,
            ),
            in_today_since=min(
                (at for pid, _point, day, at in entries if pid == p.id and day == desk.today),
                default=None,
            ),
        )
        for p, view in shown
    ]
    return found, more


def _entries(desk: Desk, ids: list[int]) -> list[tuple[int, str, date, datetime]]:
    """The entries of today and of the desk's point of the participations ``ids``."""
    if not ids:
        return []
    rows = db_session().execute(
        sa.select(
            CheckInEntry.participation_id,
            CheckInEntry.point,
            CheckInEntry.day,
            CheckInEntry.checked_in_at,
        )
        .where(CheckInEntry.participation_id.in_(ids))
        .where(sa.or_(CheckInEntry.day == desk.today, CheckInEntry.point == desk.point.key))
    )
    return [tuple(row) for row in rows]

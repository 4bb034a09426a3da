"""Who may join a session online: the dialogue's organisers, and accredited participants (or
those who attended) whose category the session admits."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.plugin_api import TAKING_PART, Participation, Standing, Viewer, db_session
from plugins.sessions.models import FeedKey
from plugins.sessions.releases import Released


@dataclass(frozen=True)
class Access:
    organiser: bool = False
    # the viewer's category when they take part (accredited or attended), else None
    category: str | None = None

    def may_join(self, session: Released) -> bool:
        if not session.online_url or session.cancelled:
            return False
        return self.organiser or (self.category is not None and session.may_attend(self.category))


@dataclass(frozen=True)
class Own:
    """The signed-in viewer's own participation in a dialogue, with their feed key."""

    participation: Participation
    key: FeedKey | None


def own_participation(viewer: Viewer) -> Own | None:
    """One query, and none for a visitor who is not signed in."""
    if viewer.person_id is None or viewer.dialogue_id is None:
        return None
    row = (
        db_session()
        .execute(
            sa.select(Participation, FeedKey)
            .outerjoin(FeedKey, FeedKey.participation_id == Participation.id)
            .where(
                Participation.dialogue_id == viewer.dialogue_id,
                Participation.person_id == viewer.person_id,
            )
        )
        .first()
    )
    return Own(row[0], row[1]) if row else None


def access_for(viewer: Viewer, own: Own | None) -> Access:
    if viewer.standing >= Standing.ORGANISER:
        return Access(organiser=True)
    if own is not None and own.participation.status in TAKING_PART:
        return Access(category=own.participation.category.value)
    return Access()

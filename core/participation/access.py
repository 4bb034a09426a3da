"""Who may act for a participation: the person, their organisation's focal point, the
dialogue's organisers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload

from core.auth import can
from core.db import db_session
from core.models import Dialogue, FocalPoint, Participation


def acts_for(user, participation: Participation) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if can(user, "dialogue.review", participation.dialogue):
        return True
    if participation.person.user_id == user.id:
        return True
    return is_focal_point(user, participation.organisation_id)


def is_focal_point(user, organisation_id: int | None) -> bool:
    if organisation_id is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db_session().scalar(
            sa.select(FocalPoint.id).where(
                FocalPoint.user_id == user.id, FocalPoint.organisation_id == organisation_id
            )
        )
        is not None
    )


def participation_acted_for(user, dialogue: Dialogue, participation_id: int) -> Participation:
    """The participation ``participation_id`` of ``dialogue``, with its person and organisation,
    if ``user`` acts for it; 404 otherwise, so that nobody learns which ids exist."""
    participation = db_session().get(
        Participation,
        participation_id,
        options=[joinedload(Participation.person), joinedload(Participation.organisation)],
    )
    if participation is None or participation.dialogue_id != dialogue.id:
        abort(404)
    if not acts_for(user, participation):
        abort(404)
    return participation

"""Who may act for a participation: the person, their organisation's focal point, the
dialogue's organisers."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth import can
from core.db import db_session
from core.models import FocalPoint, Participation


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

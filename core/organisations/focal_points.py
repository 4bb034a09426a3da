"""Who speaks for an organisation: its focal points, added (by an organiser, or with an
accepted invitation) and listed. The organisers' pages are ``focal_point_views``."""

from __future__ import annotations

import sqlalchemy as sa

from core import audit
from core.db import db_session
from core.models import FocalPoint, Organisation, User
from core.participation.access import is_focal_point


def add_focal_point(user: User, organisation: Organisation, **details) -> None:
    """Make ``user`` a focal point of ``organisation`` (not committed), audited; idempotent."""
    if is_focal_point(user, organisation.id):
        return
    db_session().add(FocalPoint(user_id=user.id, organisation_id=organisation.id))
    audit.record("focal_point.added", organisation, user_id=user.id, **details)


def focal_points_of(organisation: Organisation) -> list[tuple[int, User]]:
    rows = db_session().execute(
        sa.select(FocalPoint.id, User)
        .join(User, User.id == FocalPoint.user_id)
        .where(FocalPoint.organisation_id == organisation.id)
        .order_by(User.name)
    )
    return [(row[0], row[1]) for row in rows]

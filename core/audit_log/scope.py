"""Which audit entries a user may read, and the choices of the page's filters within them.

Administrators read every entry. An organiser reads the entries of the dialogues they
organise (every dialogue's, with a global grant), and nothing else: entries without a
dialogue (accounts, roles, the registry) are the administrators' alone. Organisers may see
everyone taking part in their dialogues (``core.visibility``), so nothing in those entries is
hidden from them; the entries themselves name nobody but the acting account
(``core.models.audit``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Dialogue, Role, User


def scope(user: User | Any) -> sa.ColumnElement[bool] | None:
    """The condition on ``audit_event`` of what ``user`` may read; ``None``: nothing at all."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_admin:
        return sa.true()
    organised = [g.dialogue_id for g in user.grants if g.role == Role.ORGANISER]
    if not organised:
        return None
    if None in organised:  # a global grant: every dialogue
        return AuditEvent.dialogue_id.is_not(None)
    return AuditEvent.dialogue_id.in_(organised)


def dialogues(condition: sa.ColumnElement[bool]) -> list[tuple[int, str]]:
    """The dialogues whose entries ``condition`` admits, newest first: (id, title)."""
    within = sa.select(AuditEvent.dialogue_id).where(condition, AuditEvent.dialogue_id.is_not(None))
    return [
        (row.id, row.title)
        for row in db_session().execute(
            sa.select(Dialogue.id, Dialogue.title)
            .where(Dialogue.id.in_(within))
            .order_by(Dialogue.starts_at.desc(), Dialogue.id)
        )
    ]


def actors(condition: sa.ColumnElement[bool]) -> list[tuple[int, str]]:
    """The accounts that acted in the entries ``condition`` admits, by name: (id, name)."""
    within = sa.select(AuditEvent.actor_id).where(condition, AuditEvent.actor_id.is_not(None))
    return [
        (row.id, row.name)
        for row in db_session().execute(
            sa.select(User.id, User.name).where(User.id.in_(within)).order_by(User.name, User.id)
        )
    ]


def kinds(condition: sa.ColumnElement[bool]) -> list[str]:
    """The kinds of entry (``action``) present among those ``condition`` admits."""
    return list(
        db_session().scalars(
            sa.select(AuditEvent.action).where(condition).distinct().order_by(AuditEvent.action)
        )
    )

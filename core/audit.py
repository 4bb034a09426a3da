"""Writing to the audit log. Call ``record`` in the same transaction as the decision."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from core.db import db_session
from core.models import AuditEvent


def record(
    action: str,
    obj: Any,
    *,
    reason: str = "",
    dialogue_id: int | None = None,
    actor_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit entry for ``action`` on ``obj`` (not committed: the caller commits).

    ``actor_id`` defaults to the logged-in user. ``details`` must not carry personal data.
    """
    session = db_session()
    if getattr(obj, "id", 0) is None:
        session.flush()
    if actor_id is None and current_user and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        dialogue_id=dialogue_id,
        actor_id=actor_id,
        reason=reason,
        details=details,
    )
    session.add(event)
    return event

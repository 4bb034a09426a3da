"""Who may draft, approve and follow up a dialogue's outcome record.

The rapporteurs and chairs of a dialogue draft it, record its recommendations and their
follow-up; so do its organisers. Approving is for the approvers alone (``approval.approvers``).
"""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from core.plugin_api import Dialogue, Role, can


def may_draft(user, dialogue: Dialogue) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        can(user, "dialogue.edit", dialogue)
        or user.has_role(Role.RAPPORTEUR, dialogue.id)
        or user.has_role(Role.CHAIR, dialogue.id)
    )


def require_drafter(dialogue: Dialogue) -> None:
    """Abort unless the current user may draft ``dialogue``'s outcome record."""
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    if not may_draft(current_user, dialogue):
        abort(403)

"""Who may do what. Every route asks ``can`` (or uses ``require``) before acting.

Administrators may do everything, and they alone manage users and roles. Organisers with a
global grant manage series, dialogues and the registry of organisations and people; an
organiser granted one dialogue manages that dialogue only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app
from flask_login import current_user

from core.models import Dialogue, Role, User

# the registry of organisations and people spans every dialogue and holds contact details of
# people at risk: only organisers of every dialogue manage it
GLOBAL_ORGANISER_ACTIONS = {
    "series.manage",
    "dialogue.create",
    "organisation.manage",
    "person.manage",
}
DIALOGUE_ACTIONS = {
    "dialogue.edit",
    "dialogue.view_draft",
    "dialogue.publish",
    "dialogue.review",
    "dialogue.check_in",
}


def can(user: User | Any, action: str, dialogue: Dialogue | None = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    if action == "users.manage":
        return False
    if action in GLOBAL_ORGANISER_ACTIONS:
        return user.has_role(Role.ORGANISER)
    if action in DIALOGUE_ACTIONS:
        return dialogue is not None and user.has_role(Role.ORGANISER, dialogue.id)
    return False


def has_confirmed_address(user: User | Any) -> bool:
    """Whether ``user`` has confirmed their address by the link Parley sent to it.

    The one rule for what an unconfirmed account may not do: register an organisation or
    people, answer an organisation's invitation, be made a focal point, or stand as a
    participant in a dialogue (``core/auth/verified.py`` refuses the routes,
    ``Viewer.for_dialogue`` the standing). Until then anyone could act as the owner of an
    address they typed.
    """
    return bool(getattr(user, "is_authenticated", False)) and user.email_verified_at is not None


def require(action: str) -> Callable:
    """Route decorator: 401 to the log-in page for visitors, 403 for users without ``action``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require_dialogue(action: str, dialogue: Dialogue) -> None:
    """Abort unless the current user may take ``action`` on ``dialogue``."""
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    if not can(current_user, action, dialogue):
        abort(403)

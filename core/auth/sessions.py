"""Ending an account's sessions, on every device or on every device but this one.

A session and a remember-me cookie carry the account's session version (``User.get_id``);
raising it ends them all at their next request. The browser that made the change signs in
again with the new version, so that it alone stays in, remembered if it was.
"""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user, login_user

from core.models import User


def end_other_sessions(user: User) -> None:
    """End every session of ``user``; this browser stays signed in if it was ``user``'s.
    Not committed."""
    here = current_user.is_authenticated and current_user.id == user.id
    user.end_sessions()
    if here:
        cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        login_user(user, remember=bool(request.cookies.get(cookie)))

"""Log-in, roles and the permission checks used by every route.

The sign-in, recovery, account and two-factor pages import ``can`` and ``require`` from here, so
``create_app`` registers their blueprints, not ``init_app``.
"""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from core.auth.permissions import can, require
from core.db import db_session
from core.models import User

__all__ = ["can", "init_app", "require"]


def init_app(app: Flask) -> None:
    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.login_message = "Sign in to see this page."
    manager.session_protection = "strong"
    manager.init_app(app)

    @manager.user_loader
    def load_user(token: str) -> User | None:
        """The user of a session or remember-me cookie, unless its session version has ended."""
        user_id, _, version = token.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        # the grants with the user, in one query: every page asks what the user may do
        user = db_session().get(User, int(user_id), options=[joinedload(User.grants)])
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

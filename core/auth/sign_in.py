"""Completing a sign-in: the password first, then the second factor when the account has one.

A right password for an account with a second factor signs nobody in: it leaves a pending
sign-in in the session, signed and dated, naming the account and its session version, which
``/login/two-factor`` accepts for five minutes. Every attempt at either step draws from one
budget per address (``sign_in_limit``, ``LOGIN_RATE_LIMIT``), so a second factor gives no more
guesses at a password, nor a password more guesses at a code.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, session, url_for
from flask_login import login_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from core.auth import devices
from core.db import db_session, utcnow
from core.models import User
from core.security import limiter

PENDING = "two_factor_pending"
PENDING_SECONDS = 5 * 60

# one budget for the password and the code: both routes take from the "sign-in" scope
sign_in_limit = limiter.shared_limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], scope="sign-in", methods=["POST"]
)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="parley.sign-in.pending")


def begin(user: User, *, remember: bool, next_url: str):
    """The answer to a right password: signed in, or asked for the second factor."""
    if not user.has_two_factor:
        complete(user, remember=remember)
        db_session().commit()
        return redirect(next_url)
    session[PENDING] = _serializer().dumps(
        {"user": user.id, "version": user.session_version, "remember": remember, "next": next_url}
    )
    return redirect(url_for("two_factor.challenge"))


def pending() -> tuple[User, dict[str, Any]] | None:
    """The account of the pending sign-in and its state, unless missing, expired or stale
    (the account was deactivated, lost its second factor or had its sessions ended)."""
    token = session.get(PENDING)
    if not token:
        return None
    try:
        state = _serializer().loads(token, max_age=PENDING_SECONDS)
    except (SignatureExpired, BadSignature):
        session.pop(PENDING, None)
        return None
    user = db_session().get(User, state["user"])
    if (
        user is None
        or not user.active
        or not user.has_two_factor
        or user.session_version != state["version"]
    ):
        session.pop(PENDING, None)
        return None
    return user, state


def abandon() -> None:
    session.pop(PENDING, None)


def complete(user: User, *, remember: bool) -> None:
    """Sign ``user`` in on this browser: the session, the time, the device. Not committed."""
    session.pop(PENDING, None)
    login_user(user, remember=remember)
    user.last_login_at = utcnow()
    devices.check(user)

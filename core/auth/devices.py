"""The browsers an account signs in from, known by a random token in a long-lived cookie.

Only the token's SHA-256 is kept, with the browser's user agent. A sign-in from a browser the
account does not know is told to its owner (``new_device``), except the account's very first
one: a new account has no device to compare with, and its owner just signed up.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import Response, after_this_request, current_app, request

from core.auth.security_events import announce
from core.db import db_session, utcnow
from core.models import KnownDevice, User

COOKIE = "parley_device"
LIFETIME = timedelta(days=400)  # the longest a browser keeps a cookie
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")

# (pattern in the user agent, name), most specific first
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe(user_agent: str) -> str:
    """``Firefox on Linux``: the browser's family and system, nothing that singles it out."""
    browser = next((name for key, name in _BROWSERS if key in user_agent), "A browser")
    system = next((name for key, name in _SYSTEMS if key in user_agent), "")
    return f"{browser} on {system}" if system else browser


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _set_cookie(token: str) -> None:
    @after_this_request
    def remember_browser(response: Response) -> Response:
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(LIFETIME.total_seconds()),
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response


def check(user: User) -> bool:
    """Note this sign-in's browser; True when the account did not know it (and was told).

    Called as a sign-in completes, before the caller commits. The cookie is (re)sent with the
    response, so a browser in use stays known.
    """
    session = db_session()
    now = utcnow()
    session.execute(
        sa.delete(KnownDevice).where(
            KnownDevice.user_id == user.id, KnownDevice.last_seen_at < now - LIFETIME
        )
    )
    token = request.cookies.get(COOKIE, "")
    if not _TOKEN.match(token):
        token = secrets.token_urlsafe(32)
    agent = (request.user_agent.string or "")[:300]
    device = session.scalar(
        sa.select(KnownDevice).where(
            KnownDevice.user_id == user.id, KnownDevice.token_hash == _hash(token)
        )
    )
    _set_cookie(token)
    if device is not None:
        device.last_seen_at = now
        device.user_agent = agent
        return False
    first = session.scalar(sa.select(KnownDevice.id).where(KnownDevice.user_id == user.id)) is None
    session.add(KnownDevice(user_id=user.id, token_hash=_hash(token), user_agent=agent))
    if first:
        return False
    announce(user, "new_device", device=describe(agent))
    return True

"""The signed links an account is sent: confirm the address, reset the password, move to a new
address.

A link is an itsdangerous token, signed with the instance's secret and a salt of its own per
purpose, so that a link made for one purpose is no link for another. It carries the account's
id, the moment it was made (it expires) and a fingerprint of what it was made against: the
password hash, the session version and the address (Django's PasswordResetTokenGenerator does
the same). Once the password, the address or the session version changes, or the address is
confirmed, the fingerprint no longer matches and the link is void: a link works once, and no
table of used links is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from core.db import db_session
from core.models import User

VERIFY = "verify"
RESET = "reset"
NEW_EMAIL = "new-email"
PURPOSES = (VERIFY, RESET, NEW_EMAIL)

# what each link reads of the account: a change to any of it voids the link
_STATE = {
    VERIFY: lambda user: (user.email, user.email_verified_at is None, user.active),
    RESET: lambda user: (user.email, user.password_hash, user.session_version, user.active),
    NEW_EMAIL: lambda user: (user.email, user.password_hash, user.session_version, user.active),
}


def now() -> float:
    """The clock links are dated and checked by (a test may wind it on)."""
    return time.time()


class _Signer(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(now())


class LinkProblem(Exception):
    """A link that cannot be used; ``status`` is the HTTP answer (400 or 410)."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


@dataclass(frozen=True)
class Link:
    user: User
    data: dict[str, Any]


def max_age(purpose: str) -> int:
    """How long a link of ``purpose`` works, in seconds."""
    config = current_app.config
    if purpose == RESET:
        return int(config["RESET_LINK_MINUTES"]) * 60
    return int(config["VERIFICATION_LINK_HOURS"]) * 3600


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"parley.account.{purpose}", signer=_Signer
    )


def _fingerprint(purpose: str, user: User) -> str:
    state = "\x1f".join(map(str, (purpose, user.id, *_STATE[purpose](user))))
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, state.encode(), hashlib.sha256).hexdigest()[:32]


def make(purpose: str, user: User, **data: Any) -> str:
    """A token for ``purpose`` bound to ``user`` as it is now; ``data`` rides along, signed."""
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(purpose, user), **data})


WHAT = {
    VERIFY: "link to confirm your e-mail address",
    RESET: "link to reset your password",
    NEW_EMAIL: "link to confirm your new e-mail address",
}
ASK_AGAIN = {
    VERIFY: "Sign in and ask for a new link on your account page, or ask for one here.",
    RESET: "Ask for a new link on the “Forgot your password?” page.",
    NEW_EMAIL: "Sign in and change your address again on your account page.",
}


def read(purpose: str, token: str | None) -> Link:
    """The account and data of a token of ``purpose``, or ``LinkProblem`` saying why not."""
    what, again = WHAT[purpose], ASK_AGAIN[purpose]
    if not token:
        raise LinkProblem(400, "This link is incomplete", f"This {what} is incomplete. {again}")
    try:
        data = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except SignatureExpired as exc:
        raise LinkProblem(
            410, "This link has expired", f"This {what} has expired. {again}"
        ) from exc
    except BadSignature as exc:
        raise LinkProblem(
            400,
            "This link is not valid",
            f"This is not a valid {what}: it may have been copied incompletely, or it was "
            f"sent for something else. {again}",
        ) from exc
    user_id = data.get("u") if isinstance(data, dict) else None
    user = db_session().get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not hmac.compare_digest(str(data.get("f")), _fingerprint(purpose, user)):
        raise LinkProblem(
            410,
            "This link has been used",
            f"This {what} has been used already, or something it was made for has changed since "
            f"(the password or the address). {again}",
        )
    return Link(user=user, data=data)

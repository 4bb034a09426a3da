"""Helpers of the two-factor tests: an account with a second factor, codes of a given time."""

from __future__ import annotations

import re
import time

import pyotp
import sqlalchemy as sa

from core.auth import two_factor
from core.db import db_session
from core.models import OutboxMessage, User
from tests import factories


def with_two_factor(user: User) -> tuple[str, list[str]]:
    """Turn on ``user``'s second factor (its last step used a while ago); the secret and
    the recovery codes. Not committed."""
    secret = two_factor.new_secret()
    codes = two_factor.enable(user, secret, int(time.time()) // two_factor.STEP - 10)
    return secret, codes


def code(secret: str, shift: int = 0) -> str:
    """The code of ``secret`` ``shift`` steps from now."""
    return pyotp.TOTP(secret).at(time.time() + shift * two_factor.STEP)


def password_step(client, user: User, **extra):
    return client.post(
        "/login", data={"email": user.email, "password": factories.PASSWORD, **extra}
    )


def signed_in(client) -> bool:
    """Whether the client's session is signed in (a page for signed-in users only answers)."""
    return client.get("/account/two-factor").status_code == 200


def messages(kind: str) -> list[OutboxMessage]:
    return list(db_session().scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)))


def key_on_page(html: str) -> str:
    """The secret the set-up page shows as text for typing into an app."""
    return re.search(r'<code id="secret-key">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")

"""Badge numbers and the signed tokens their QR codes carry.

A token names the participation, its dialogue and the participation's token version. It is
signed with the secret key, so it cannot be forged; bumping ``token_version`` (on rejection,
withdrawal or a reissued badge) revokes every token issued before.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from core.db import db_session
from core.models import Dialogue, Participation

SALT = "parley.badge"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def badge_token(participation: Participation) -> str:
    return _serializer().dumps(
        [participation.id, participation.dialogue_id, participation.token_version]
    )


@dataclass(frozen=True)
class TokenClaim:
    participation_id: int
    dialogue_id: int
    version: int


def read_token(token: str) -> TokenClaim | None:
    """What a token claims, or None when it was not signed by this Parley."""
    try:
        data = _serializer().loads(token.strip())
    except BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 3 and all(isinstance(x, int) for x in data)):
        return None
    return TokenClaim(*data)


def qr_svg(token: str) -> Markup:
    """The token as an inline SVG QR code (no image request, no script)."""
    return Markup(segno.make(token, error="m").svg_inline(scale=4, border=2, dark="#0b0c0c"))


def next_badge_number(dialogue_id: int) -> int:
    """The next free badge number of a dialogue. Holds the dialogue's row lock until the
    transaction ends, so two accreditations never get the same number."""
    session = db_session()
    session.execute(sa.update(Dialogue).where(Dialogue.id == dialogue_id).values(id=Dialogue.id))
    highest = session.scalar(
        sa.select(sa.func.max(Participation.badge_number)).where(
            Participation.dialogue_id == dialogue_id
        )
    )
    return (highest or 0) + 1

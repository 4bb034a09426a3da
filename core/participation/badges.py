"""Badge numbers, the tokens their QR codes carry, and who is shown a badge.

A token names the participation, its dialogue and the participation's token version, sealed
(``core.sealed``: encrypted and authenticated under a key of the instance's own), so that it
can be neither forged nor read: the QR code of a badge seen in the room tells nobody which
participation it is. The same participation and version always give the same token; bumping
``token_version`` (on rejection, withdrawal, suspension, erasure or a reissued badge) revokes
every token issued before.

Badges printed before tokens were sealed carried the participation's number in clear, signed:
they no longer check in, and the desk is told to print the holder's badge again.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from core.db import db_session
from core.hooks import hooks
from core.models import Dialogue, Participation, ParticipationStatus
from core.sealed import seal, unseal

PURPOSE = "badge"
LEGACY_SALT = "parley.badge"  # the signed tokens of badges printed before
WITH_BADGE = (ParticipationStatus.ACCREDITED, ParticipationStatus.ATTENDED)


def badge_token(participation: Participation) -> str:
    return seal(PURPOSE, participation.id, participation.dialogue_id, participation.token_version)


@dataclass(frozen=True)
class TokenClaim:
    participation_id: int
    dialogue_id: int
    version: int


def read_token(token: str) -> TokenClaim | None:
    """What a token claims, or None when this Parley did not make it (or it was altered)."""
    numbers = unseal(PURPOSE, token, 3)
    return TokenClaim(*numbers) if numbers else None


def is_legacy_token(token: str) -> bool:
    """Whether ``token`` is the code of a badge printed before tokens were sealed."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=LEGACY_SALT)
    try:
        serializer.loads(token.strip())
    except BadSignature:
        return False
    return True


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


def with_badges(participations: list[Participation]) -> tuple[list[Participation], int]:
    """The participations that are shown a badge, and how many others are withheld: only an
    accredited or checked-in one has a badge, and none whose holder a plugin would stop at the
    door now (a confirmed match, an alert awaiting review). Plugins answer for all at once."""
    candidates = [p for p in participations if p.status in WITH_BADGE]
    withheld = hooks().withheld_badges(participations=candidates)
    shown = [p for p in candidates if p.id not in withheld]
    return shown, len(participations) - len(shown)

"""Personal calendar links: sealed, revocable, and 404 for anything not currently valid.

A link carries the participation and its key's version, sealed (``core.sealed``: encrypted and
authenticated under a key of the instance's own), so that it can be neither forged nor guessed,
nor read: the link tells nobody which participation it is. Issuing a new link or revoking bumps
the version: every link given before stops working, and a stopped link answers exactly as a
forged one does. Links made before links were sealed (signed, with the participation's number
in clear) stop working too: the participant gets a new one on the programme page.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.plugin_api import (
    TAKING_PART,
    Participation,
    ParticipationStatus,
    Standing,
    Viewer,
    db_session,
    seal,
    unseal,
)
from plugins.sessions.models import FeedKey

PURPOSE = "sessions calendar link"
# a participation in these states has no programme of its own any more
ENDED = (ParticipationStatus.WITHDRAWN, ParticipationStatus.REJECTED)


def feed_token(key: FeedKey) -> str:
    return seal(PURPOSE, key.participation_id, key.version)


def issue(participation: Participation, key: FeedKey | None) -> FeedKey:
    """A new link for ``participation``, revoking any link given before (not committed)."""
    if key is None:
        key = FeedKey(participation_id=participation.id, version=1, active=True)
        db_session().add(key)
    else:
        key.version += 1
        key.active = True
    db_session().flush()
    return key


def revoke(key: FeedKey) -> None:
    key.version += 1
    key.active = False


def holder(token: str) -> Participation | None:
    """The participation whose current, active link ``token`` is, or None."""
    numbers = unseal(PURPOSE, token, 2)
    if numbers is None:
        return None
    participation_id, version = numbers
    row = (
        db_session()
        .execute(
            sa.select(FeedKey, Participation)
            .join(Participation, Participation.id == FeedKey.participation_id)
            .where(FeedKey.participation_id == participation_id)
            .options(joinedload(Participation.dialogue), joinedload(Participation.person))
        )
        .first()
    )
    if row is None:
        return None
    key, participation = row
    if not key.active or key.version != version or participation.status in ENDED:
        return None
    if not participation.dialogue.is_public:
        return None
    return participation


def viewer_for(participation: Participation) -> Viewer:
    """Whom a personal feed is for. The link is a bearer secret that may be forwarded, so it
    never shows more than the participant's own standing, even to an organiser's link."""
    taking_part = participation.status in TAKING_PART
    return Viewer(
        dialogue_id=participation.dialogue_id,
        user_id=participation.person.user_id,
        person_id=participation.person_id,
        standing=Standing.PARTICIPANT if taking_part else Standing.VISITOR,
    )

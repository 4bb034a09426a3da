"""Accrediting one registration: the organisers' decision (``core.participation.review``) and
a registration in a category that needs no approval (``core.participation.registration``) both
come here, so neither of those modules imports the other to accredit."""

from __future__ import annotations

from core.db import utcnow
from core.models import Participation, ParticipationStatus, User
from core.participation.badges import next_badge_number
from core.participation.status import change_status, lock_participation


class DecisionRefused(Exception):
    """The decision does not fit the participation's state; the message says why."""


def accredit(participation: Participation, *, actor: User | None, reason: str = "") -> None:
    """Accredit and give a badge number. Commits; raises ``GateBlocked`` or
    ``DecisionRefused`` (saving nothing)."""
    if participation.status == ParticipationStatus.SUSPENDED:
        raise DecisionRefused(
            "This accreditation is suspended because a screening match was confirmed: it comes "
            "back only when the match is overridden on the Screening tab. Reject it to end it."
        )
    if participation.status not in (ParticipationStatus.REGISTERED, ParticipationStatus.PENDING):
        raise DecisionRefused(
            f"Only registered people can be accredited; this one is {participation.status.value}."
        )
    lock_participation(participation)
    if participation.badge_number is None:
        participation.badge_number = next_badge_number(participation.dialogue_id)
    participation.decided_at = utcnow()
    participation.decided_by_id = actor.id if actor else None
    change_status(participation, ParticipationStatus.ACCREDITED, actor=actor, reason=reason)

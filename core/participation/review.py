"""Organisers' decisions on registrations: accredit or reject, one or many, always with the
decider, the time and (for a rejection) the reason. A suspended accreditation can be rejected,
not accredited again: only an override of the screening match lifts it. One accreditation is
``core.participation.accreditation.accredit``, which registration uses too."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.db import db_session, utcnow
from core.gate import GateBlocked
from core.models import Participation, ParticipationStatus, User
from core.participation.accreditation import DecisionRefused, accredit
from core.participation.registration import HOLDING_A_PLACE, category_of, promote_waitlisted
from core.participation.status import ParticipationChanged, change_status

DECIDABLE = (
    ParticipationStatus.REGISTERED,
    ParticipationStatus.PENDING,
    ParticipationStatus.WAITLISTED,
    ParticipationStatus.ACCREDITED,
    ParticipationStatus.SUSPENDED,  # rejected, it ends; the waitlist moves up
)


def reject(participation: Participation, *, actor: User, reason: str) -> None:
    """Reject (or revoke an accreditation): the badge's tokens stop working. Commits."""
    if not reason.strip():
        raise DecisionRefused("Give the reason for the rejection.")
    if participation.status not in DECIDABLE:
        raise DecisionRefused(f"This participation is {participation.status.value}.")
    participation.decided_at = utcnow()
    participation.decided_by_id = actor.id
    held_a_place = participation.status in HOLDING_A_PLACE
    participation.token_version += 1
    change_status(participation, ParticipationStatus.REJECTED, actor=actor, reason=reason.strip())
    category = category_of(participation) if held_a_place else None
    if category is not None:
        promote_waitlisted(category, actor=actor)


@dataclass
class BatchReport:
    done: list[Participation] = field(default_factory=list)
    blocked: list[tuple[Participation, str]] = field(default_factory=list)
    refused: list[tuple[Participation, str]] = field(default_factory=list)


def decide_many(
    participations: list[Participation], *, accept: bool, actor: User, reason: str
) -> BatchReport:
    """Apply one decision to each participation in turn; each is its own transaction, so one
    stopped by the gate does not undo the others."""
    report = BatchReport()
    for participation in participations:
        try:
            if accept:
                accredit(participation, actor=actor, reason=reason)
            else:
                reject(participation, actor=actor, reason=reason)
        except GateBlocked as blocked:
            report.blocked.append((participation, blocked.reason))
        except (DecisionRefused, ParticipationChanged) as refused:
            db_session().rollback()
            report.refused.append((participation, str(refused)))
        else:
            report.done.append(participation)
    return report

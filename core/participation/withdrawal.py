"""Withdrawing from a dialogue, with a reason code, and giving the place to the waitlist."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    Invitation,
    InvitationState,
    Participation,
    ParticipationStatus,
    User,
)
from core.participation.registration import category_of, promote_waitlisted
from core.participation.status import change_status

REASONS = {
    "security": "security concerns",
    "non-engagement": "non-engagement policy",
    "scheduling": "scheduling",
    "other": "other reasons",
}
# how the report words the codes that are not a choice on the withdrawal form
REPORTED = {**REASONS, "declined": "declining the invitation"}
FINAL = (ParticipationStatus.WITHDRAWN, ParticipationStatus.REJECTED)


class WithdrawalRefused(Exception):
    pass


def withdraw(
    participation: Participation, *, actor: User | None, reason_code: str, reason: str = ""
) -> list[Participation]:
    """Withdraw ``participation``: its badge stops working and its place, if it held one, goes
    to the waitlist. Commits; returns the people promoted."""
    if reason_code not in REASONS:
        raise WithdrawalRefused("Choose a reason for withdrawing.")
    if participation.status in FINAL:
        raise WithdrawalRefused(f"This participation is already {participation.status.value}.")
    participation.token_version += 1
    change_status(
        participation,
        ParticipationStatus.WITHDRAWN,
        actor=actor,
        reason=reason.strip()[:2000],
        reason_code=reason_code,
        alongside=lambda _findings: _cancel_open_invitations(participation),
    )
    category = category_of(participation)
    return promote_waitlisted(category, actor=actor) if category is not None else []


def _cancel_open_invitations(participation: Participation) -> None:
    """A withdrawn person's invitation link must not register them again."""
    db_session().execute(
        sa.update(Invitation)
        .where(
            Invitation.dialogue_id == participation.dialogue_id,
            Invitation.person_id == participation.person_id,
            Invitation.state.in_((InvitationState.SENT, InvitationState.HELD)),
        )
        .values(state=InvitationState.CANCELLED)
    )


def withdrawal_report(dialogue_id: int) -> list[tuple[Category, str, int]]:
    """How many withdrew, per category and reason: counts only, never names."""
    rows = db_session().execute(
        sa.select(Participation.category, Participation.reason_code).where(
            Participation.dialogue_id == dialogue_id,
            Participation.status == ParticipationStatus.WITHDRAWN,
        )
    )
    counts = Counter((category, code or "other") for category, code in rows)
    return [
        (category, REPORTED.get(code, REASONS["other"]), n)
        for (category, code), n in sorted(counts.items(), key=lambda item: -item[1])
    ]

"""Reviewing a finding: "not the same" or "confirmed match", with a reason, audited.

A confirmed match stops every step for its subject. Overriding it (letting the subject through
all the same) takes a second reviewer when ``VETTING_OVERRIDE_REVIEWERS`` is 2 (the default):
one asks, another agrees or refuses.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from core import audit
from core.db import db_session, utcnow
from core.models import User
from plugins.vetting.models import FindingState, VettingDecision, VettingFinding

# what each action may follow, and the state it leads to
ACTIONS = {
    "clear": ({FindingState.OPEN}, FindingState.CLEARED),
    "confirm": ({FindingState.OPEN, FindingState.CLEARED}, FindingState.CONFIRMED),
    "request_override": ({FindingState.CONFIRMED}, FindingState.OVERRIDE_REQUESTED),
    "approve_override": ({FindingState.OVERRIDE_REQUESTED}, FindingState.OVERRIDDEN),
    "refuse_override": ({FindingState.OVERRIDE_REQUESTED}, FindingState.CONFIRMED),
}
LABELS = {
    "clear": "Not the same",
    "confirm": "Confirmed match",
    "request_override": "Override asked",
    "approve_override": "Override agreed",
    "refuse_override": "Override refused",
}


class ReviewRefused(Exception):
    """The decision cannot be taken; the message says why, for the reviewer."""


def reviewers_for_override() -> int:
    return int(current_app.config.get("VETTING_OVERRIDE_REVIEWERS", 2))


def decide(
    finding: VettingFinding,
    action: str,
    reason: str,
    reviewer: User,
    *,
    seen: FindingState | None = None,
) -> None:
    """Take ``action`` on ``finding`` and commit; raise ``ReviewRefused`` when it cannot be.

    ``seen`` is the state the reviewer decided on (the finding's as read, by default): a
    decision taken meanwhile by someone else makes this one refused rather than silently
    replaced (the row is read again, locked).
    """
    if action not in ACTIONS:
        raise ReviewRefused("Choose a decision.")
    session = db_session()
    expected = seen or finding.state
    # an UPDATE that changes nothing takes the row's lock on PostgreSQL and the write lock on
    # SQLite, and says whether the state is still the one the reviewer decided on
    table = VettingFinding.__table__
    still = session.execute(
        sa.update(table)
        .where(table.c.id == finding.id, table.c.state == expected.value)
        .values(state=table.c.state)
    ).rowcount
    if not still:
        session.rollback()
        raise ReviewRefused(
            "Someone decided on this finding meanwhile. Read it again before deciding."
        )
    finding.state = expected
    apply_decision(finding, action, reason, reviewer)
    session.commit()


def apply_decision(finding: VettingFinding, action: str, reason: str, reviewer: User) -> None:
    """Take ``action`` on ``finding`` in the caller's transaction (checks as ``decide``)."""
    reason = reason.strip()
    if not reason:
        raise ReviewRefused("Give the reason for the decision: it is kept in the record.")
    allowed, target = ACTIONS[action]
    if finding.state not in allowed:
        raise ReviewRefused(f"A finding that is {finding.state.value} cannot take this decision.")
    second = action in ("approve_override", "refuse_override")
    if second and finding.override_requested_by_id == reviewer.id:
        raise ReviewRefused("A second reviewer must agree: you asked for this override.")
    if action == "request_override":
        finding.override_requested_by_id = reviewer.id
        if reviewers_for_override() < 2:
            target = FindingState.OVERRIDDEN
    finding.state = target
    finding.decided_at = utcnow()
    finding.decided_by_id = reviewer.id
    finding.reason = reason
    db_session().add(
        VettingDecision(
            finding_id=finding.id, action=action, state=target, reason=reason, user_id=reviewer.id
        )
    )
    audit.record(
        f"vetting.finding_{action}",
        finding,
        reason=reason,
        actor_id=reviewer.id,
        state=target.value,
        list_id=finding.list_id,
        entry_id=finding.entry_id,
        subject_kind=finding.subject_kind,
        subject_id=finding.subject_id,
    )

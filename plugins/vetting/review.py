"""Reviewing a finding: "not the same" or "confirmed match", with a reason, audited.

A confirmed match stops every step for its subject and suspends, in the decision's own
transaction, the subject's accreditations (``core.plugin_api.suspend_holders``). Overriding it
(letting the subject through all the same) takes a second reviewer when
``VETTING_OVERRIDE_REVIEWERS`` is 2 (the default): one asks, another agrees or refuses; agreed,
the suspended accreditations come back through the gate. Clearing a strong alert (score at or
above ``VETTING_DUAL_CLEARANCE_SCORE``, 0.97 by default) takes a second reviewer too: the first
reviewer's "not the same" asks, a different reviewer agrees (cleared) or refuses (open again,
to be confirmed or cleared anew).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from core.plugin_api import (
    User,
    db_session,
    record_audit,
    reinstate_holders,
    release_held_invitations,
    suspend_holders,
    utcnow,
)
from plugins.vetting.models import FindingState, VettingDecision, VettingFinding

# what each action may follow, and the state it leads to
ACTIONS = {
    "clear": ({FindingState.OPEN}, FindingState.CLEARED),
    "confirm": ({FindingState.OPEN, FindingState.CLEARED}, FindingState.CONFIRMED),
    "request_override": ({FindingState.CONFIRMED}, FindingState.OVERRIDE_REQUESTED),
    "approve_override": ({FindingState.OVERRIDE_REQUESTED}, FindingState.OVERRIDDEN),
    "refuse_override": ({FindingState.OVERRIDE_REQUESTED}, FindingState.CONFIRMED),
    "approve_clearance": ({FindingState.CLEARANCE_REQUESTED}, FindingState.CLEARED),
    "refuse_clearance": ({FindingState.CLEARANCE_REQUESTED}, FindingState.OPEN),
}
LABELS = {
    "clear": "Not the same",
    "confirm": "Confirmed match",
    "request_override": "Override asked",
    "approve_override": "Override agreed",
    "refuse_override": "Override refused",
    "approve_clearance": "Not the same: agreed",
    "refuse_clearance": "Not the same: refused",
}
# the decisions a second reviewer takes, and who asked for them
SECOND = {
    "approve_override": "override_requested_by_id",
    "refuse_override": "override_requested_by_id",
    "approve_clearance": "clearance_requested_by_id",
    "refuse_clearance": "clearance_requested_by_id",
}


class ReviewRefused(Exception):
    """The decision cannot be taken; the message says why, for the reviewer."""


def reviewers_for_override() -> int:
    return int(current_app.config.get("VETTING_OVERRIDE_REVIEWERS", 2))


def dual_clearance_score() -> float:
    return float(current_app.config.get("VETTING_DUAL_CLEARANCE_SCORE", 0.97))


def needs_two_to_clear(finding: VettingFinding) -> bool:
    """A finding this strong is cleared only when a second reviewer agrees."""
    return round(finding.score, 6) >= dual_clearance_score()


def decide(
    finding: VettingFinding,
    action: str,
    reason: str,
    reviewer: User,
    *,
    seen: FindingState | None = None,
) -> int:
    """Take ``action`` on ``finding`` and commit; raise ``ReviewRefused``, rolled back, when it
    cannot be. The invitations the subject's findings held follow the decision: sent when
    nothing stops them any more, held with the reason that now stops them otherwise. Return how
    many were sent.

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
    try:
        apply_decision(finding, action, reason, reviewer)
    except ReviewRefused:
        session.rollback()  # the lock taken above
        raise
    subject = {f"{finding.subject_kind}_id": finding.subject_id}
    if finding.state == FindingState.CONFIRMED:
        # commits the decision with the suspensions, in one transaction
        suspend_holders(**subject, actor=reviewer, reason_code=f"vetting-finding-{finding.id}")
    else:
        session.commit()
    if finding.state == FindingState.OVERRIDDEN:
        reinstate_holders(**subject, actor=reviewer)
    return len(release_held_invitations(**subject, actor=reviewer))


def apply_decision(finding: VettingFinding, action: str, reason: str, reviewer: User) -> None:
    """Take ``action`` on ``finding`` in the caller's transaction (checks as ``decide``)."""
    reason = reason.strip()
    if not reason:
        raise ReviewRefused("Give the reason for the decision: it is kept in the record.")
    allowed, target = ACTIONS[action]
    if finding.state not in allowed:
        raise ReviewRefused(f"A finding that is {finding.state.value} cannot take this decision.")
    if action in SECOND and getattr(finding, SECOND[action]) == reviewer.id:
        asked = "override" if "override" in action else "clearance"
        raise ReviewRefused(f"A second reviewer must decide: you asked for this {asked}.")
    if action == "request_override":
        finding.override_requested_by_id = reviewer.id
        if reviewers_for_override() < 2:
            target = FindingState.OVERRIDDEN
    if action == "clear" and needs_two_to_clear(finding):
        finding.clearance_requested_by_id = reviewer.id
        target = FindingState.CLEARANCE_REQUESTED
    if action == "refuse_clearance":
        finding.clearance_requested_by_id = None  # open again: anyone may decide anew
    finding.state = target
    finding.decided_at = utcnow()
    finding.decided_by_id = reviewer.id
    finding.reason = reason
    db_session().add(
        VettingDecision(
            finding_id=finding.id, action=action, state=target, reason=reason, user_id=reviewer.id
        )
    )
    record_audit(
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

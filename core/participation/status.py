"""Changing a participation's status: gate, audit entry, commit, then the event for plugins."""

from __future__ import annotations

from collections.abc import Callable

from core import audit
from core.db import db_session
from core.gate import STEP_FOR_STATUS, GateBlocked, blocked_event, pass_gate
from core.hooks import hooks
from core.models import Participation, ParticipationStatus, User
from core.participation.notifications import notify_status_change
from core.plugin_api import Finding


def change_status(
    participation: Participation,
    new_status: ParticipationStatus,
    *,
    actor: User | None,
    reason: str = "",
    reason_code: str = "",
    alongside: Callable[[list[Finding]], None] | None = None,
) -> list[Finding]:
    """Move ``participation`` to ``new_status`` and commit; return non-blocking findings.

    ``alongside`` is called with the findings just before the commit, for work that must be
    saved with the change or not at all (an invitation, an e-mail). When a plugin blocks the
    step, the session's pending work is rolled back, the block is recorded in the audit log,
    and ``core.gate.GateBlocked`` is raised.
    """
    old_status = participation.status if participation.id is not None else None
    findings: list[Finding] = []
    step = STEP_FOR_STATUS.get(new_status)
    participation.status = new_status  # plugins see the participation as it would be saved
    session = db_session()
    if step is not None:
        try:
            findings = pass_gate(step, participation, actor)
        except GateBlocked as blocked:
            event = blocked_event(blocked, participation, actor)
            session.rollback()
            if participation.id is None:
                participation.status = old_status
            session.add(event)
            session.commit()
            raise
    participation.findings = [finding.as_record() for finding in findings]
    participation.reason = reason
    participation.reason_code = reason_code
    session.add(participation)
    audit.record(
        "participation.status_changed",
        participation,
        reason=reason,
        dialogue_id=participation.dialogue_id,
        actor_id=actor.id if actor else None,
        old=old_status.value if old_status else None,
        new=new_status.value,
        findings=[f.code for f in findings],
    )
    if alongside is not None:
        alongside(findings)
    notify_status_change(participation, old_status, new_status)
    session.commit()
    hooks().participation_status_changed(
        participation=participation,
        old_status=old_status,
        new_status=new_status,
        actor=actor,
        reason=reason,
    )
    return findings

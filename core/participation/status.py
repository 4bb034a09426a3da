"""Changing a participation's status: gate, audit entry, commit, then the event for plugins."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from core import audit
from core.db import db_session
from core.gate import STEP_FOR_STATUS, GateBlocked, blocked_event, pass_gate
from core.hooks import hooks
from core.models import Participation, ParticipationStatus, User
from core.participation.notifications import notify_status_change
from core.plugin_types import Finding, GateStep


class ParticipationChanged(Exception):
    """Someone else changed the participation since it was read; nothing was saved."""


def lock_participation(participation: Participation) -> None:
    """Hold the participation's row until the transaction ends, and make sure its status is
    still the one this change was decided on; raise ``ParticipationChanged`` otherwise.

    An UPDATE that changes nothing takes the row lock on PostgreSQL and the write lock on
    SQLite, so two changes of one participation run one after the other.
    """
    if participation.id is None:
        return
    session = db_session()
    expected = participation.status
    table = Participation.__table__
    stored = session.execute(
        sa.update(table)
        .where(table.c.id == participation.id)
        .values(token_version=table.c.token_version)
        .returning(table.c.status)
    ).scalar_one_or_none()
    if stored is None or ParticipationStatus(stored) != expected:
        session.rollback()
        now = f"now {ParticipationStatus(stored).value}" if stored else "gone"
        raise ParticipationChanged(
            f"This participation changed meanwhile (it is {now}). Reload the page and try again."
        )


def screen(
    step: GateStep,
    participation: Participation,
    actor: User | None,
    *,
    after_rollback: Callable[[], None] | None = None,
) -> list[Finding]:
    """Ask the gate about ``step`` and tell the plugins what it answered; return the findings.

    A stop is rolled back (``after_rollback`` then mends what the rollback cannot), audited
    (``participation.gate_blocked``), told to the plugins and committed, then raised.
    """
    session = db_session()
    try:
        findings = pass_gate(step, participation, actor)
    except GateBlocked as blocked:
        event = blocked_event(blocked, participation, actor)
        session.rollback()
        if after_rollback is not None:
            after_rollback()
        session.add(event)
        hooks().gate_checked(
            step=step,
            participation=participation,
            findings=blocked.found,
            blocked=True,
            actor=actor,
        )
        session.commit()
        raise
    hooks().gate_checked(
        step=step, participation=participation, findings=findings, blocked=False, actor=actor
    )
    return findings


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

    The participation's row is locked first and its status checked against the one in hand
    (``ParticipationChanged`` if another change came first). ``alongside`` is called with the
    findings just before the commit, for work that must be
    saved with the change or not at all (an invitation, an e-mail). When a plugin blocks the
    step, the session's pending work is rolled back, the block is recorded in the audit log,
    and ``core.gate.GateBlocked`` is raised.
    """
    lock_participation(participation)
    old_status = participation.status if participation.id is not None else None
    findings: list[Finding] = []
    step = STEP_FOR_STATUS.get(new_status)
    participation.status = new_status  # plugins see the participation as it would be saved
    session = db_session()
    if step is not None:

        def restore() -> None:  # a new participation keeps no status it was refused
            if participation.id is None:
                participation.status = old_status

        findings = screen(step, participation, actor, after_rollback=restore)
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

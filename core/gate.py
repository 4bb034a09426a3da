"""The gate: plugins are asked before a participation is invited, registered or accredited."""

from __future__ import annotations

from core.hooks import hooks
from core.models import (
    AuditEvent,
    Dialogue,
    Organisation,
    Participation,
    ParticipationStatus,
    User,
)
from core.plugin_types import Finding, GateStep

STEP_FOR_STATUS = {
    ParticipationStatus.INVITED: GateStep.INVITE,
    ParticipationStatus.REGISTERED: GateStep.REGISTER,
    ParticipationStatus.PENDING: GateStep.REGISTER,
    ParticipationStatus.WAITLISTED: GateStep.REGISTER,
    ParticipationStatus.ACCREDITED: GateStep.ACCREDIT,
    ParticipationStatus.ATTENDED: GateStep.CHECK_IN,
}


class GateBlocked(Exception):
    """A plugin found something that stops the step; ``findings`` say what and why, ``found``
    holds every finding of the gate, blocking or not."""

    def __init__(
        self, step: GateStep, findings: list[Finding], found: list[Finding] | None = None
    ) -> None:
        self.step = step
        self.findings = findings
        self.found = found if found is not None else findings
        self.reason = "; ".join(f.message for f in findings)
        super().__init__(f"The {step.value} step is stopped: {self.reason}")


def pass_gate(step: GateStep, participation: Participation, actor: User | None) -> list[Finding]:
    """Ask every plugin; raise ``GateBlocked`` on a blocking finding, else return the findings."""
    return _stop_if_blocking(
        step, hooks().gate(step=step, participation=participation, actor=actor)
    )


def pass_organisation_gate(
    step: GateStep, organisation: Organisation, dialogue: Dialogue, actor: User | None
) -> list[Finding]:
    """The same for an organisation invited to a dialogue."""
    findings = hooks().organisation_gate(
        step=step, organisation=organisation, dialogue=dialogue, actor=actor
    )
    return _stop_if_blocking(step, findings)


def _stop_if_blocking(step: GateStep, findings: list[Finding]) -> list[Finding]:
    blocking = [f for f in findings if f.blocking]
    if blocking:
        raise GateBlocked(step, blocking, findings)
    return findings


def blocked_event(
    blocked: GateBlocked, participation: Participation, actor: User | None
) -> AuditEvent:
    """The audit entry for a stopped step; made before the caller's work is rolled back."""
    person = participation.person
    return AuditEvent(
        action="participation.gate_blocked",
        object_type="participation",
        object_id=participation.id,
        dialogue_id=participation.dialogue_id,
        actor_id=actor.id if actor else None,
        reason=blocked.reason,
        details={
            "step": blocked.step.value,
            "person_id": participation.person_id or (person.id if person else None),
            "findings": [f"{f.source}:{f.code}" for f in blocked.findings],
        },
    )

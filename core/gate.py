"""The gate: plugins are asked before a participation is invited, registered or accredited."""

from __future__ import annotations

from core.hooks import hooks
from core.models import Participation, ParticipationStatus, User
from core.plugin_api import Finding, GateStep

STEP_FOR_STATUS = {
    ParticipationStatus.INVITED: GateStep.INVITE,
    ParticipationStatus.REGISTERED: GateStep.REGISTER,
    ParticipationStatus.PENDING: GateStep.REGISTER,
    ParticipationStatus.WAITLISTED: GateStep.REGISTER,
    ParticipationStatus.ACCREDITED: GateStep.ACCREDIT,
}


class GateBlocked(Exception):
    """A plugin found something that stops the step; ``findings`` say what and why."""

    def __init__(self, step: GateStep, findings: list[Finding]) -> None:
        self.step = step
        self.findings = findings
        reasons = "; ".join(f.message for f in findings)
        super().__init__(f"The {step.value} step is stopped: {reasons}")


def pass_gate(step: GateStep, participation: Participation, actor: User | None) -> list[Finding]:
    """Ask every plugin; raise ``GateBlocked`` on a blocking finding, else return the findings."""
    findings = hooks().gate(step=step, participation=participation, actor=actor)
    blocking = [f for f in findings if f.blocking]
    if blocking:
        raise GateBlocked(step, blocking)
    return findings

"""What the hook facade audits when a plugin fails to record a stopped step.

Apart from ``core.gate``, which asks the plugins through ``core.hooks``: the facade records the
failure while it calls them, so what it needs imports only the models.
"""

from __future__ import annotations

from core.models import AuditEvent, Participation, User


def findings_lost_event(hook: str, plugin: str, error: Exception, told: dict) -> AuditEvent:
    """The audit entry for a plugin that failed to record a stopped step: ``hook`` raised
    ``error`` when told ``told`` (its keyword arguments). The stop stands; what stopped it is
    lost in that plugin only. The error's kind alone is kept: its message may carry personal
    data."""
    participation: Participation | None = told.get("participation")
    actor: User | None = told["actor"]
    details = {"plugin": plugin, "hook": hook, "step": told["step"].value}
    if participation is not None:
        subject, subject_id = "participation", participation.id
        dialogue_id = participation.dialogue_id
        person = participation.person
        details["person_id"] = participation.person_id or (person.id if person else None)
    else:
        subject, subject_id = "organisation", told["organisation"].id
        dialogue_id = told["dialogue"].id
    return AuditEvent(
        action=f"{subject}.findings_lost",
        object_type=subject,
        object_id=subject_id,
        dialogue_id=dialogue_id,
        actor_id=actor.id if actor else None,
        reason=f"The plugin {plugin!r} could not record what stopped this step; the stop stands.",
        details={**details, "error": type(error).__name__},
    )

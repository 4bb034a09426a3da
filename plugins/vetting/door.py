"""Which badges the vetting plugin withholds: those of people (or people of organisations) that
a stored finding stops now — a confirmed match, an override or a clearance awaiting its second
reviewer, an alert not reviewed yet (one found by re-screening after accreditation too).

The badge pages and the sheet ask it for many participations at once: one query, nothing saved,
no screening run. The door itself asks the gate, which screens the holder again.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.plugin_api import Participation, db_session
from plugins.vetting.models import FindingState, VettingFinding

# decided states that stop every step until a further decision
STOPPING = (
    FindingState.CONFIRMED,
    FindingState.OVERRIDE_REQUESTED,
    FindingState.CLEARANCE_REQUESTED,
)


def stops_its_subject() -> sa.ColumnElement[bool]:
    """True for a stored finding that stops its subject whatever the matcher says now."""
    return VettingFinding.state.in_(STOPPING) | (
        (VettingFinding.state == FindingState.OPEN) & (VettingFinding.level == "alert")
    )


def withheld_badges(participations: list[Participation]) -> list[int]:
    """The ids of the participations whose person or organisation a finding stops now."""
    people = {p.person_id for p in participations}
    organisations = {p.organisation_id for p in participations if p.organisation_id}
    stopped = set(
        db_session().execute(
            sa.select(VettingFinding.subject_kind, VettingFinding.subject_id)
            .where(
                ((VettingFinding.subject_kind == "person") & VettingFinding.subject_id.in_(people))
                | (
                    (VettingFinding.subject_kind == "organisation")
                    & VettingFinding.subject_id.in_(organisations)
                ),
                stops_its_subject(),
            )
            .distinct()
        )
    )
    return [
        p.id
        for p in participations
        if ("person", p.person_id) in stopped or ("organisation", p.organisation_id) in stopped
    ]

"""Where a person or an organisation takes part, as the gate is asked about it when one of
their screened fields changes (``core.screened_changes``)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core.hooks import hooks
from core.models import (
    ENDED,
    Dialogue,
    Invitation,
    InvitationState,
    Organisation,
    Participation,
    ParticipationStatus,
    User,
    open_dialogue_ids,
)
from core.plugin_types import Finding, GateStep


@dataclass
class Place:
    """Where a changed subject takes part: a participation (saved, or the one an invitation
    would make), or an organisation's own invitation to a dialogue."""

    dialogue_id: int
    participation: Participation | None = None
    organisation: Organisation | None = None
    dialogue: Dialogue | None = None

    def ask(self, actor: User | None) -> list[Finding]:
        if self.participation is not None:
            return hooks().gate(step=GateStep.CHANGE, participation=self.participation, actor=actor)
        return hooks().organisation_gate(
            step=GateStep.CHANGE,
            organisation=self.organisation,
            dialogue=self.dialogue,
            actor=actor,
        )

    def tell(self, findings: list[Finding], *, blocked: bool, actor: User | None) -> None:
        if self.participation is not None:
            hooks().gate_checked(
                step=GateStep.CHANGE,
                participation=self.participation,
                findings=findings,
                blocked=blocked,
                actor=actor,
            )
        else:
            hooks().organisation_gate_checked(
                step=GateStep.CHANGE,
                organisation=self.organisation,
                dialogue=self.dialogue,
                findings=findings,
                blocked=blocked,
                actor=actor,
            )


def places_taken_part(
    session: Session, *, people: list[int], organisations: list[int]
) -> list[Place]:
    """Where the changed subjects take part, in dialogues not closed: their participations not
    withdrawn or rejected; for an invitation of a person held or not answered yet, without a
    participation, the participation it would make (not saved); and an organisation's own
    invitations held or not answered yet."""
    open_dialogues = open_dialogue_ids()
    who = sa.false()
    if people:
        who = who | Participation.person_id.in_(people)
    if organisations:
        who = who | Participation.organisation_id.in_(organisations)
    found = [
        Place(p.dialogue_id, participation=p)
        for p in session.scalars(
            sa.select(Participation).where(
                who,
                Participation.dialogue_id.in_(open_dialogues),
                Participation.status.not_in(ENDED),
            )
        )
    ]
    taken = {(place.dialogue_id, place.participation.person_id) for place in found}
    invited = sa.false()
    if people:
        invited = invited | Invitation.person_id.in_(people)
    if organisations:
        invited = invited | Invitation.organisation_id.in_(organisations)
    for invitation in session.scalars(
        sa.select(Invitation).where(
            invited,
            Invitation.dialogue_id.in_(open_dialogues),
            Invitation.state.in_((InvitationState.HELD, InvitationState.SENT)),
        )
    ):
        if invitation.person_id is None:
            found.append(
                Place(
                    invitation.dialogue_id,
                    organisation=invitation.organisation,
                    dialogue=invitation.dialogue,
                )
            )
            continue
        if (invitation.dialogue_id, invitation.person_id) in taken:
            continue
        taken.add((invitation.dialogue_id, invitation.person_id))
        participation = Participation(
            dialogue_id=invitation.dialogue_id,
            person=invitation.person,
            organisation=invitation.organisation,
            category=invitation.category,
            status=ParticipationStatus.INVITED,
        )
        found.append(Place(invitation.dialogue_id, participation=participation))
    return found

"""Screening everyone taking part again, after a list changed or on request.

Everyone means the people and organisations of participations not withdrawn or rejected, and
of invitations held or not yet answered, in dialogues not closed. Pairs already found keep their
decision, so the result is only what is new. Safe to run on several hosts at once: a pair is
kept once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.plugin_api import (
    ENDED,
    Invitation,
    InvitationState,
    Organisation,
    Participation,
    Person,
    User,
    db_session,
    open_dialogue_ids,
    record_audit,
)
from plugins.vetting.gate import as_finding, record, thresholds
from plugins.vetting.models import VettingFinding, VettingScreening
from plugins.vetting.screening import organisation_subjects, person_subjects, screeners
from plugins.vetting.screening import screen as screen_subjects


@dataclass(frozen=True)
class RescreenReport:
    screening: VettingScreening
    new_findings: list[VettingFinding]

    @property
    def summary(self) -> str:
        n = self.screening.subjects
        who = "person or organisation" if n == 1 else "people and organisations"
        return f"{n} {who}, {len(self.new_findings)} new finding(s)"


def subjects_taking_part() -> tuple[list[Person], list[Organisation], dict[tuple, set[int]]]:
    """The people and organisations taking part, and the dialogues each takes part in."""
    session = db_session()
    taking_part = sa.select(
        Participation.person_id, Participation.organisation_id, Participation.dialogue_id
    ).where(Participation.dialogue_id.in_(open_dialogue_ids()), Participation.status.not_in(ENDED))
    held = sa.select(
        Invitation.person_id, Invitation.organisation_id, Invitation.dialogue_id
    ).where(
        Invitation.dialogue_id.in_(open_dialogue_ids()),
        Invitation.state.in_((InvitationState.HELD, InvitationState.SENT)),
    )
    dialogues: dict[tuple, set[int]] = defaultdict(set)
    for person_id, organisation_id, dialogue_id in session.execute(sa.union(taking_part, held)):
        if person_id is not None:
            dialogues[("person", person_id)].add(dialogue_id)
        if organisation_id is not None:
            dialogues[("organisation", organisation_id)].add(dialogue_id)
    person_ids = [i for kind, i in dialogues if kind == "person"]
    organisation_ids = [i for kind, i in dialogues if kind == "organisation"]
    people = session.scalars(sa.select(Person).where(Person.id.in_(person_ids))).all()
    organisations = session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(organisation_ids))
    ).all()
    return list(people), list(organisations), dialogues


def rescreen(*, trigger: str, actor: User | None) -> RescreenReport:
    """Screen everyone taking part against the active lists; commit; report what is new."""
    session = db_session()
    people, organisations, dialogues = subjects_taking_part()
    subjects = [("person", p.id, person_subjects(p)) for p in people] + [
        ("organisation", o.id, organisation_subjects(o)) for o in organisations
    ]
    lists = screeners(thresholds())
    matches = screen_subjects(subjects, thresholds(), lists)
    screening = VettingScreening(
        trigger=trigger[:200],
        versions=[
            {"list_id": ls.list_id, "list": ls.list_name, "version": ls.version} for ls in lists
        ],
        subjects=len(subjects),
        actor_id=actor.id if actor else None,
    )
    session.add(screening)
    session.flush()
    found = [as_finding(m, None) for m in matches]
    screening.new_findings = record(found, lambda subject: dialogues[subject], screening.id)
    record_audit(
        "vetting.rescreened",
        screening,
        actor_id=actor.id if actor else None,
        trigger=screening.trigger,
        subjects=screening.subjects,
        new_findings=screening.new_findings,
    )
    session.commit()
    new = session.scalars(
        sa.select(VettingFinding)
        .where(VettingFinding.screening_id == screening.id)
        .options(joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list))
        .order_by(VettingFinding.score.desc())
    ).all()
    return RescreenReport(screening, list(new))

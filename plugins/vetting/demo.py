"""The vetting plugin's demo: a small list of public facts, an invitation held by a possible
match awaiting review, and a finding cleared by a reviewer with the reason."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from core.plugin_api import (
    Category,
    Dialogue,
    GateBlocked,
    GateStep,
    Invitation,
    InvitationState,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    User,
    Visibility,
    blocked_event,
    db_session,
)
from plugins.vetting.gate import check, record
from plugins.vetting.lists import read_parley_csv
from plugins.vetting.models import FindingState, VettingFinding, VettingList
from plugins.vetting.review import apply_decision
from plugins.vetting.store import import_version

LIST_FILE = Path(__file__).parent / "data" / "demo_non_engagement_list.csv"
LIST_NAME = "Myanmar military junta, its appointees and enterprises (demo)"
DIALOGUE = "8th-ahrd-demo"
HELD = {
    "name": "Ko Ko Hlaing",
    "honorific": "H.E. U",
    "position": "Minister for International Cooperation, State Administration Council",
    "email": "ko.ko.hlaing@invalid.example",
}
CLEARED = {
    "name": "Thet Thet Khaing",
    "honorific": "Ma",
    "position": "Paralegal",
    "email": "thet.thet.khaing@demo.example",
}
CLEARED_ORGANISATION = "Highland Women's Voice (demo)"
CLEARED_REASON = (
    "Not the same: Ma Thet Thet Khaing is a paralegal born in 1996, vouched for by the focal "
    "point of Highland Women's Voice; the listed Thet Thet Khine is the junta's Minister of "
    "Social Welfare, born in 1967."
)
SECOND_REASON = "Not the same, agreed: the birth years differ and the focal point vouches for her."


def load() -> None:
    session = db_session()
    dialogue = session.scalar(sa.select(Dialogue).where(Dialogue.slug == DIALOGUE))
    if dialogue is None or session.scalar(
        sa.select(VettingList).where(VettingList.name == LIST_NAME)
    ):
        return
    import_version(
        list_name=LIST_NAME,
        entries=read_parley_csv(LIST_FILE),
        source_format="parley-csv",
        source_name=LIST_FILE.name,
        actor=None,
    )
    _held_invitation(dialogue)
    _cleared_finding(dialogue)


def _person(fields: dict, organisation: Organisation | None = None) -> Person:
    person = Person(**fields, organisation=organisation)
    db_session().add(person)
    db_session().flush()
    return person


def _held_invitation(dialogue: Dialogue) -> None:
    """As the gate holds an invitation: the finding kept, the stop audited, nothing sent."""
    person = _person(HELD)
    participation = Participation(
        dialogue_id=dialogue.id, person=person, category=Category.DELEGATE
    )
    findings = check(participation)
    blocked = GateBlocked(GateStep.INVITE, [f for f in findings if f.blocking], findings)
    db_session().add(blocked_event(blocked, participation, None))
    record(findings, lambda _subject: {dialogue.id})
    db_session().add(
        Invitation(
            dialogue_id=dialogue.id,
            category=Category.DELEGATE,
            person=person,
            email=person.email,
            state=InvitationState.HELD,
            hold_reason=blocked.reason,
            findings=[f.as_record() for f in blocked.findings],
        )
    )


def _cleared_finding(dialogue: Dialogue) -> None:
    session = db_session()
    organisation = session.scalar(
        sa.select(Organisation).where(Organisation.name == CLEARED_ORGANISATION)
    )
    person = _person(CLEARED, organisation)
    participation = Participation(
        dialogue_id=dialogue.id,
        person=person,
        organisation=organisation,
        category=Category.OBSERVER,
        status=ParticipationStatus.REGISTERED,
        visibility=Visibility.ORGANISERS,
    )
    session.add(participation)
    session.flush()
    record(check(participation), lambda _subject: {dialogue.id})
    reviewer = session.scalar(sa.select(User).where(User.email == "organiser@parley.example"))
    # a strong alert is cleared by two reviewers: the administrator agrees
    second = session.scalar(sa.select(User).where(User.email == "admin@parley.example"))
    for finding in session.scalars(
        sa.select(VettingFinding).where(
            VettingFinding.subject_kind == "person", VettingFinding.subject_id == person.id
        )
    ):
        apply_decision(finding, "clear", CLEARED_REASON, reviewer)
        if finding.state == FindingState.CLEARANCE_REQUESTED:
            apply_decision(finding, "approve_clearance", SECOND_REASON, second)

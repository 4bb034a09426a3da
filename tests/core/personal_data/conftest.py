"""Fixtures for the personal-data tests: a plugin holding data about people, a person whose
every trace is a canary, and a scan of every table for it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from core import audit
from core.db import db_session, get_engine
from core.models import (
    AuditEvent,
    Category,
    CheckInEntry,
    FocalPoint,
    Invitation,
    InvitationState,
    OutboxMessage,
    Participation,
    ParticipationStatus,
    Role,
    Visibility,
)
from core.plugin_api import hookimpl
from tests import factories

CANARY_NAME = "Zephyrine Quillfeather"
CANARY_EMAIL = "zq.canary@example.org"
CANARY_SCRIPT = "ဇီဖီရင်း"
CANARY_REASON = "Quillfeather cannot travel while her case is pending"
# the strings that must appear nowhere once the person is erased
CANARIES = ("Zephyrine", "Quillfeather", "zq.canary", CANARY_SCRIPT)
# where the person's address stays after erasure: on the invitation and the e-mail sent to it
# for their organisation, which are not linked to the person. Sign-up does not verify
# addresses, so an address is no proof of whose a record is: they are neither exported nor
# erased with the person.
ADDRESS_ONLY = ["invitation.email", "outbox_message.to_address"]


class Holder:
    """A plugin keeping notes about people; it hands them over and erases them on request."""

    def __init__(self, fail: bool = False) -> None:
        self.notes: dict[int, list[str]] = {}
        self.erased: list[tuple[int, str, int | None]] = []
        self.fail = fail

    @hookimpl
    def collect_personal_data(self, person):
        notes = self.notes.get(person.id)
        return {"notes": list(notes)} if notes else None

    @hookimpl
    def on_person_erased(self, person, actor):
        if self.fail:
            raise RuntimeError("the holder's store is unreachable")
        self.erased.append((person.id, person.name, actor.id if actor else None))
        self.notes.pop(person.id, None)


@pytest.fixture
def holder() -> Holder:
    return Holder()


@pytest.fixture
def pd_app(make_app, holder) -> Flask:
    return make_app(plugins={"holder": holder})


@dataclass
class World:
    person_id: int
    user_id: int
    other_person_id: int
    other_user_id: int
    organiser_id: int
    dialogue_ids: list[int]
    participation_ids: list[int]
    chair_person_id: int | None = None
    extra: dict = field(default_factory=dict)


def make_world(app: Flask, holder: Holder | None = None) -> World:
    """The canary person with a trace in every table that can hold one, and company."""
    with app.app_context():
        session = db_session()
        organiser = factories.user(Role.ORGANISER)
        org = factories.organisation(name="Burma Human Rights Network", acronym="BHRN")
        d1 = factories.dialogue(title="5th EU-ASEAN Policy Dialogue", slug="5th-eu-asean")
        d2 = factories.dialogue(title="7th ASEAN Human Rights Dialogue", slug="7th-ahrd")
        user = factories.user(email=CANARY_EMAIL)
        user.name = CANARY_NAME
        person = factories.person(
            name=CANARY_NAME,
            honorific="Dr.",
            given_name="Zephyrine",
            family_name="Quillfeather",
            name_original_script=CANARY_SCRIPT,
            position="Director, Quillfeather Legal Aid",
            nationality="Myanmar",
            email=CANARY_EMAIL,
            organisation=org,
            user_id=user.id,
        )
        mine = []
        for dialogue, visibility in ((d1, Visibility.PUBLIC), (d2, Visibility.PARTICIPANTS)):
            p = factories.participation(dialogue, person, visibility=visibility, organisation=org)
            p.reason = CANARY_REASON
            p.reason_code = "travel"
            p.badge_number = 7
            p.findings = [
                {
                    "source": "vetting",
                    "code": "name-similar",
                    "message": f"{CANARY_NAME} resembles an entry",
                    "blocking": False,
                    "score": 0.4,
                    "details": {"name": CANARY_NAME},
                }
            ]
            mine.append(p)
            audit.record(
                "participation.status_changed",
                p,
                reason="accredited after review",
                dialogue_id=dialogue.id,
                actor_id=organiser.id,
                old="registered",
                new="accredited",
            )
        session.add(
            AuditEvent(
                action="participation.gate_blocked",
                object_type="participation",
                object_id=mine[0].id,
                dialogue_id=d1.id,
                reason="matches an entry of a non-engagement list",
                details={"step": "accredit", "person_id": person.id, "findings": ["vetting:x"]},
            )
        )
        audit.record("person.created", person, actor_id=organiser.id)
        # company: other people in the same dialogues, which erasure must not touch
        other_user = factories.user(email="other@example.org")
        other = factories.person(
            name="Anita Wahid", email="other@example.org", user_id=other_user.id
        )
        factories.participation(d1, other, status=ParticipationStatus.REGISTERED)
        factories.participation(d2, category=Category.DELEGATE)
        factories.participation(d2, visibility=Visibility.ANONYMOUS, organisation=org)
        session.add_all(
            [
                Invitation(
                    dialogue_id=d1.id,
                    category=Category.CSO,
                    person_id=person.id,
                    email=CANARY_EMAIL,
                    state=InvitationState.ACCEPTED,
                    hold_reason=f"held: {CANARY_NAME}",
                ),
                # to the organisation, at the person's address: not the person's (see
                # ADDRESS_ONLY)
                Invitation(
                    dialogue_id=d2.id,
                    category=Category.CSO,
                    organisation_id=org.id,
                    email=CANARY_EMAIL.upper(),
                    state=InvitationState.SENT,
                ),
                Invitation(
                    dialogue_id=d2.id,
                    category=Category.CSO,
                    person_id=other.id,
                    email="other@example.org",
                    state=InvitationState.SENT,
                ),
                OutboxMessage(
                    kind="accreditation",
                    to_address=CANARY_EMAIL,
                    subject="You are accredited",
                    body=f"Dear {CANARY_NAME}, your badge is ready.",
                    person_id=person.id,
                    dialogue_id=d1.id,
                    sent_at=datetime(2030, 1, 1, tzinfo=UTC),
                ),
                # the organisation's invitation e-mail, at the person's address: not linked
                OutboxMessage(
                    kind="invitation",
                    to_address=CANARY_EMAIL,
                    subject="An invitation",
                    body="Your organisation is invited.",
                ),
                OutboxMessage(
                    kind="invitation",
                    to_address="other@example.org",
                    subject="An invitation for Anita",
                    body="Dear Anita Wahid",
                    person_id=other.id,
                ),
                FocalPoint(user_id=user.id, organisation_id=org.id),
            ]
        )
        session.flush()
        # admitted at the desk on the first day of the first dialogue
        session.add(
            CheckInEntry(
                participation_id=mine[0].id,
                dialogue_id=d1.id,
                point="day:2030-11-17",
                day=date(2030, 11, 17),
            )
        )
        session.commit()
        if holder is not None:
            holder.notes[person.id] = [f"{CANARY_NAME} speaks on panel 2"]
            holder.notes[other.id] = ["Anita Wahid speaks on panel 3"]
        return World(
            person_id=person.id,
            user_id=user.id,
            other_person_id=other.id,
            other_user_id=other_user.id,
            organiser_id=organiser.id,
            dialogue_ids=[d1.id, d2.id],
            participation_ids=[p.id for p in mine],
        )


def find_everywhere(app: Flask, needles=CANARIES) -> list[str]:
    """Every ``table.column`` whose text (string and JSON columns of every table, found by
    inspecting the database) contains one of ``needles``."""
    engine = get_engine(app)
    found = []
    scanned = 0
    with engine.connect() as conn:
        for name in sa.inspect(conn).get_table_names():
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.JSON)]
            scanned += len(columns)
            if not columns:
                continue
            for row in conn.execute(sa.select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    if any(n.lower() in text.lower() for n in needles):
                        found.append(f"{name}.{column.name}")
    assert scanned > 40, "the scan found too few text columns to be trusted"
    return sorted(set(found))


def counts(app: Flask, *, statuses: bool = True) -> list[tuple]:
    """Participations per dialogue, category, status (unless ``statuses`` is False) and
    organisation."""
    columns = [
        Participation.dialogue_id,
        Participation.category,
        *([Participation.status] if statuses else []),
        Participation.organisation_id,
    ]
    with app.app_context():
        return (
            db_session()
            .execute(
                sa.select(*columns, sa.func.count())
                .group_by(*columns)
                .order_by(*columns[:-1], sa.func.coalesce(Participation.organisation_id, 0))
            )
            .all()
        )


def in_days(moment: datetime, days: int) -> datetime:
    return moment + timedelta(days=days)

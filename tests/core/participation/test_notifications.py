"""Every status change writes its e-mail in the same transaction, to the person concerned."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    DialogueCategory,
    OutboxMessage,
    ParticipationStatus,
    RegistrationMode,
    Role,
    Visibility,
)
from core.participation.registration import register
from core.participation.review import accredit, reject
from core.participation.withdrawal import withdraw
from tests import factories

CANARY = "Canary Min Thu"


def mails() -> list[tuple[str, str]]:
    return (
        db_session()
        .execute(sa.select(OutboxMessage.to_address, OutboxMessage.kind).order_by(OutboxMessage.id))
        .all()
    )


def test_each_step_queues_one_mail_to_the_person_concerned(ctx):
    dialogue = factories.dialogue(title="7th ASEAN Human Rights Dialogue")
    category = DialogueCategory(
        dialogue_id=dialogue.id,
        category=Category.CSO,
        capacity=1,
        registration=RegistrationMode.OPEN,
    )
    db_session().add(category)
    organiser = factories.user(Role.ORGANISER, dialogue=dialogue)

    def sign_up(name, email):
        return register(
            category=category,
            person=factories.person(name=name, email=email),
            organisation=None,
            visibility=Visibility.ANONYMOUS,
            actor=None,
        )

    canary = sign_up(CANARY, "canary@example.org")
    other = sign_up("Second Person", "second@example.org")
    assert mails() == [
        ("canary@example.org", "registration_received"),
        ("second@example.org", "registration_received"),
    ]
    accredit(canary, actor=organiser)
    reject(other, actor=organiser, reason="Late")
    withdraw(canary, actor=None, reason_code="security")
    assert mails()[2:] == [
        ("canary@example.org", "accredited"),
        ("second@example.org", "rejected"),
        ("canary@example.org", "withdrawal"),
    ]
    rejected = db_session().scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "rejected"))
    assert "Late" in rejected.body
    for message in db_session().scalars(sa.select(OutboxMessage)):
        if message.to_address != "canary@example.org":
            assert CANARY not in message.body and CANARY not in message.subject


def test_promotion_from_the_waitlist_is_announced(ctx):
    dialogue = factories.dialogue()
    category = DialogueCategory(
        dialogue_id=dialogue.id,
        category=Category.CSO,
        capacity=1,
        registration=RegistrationMode.OPEN,
    )
    db_session().add(category)
    people = [
        register(
            category=category,
            person=factories.person(email=f"p{i}@example.org"),
            organisation=None,
            visibility=Visibility.PUBLIC,
            actor=None,
        )
        for i in range(2)
    ]
    assert people[1].status == ParticipationStatus.WAITLISTED
    withdraw(people[0], actor=None, reason_code="scheduling")
    assert mails()[-1] == ("p1@example.org", "waitlist_promotion")

"""What Parley writes to people about their own participation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    DialogueFormat,
    OutboxMessage,
    ParticipationStatus,
    Visibility,
)
from core.outbox.messages import (
    notify_decision,
    notify_invitation,
    notify_registration_received,
    notify_waitlist_promotion,
    notify_withdrawal,
)
from core.outbox.sender import SendReport, send_due
from tests import factories

WHEN = "17 November 2030, 03:00 (Jakarta, UTC+7), to 18 November 2030, 16:00 (Jakarta, UTC+7)"
OTHERS = ("Canary Zaw Min Htut", "Canary Network for Burma", "Canary Observer Person")


@pytest.fixture
def dialogue(ctx):
    # 20:00 UTC on the 16th is 03:00 on the 17th in Jakarta: the local date must be shown
    dialogue = factories.dialogue(
        title="7th ASEAN Human Rights Dialogue",
        starts_at=datetime(2030, 11, 16, 20, 0, tzinfo=UTC),
        ends_at=datetime(2030, 11, 18, 9, 0, tzinfo=UTC),
        venue="Hotel Borobudur",
        city="Jakarta",
        country="Indonesia",
    )
    # other people taking part, whom no message may name
    canary_org = factories.organisation(name=OTHERS[1])
    factories.participation(
        dialogue,
        factories.person(name=OTHERS[0], email="canary@example.org", organisation=canary_org),
        visibility=Visibility.ANONYMOUS,
    )
    factories.participation(dialogue, factories.person(name=OTHERS[2]))
    return dialogue


def participant(dialogue, status, **fields):
    person = factories.person(name="Amina Rahman", email="amina@example.org", honorific="Ms")
    return factories.participation(dialogue, person, status=status, **fields)


def queued() -> list[OutboxMessage]:
    return db_session().scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def check_common(message: OutboxMessage, participation) -> None:
    assert message.to_address == "amina@example.org"
    assert message.person_id == participation.person_id
    assert message.dialogue_id == participation.dialogue_id
    assert message.body.startswith("Dear Ms Amina Rahman,\n")
    assert "7th ASEAN Human Rights Dialogue" in message.subject
    assert WHEN in message.body
    assert "Where:    Hotel Borobudur, Jakarta, Indonesia" in message.body
    assert "16 November" not in message.body  # the UTC date is not the local one
    for other in OTHERS:
        assert other not in message.body and other not in message.subject
    assert "{{" not in message.body and "{%" not in message.body


def test_registration_received_with_a_place(dialogue):
    p = participant(dialogue, ParticipationStatus.REGISTERED, visibility=Visibility.ANONYMOUS)
    message = notify_registration_received(p)
    check_common(message, p)
    assert message.kind == "registration_received"
    assert message.subject == (
        "We have received your registration for 7th ASEAN Human Rights Dialogue"
    )
    assert "A place is held for you as a CSO representative." in message.body
    assert "You chose to stay anonymous" in message.body and "waiting list" not in message.body
    assert "You can change this at any time" in message.body
    assert '"Your participation" on the dialogue\'s page' in message.body
    assert "contact the organisers" not in message.body
    assert queued() == [message]


def test_registration_received_on_the_waitlist(dialogue):
    p = participant(dialogue, ParticipationStatus.WAITLISTED, visibility=Visibility.PUBLIC)
    message = notify_registration_received(p)
    check_common(message, p)
    assert "you are on the\nwaiting list" in message.body
    assert "You chose to be shown publicly" in message.body


def test_registration_received_refuses_what_is_not_a_registration(dialogue):
    with pytest.raises(ValueError):
        notify_registration_received(participant(dialogue, ParticipationStatus.ACCREDITED))


def test_accreditation_with_badge_and_note(dialogue):
    p = participant(dialogue, ParticipationStatus.ACCREDITED, category=Category.NHRI)
    p.badge_number = 42
    message = notify_decision(p, " Please bring your passport. ")
    check_common(message, p)
    assert message.kind == "accredited"
    assert message.subject == "You are accredited: 7th ASEAN Human Rights Dialogue"
    assert "as an NHRI representative." in message.body
    assert "Your badge number is 42." in message.body
    assert "A note from the organisers:\nPlease bring your passport.\n" in message.body


def test_rejection_with_the_reason(dialogue):
    p = participant(dialogue, ParticipationStatus.REJECTED)
    message = notify_decision(p, "The category is open to accredited NHRIs only.")
    check_common(message, p)
    assert message.kind == "rejected"
    assert message.subject == "Your registration for 7th ASEAN Human Rights Dialogue"
    assert "could not accept your registration" in message.body
    assert "The reason they gave:\nThe category is open to accredited NHRIs only." in message.body


def test_a_decision_needs_a_decided_participation(dialogue):
    with pytest.raises(ValueError):
        notify_decision(participant(dialogue, ParticipationStatus.PENDING), "")


def test_waitlist_promotion(dialogue):
    p = participant(dialogue, ParticipationStatus.REGISTERED)
    message = notify_waitlist_promotion(p)
    check_common(message, p)
    assert message.subject == "A place has become free for you at 7th ASEAN Human Rights Dialogue"
    assert "You are no longer\non the waiting list" in message.body


def test_withdrawal_confirmation_word_for_word(dialogue):
    p = participant(dialogue, ParticipationStatus.WITHDRAWN)
    message = notify_withdrawal(p)
    check_common(message, p)
    assert message.subject == "Your withdrawal from 7th ASEAN Human Rights Dialogue"
    assert message.body == (
        "Dear Ms Amina Rahman,\n"
        "\n"
        "This confirms that your participation in 7th ASEAN Human Rights Dialogue has been "
        "withdrawn,\n"
        "and your place has been released.\n"
        "\n"
        "If this is a mistake, or you did not ask for it, please contact the\n"
        "organisers as soon as possible.\n"
        "\n"
        "  Dialogue: 7th ASEAN Human Rights Dialogue\n"
        f"  When:     {WHEN}\n"
        "  Where:    Hotel Borobudur, Jakarta, Indonesia\n"
        "\n"
        "-- \n"
        "Parley sent this message automatically for the organisers of "
        "7th ASEAN Human Rights Dialogue.\n"
    )


def test_invitation(dialogue):
    message = notify_invitation(
        email="invitee@example.org",
        dialogue=dialogue,
        accept_url="https://parley.example/invitations/tok/accept",
        decline_url="https://parley.example/invitations/tok/decline",
        expires_at=datetime(2030, 11, 1, 10, 0, tzinfo=UTC),
        person_id=None,
    )
    assert (message.kind, message.to_address, message.person_id) == (
        "invitation",
        "invitee@example.org",
        None,
    )
    assert message.subject == "Invitation to 7th ASEAN Human Rights Dialogue"
    assert message.body.startswith("Hello,\n")
    assert WHEN in message.body
    assert "open this link:\nhttps://parley.example/invitations/tok/accept\n" in message.body
    assert "open this link:\nhttps://parley.example/invitations/tok/decline\n" in message.body
    assert "The links work until 1 November 2030 at 17:00 (Jakarta, UTC+7)." in message.body
    for other in OTHERS:
        assert other not in message.body


def test_a_one_day_online_dialogue(ctx):
    dialogue = factories.dialogue(
        title="Online consultation",
        timezone="Asia/Yangon",
        starts_at=datetime(2030, 3, 2, 2, 30, tzinfo=UTC),
        ends_at=datetime(2030, 3, 2, 6, 30, tzinfo=UTC),
        format=DialogueFormat.ONLINE,
    )
    message = notify_withdrawal(participant(dialogue, ParticipationStatus.WITHDRAWN))
    assert "When:     2 March 2030, 09:00 to 13:00 (Yangon, UTC+6:30)" in message.body
    assert "Where:    Online" in message.body


def test_people_without_an_address_are_skipped(dialogue):
    person = factories.person(name="No Address", email=None)
    p = factories.participation(dialogue, person, status=ParticipationStatus.WITHDRAWN)
    assert notify_withdrawal(p) is None
    invitation = notify_invitation(
        email="  ",
        dialogue=dialogue,
        accept_url="a",
        decline_url="d",
        expires_at=datetime(2030, 11, 1, tzinfo=UTC),
        person_id=None,
    )
    assert invitation is None
    assert queued() == []


def test_a_bad_address_on_record_is_skipped_not_raised(dialogue, caplog):
    person = factories.person(name="Bad Address", email="bad address@example.org")
    p = factories.participation(dialogue, person, status=ParticipationStatus.ACCREDITED)
    assert notify_decision(p, "") is None
    assert queued() == []
    assert f"person {person.id}: the address on record cannot be used" in caplog.text
    assert "bad address@example.org" not in caplog.text


def test_a_notification_travels_with_its_change(make_app, smtp_server):
    from tests.core.outbox.conftest import mail_config

    app = make_app(**mail_config(smtp_server.port))
    with app.app_context():
        dialogue = factories.dialogue(title="CSO Forum")
        p = participant(dialogue, ParticipationStatus.REGISTERED)
        db_session().commit()
        p.status = ParticipationStatus.WITHDRAWN
        notify_withdrawal(p)
        db_session().rollback()  # the change failed: no confirmation of it either
        p.status = ParticipationStatus.WITHDRAWN
        expected = notify_withdrawal(p)
        db_session().commit()
    assert send_due(app) == SendReport(sent=1)
    [got] = smtp_server.received
    assert got.rcpt_tos == ["amina@example.org"]
    assert got.message["Subject"] == expected.subject
    assert got.message.get_content().replace("\r\n", "\n") == expected.body

"""The invitation form shows the e-mail before it goes, and takes a personal message for it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    DialogueCategory,
    Invitation,
    OutboxMessage,
    Participation,
    Person,
    RegistrationMode,
    Role,
)
from core.models.message_wording import MessageWording
from core.plugin_api import Finding, hookimpl
from tests import factories

PERSON = {
    "person-name": "Daw Aye Aye",
    "person-email": "aye@example.org",
    "person-organisation": "Women's League of Burma",
    "person-category": "cso",
    "person-personal_message": "We hope you can join us.\nThe agenda follows.",
}
PREVIEW = {**PERSON, "person-preview": "Preview the e-mail"}
NOTE = (
    "A personal message from the organisers:\n\n  We hope you can join us.\n  The agenda follows."
)


@pytest.fixture
def organiser(app):
    with app.app_context():
        for slug, title in (("d", "7th ASEAN Human Rights Dialogue"), ("e", "CSO Forum")):
            dialogue = factories.dialogue(slug=slug, title=title)
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=Category.CSO,
                    registration=RegistrationMode.INVITATION,
                )
            )
            if slug == "d":
                user = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, user)
    client.organiser = user
    return client


def word(app, slug: str, subject: str, body: str) -> None:
    with app.app_context():
        dialogue_id = db_session().scalar(sa.select(factories.Dialogue.id).filter_by(slug=slug))
        db_session().add(
            MessageWording(dialogue_id=dialogue_id, kind="invitation", subject=subject, body=body)
        )
        db_session().commit()


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db_session().scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Person, Invitation, Participation, OutboxMessage, AuditEvent)
        }


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return (
            db_session()
            .scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "invitation"))
            .all()
        )


def test_a_preview_shows_the_email_as_it_will_arrive_and_sends_nothing(app, organiser):
    word(app, "d", "{name}, join {dialogue}", "Dear {name},\n\nJoin us as {role}.")
    before = counts(app)
    page = organiser.post("/dialogues/d/invitations/person", data=PREVIEW)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Daw Aye Aye, join 7th ASEAN Human Rights Dialogue" in text
    assert "Dear Daw Aye Aye,\n\nJoin us as a CSO representative." in text
    assert NOTE in text
    assert "To accept the invitation, open this link:" in text
    assert "Nothing is sent or saved" in text
    # the form is there again, as it was typed
    assert 'value="Daw Aye Aye"' in text and "\r\nWe hope you can join us." in text
    assert counts(app) == before


def test_a_preview_of_a_bad_form_shows_the_errors_not_an_email(app, organiser):
    page = organiser.post(
        "/dialogues/d/invitations/person", data={**PREVIEW, "person-email": "not an address"}
    )
    assert page.status_code == 422
    assert "Nothing is sent or saved" not in page.get_data(as_text=True)


def test_a_preview_never_shows_what_the_registry_knows_of_the_address(app, organiser):
    with app.app_context():
        factories.person(name="Recorded Secret Name", email="aye@example.org")
        db_session().commit()
    text = organiser.post("/dialogues/d/invitations/person", data=PREVIEW).get_data(as_text=True)
    assert "Recorded Secret Name" not in text


def test_the_sent_email_carries_the_wording_and_the_personal_message(app, organiser):
    word(app, "d", "Join {dialogue}", "Dear {name},\n\nJoin us.")
    assert organiser.post("/dialogues/d/invitations/person", data=PERSON).status_code == 302
    [message] = outbox(app)
    assert message.subject == "Join 7th ASEAN Human Rights Dialogue"
    assert message.body.startswith(f"Dear Daw Aye Aye,\n\nJoin us.\n\n{NOTE}\n\n  Dialogue: ")
    assert "http://localhost/invitations/" in message.body
    assert "please do not forward this message" in message.body


def test_the_wording_of_another_dialogue_is_not_used(app, organiser):
    word(app, "e", "Join {dialogue}", "Dear {name},\n\nJoin the forum.")
    organiser.post("/dialogues/d/invitations/person", data=PERSON)
    [message] = outbox(app)
    assert message.subject == "Invitation to 7th ASEAN Human Rights Dialogue"
    assert "forum" not in message.body and message.body.startswith("Hello,\n")


def test_without_a_personal_message_the_email_has_none(app, organiser):
    organiser.post(
        "/dialogues/d/invitations/person", data={**PERSON, "person-personal_message": " "}
    )
    [message] = outbox(app)
    assert "personal message" not in message.body


@pytest.mark.parametrize(
    ("note", "error"),
    [("x" * 1001, "at most 1000 characters"), ("Hi\x1b[31m", "control characters")],
)
def test_a_bad_personal_message_is_refused_and_kept(app, organiser, note, error):
    before = counts(app)
    page = organiser.post(
        "/dialogues/d/invitations/person", data={**PERSON, "person-personal_message": note}
    )
    assert page.status_code == 422
    assert error in page.get_data(as_text=True)
    assert counts(app) == before


class Blocker:
    @hookimpl
    def check_participation(self, step, participation, actor):
        return [Finding(source="vetting", code="match", message="Awaiting review", blocking=True)]


def test_a_held_invitation_keeps_its_personal_message_until_it_is_sent(make_app, organiser):
    app = make_app(plugins={"blocker": Blocker()})
    client = app.test_client()
    factories.login(client, organiser.organiser)
    page = client.get(client.post("/dialogues/d/invitations/person", data=PERSON).location)
    assert "is held: Awaiting review" in page.get_data(as_text=True)
    assert "Your personal message is kept" in page.get_data(as_text=True)
    assert outbox(app) == []
    with app.app_context():
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.personal_message == PERSON["person-personal_message"]
    # once nothing holds it any more (an app without the blocker), it goes with the message
    sent = organiser.post(f"/dialogues/d/invitations/{invitation.id}/send")
    assert sent.status_code == 302
    [message] = outbox(app)
    assert NOTE in message.body

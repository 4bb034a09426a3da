"""What a person is told follows their category and real role, and whether approval is
needed."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    DialogueCategory,
    OutboxMessage,
    ParticipationStatus,
    RegistrationMode,
    Role,
)
from tests import factories


@pytest.fixture
def organiser(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        for category, approval in ((Category.DELEGATE, False), (Category.CSO, True)):
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=category,
                    capacity=5,
                    registration=RegistrationMode.INVITATION,
                    needs_approval=approval,
                )
            )
        user = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, user)
    return client


def invitation_link(app, organiser, category: str, email: str) -> str:
    organiser.post(
        "/dialogues/d/invitations/person",
        data={
            "person-name": "Daw Aye Aye",
            "person-email": email,
            "person-organisation": "Ministry of Foreign Affairs",
            "person-category": category,
        },
    )
    with app.app_context():
        body = db_session().scalar(
            sa.select(OutboxMessage.body).where(OutboxMessage.to_address == email)
        )
    return re.search(r"http://localhost(/invitations/[^\s?]+)", body).group(1)


def test_a_delegate_is_told_others_see_a_delegate(app, organiser):
    link = invitation_link(app, organiser, "delegate", "aye@example.org")
    page = app.test_client().get(link).get_data(as_text=True)
    assert "see “a delegate”" in page and "a CSO representative" not in page


def test_an_invitee_accredited_at_once_is_told_so(app, organiser):
    link = invitation_link(app, organiser, "delegate", "aye@example.org")
    done = app.test_client().post(link, data={"answer": "accept", "visibility": "public"})
    page = done.get_data(as_text=True)
    assert "You are accredited as a delegate" in page
    assert "will confirm your accreditation" not in page
    with app.app_context():
        status = db_session().scalar(sa.select(factories.Participation.status))
    assert status == ParticipationStatus.ACCREDITED


def test_an_invitee_whose_category_needs_approval_is_told_the_organisers_decide(app, organiser):
    link = invitation_link(app, organiser, "cso", "min@example.org")
    page = app.test_client().get(link).get_data(as_text=True)
    assert "see “a CSO representative”" in page
    done = app.test_client().post(link, data={"answer": "accept", "visibility": "public"})
    assert "The organisers will confirm your accreditation" in done.get_data(as_text=True)


def bodies(app, email):
    with app.app_context():
        return dict(
            db_session()
            .execute(
                sa.select(OutboxMessage.kind, OutboxMessage.body).where(
                    OutboxMessage.to_address == email
                )
            )
            .all()
        )


def test_the_emails_of_an_accreditation_without_approval_say_no_review_happens(app, organiser):
    link = invitation_link(app, organiser, "delegate", "aye@example.org")
    app.test_client().post(link, data={"answer": "accept", "visibility": "public"})
    sent = bodies(app, "aye@example.org")
    assert "will review" not in sent["registration_received"]
    assert "no approval is needed" in sent["registration_received"]
    assert "the organisers have accredited you" not in sent["accredited"]
    assert "as a delegate" in sent["accredited"] and "no approval is needed" in sent["accredited"]


def test_the_emails_of_a_category_needing_approval_say_the_organisers_decide(app, organiser):
    link = invitation_link(app, organiser, "cso", "min@example.org")
    app.test_client().post(link, data={"answer": "accept", "visibility": "public"})
    sent = bodies(app, "min@example.org")
    assert "The organisers will review" in sent["registration_received"]
    assert "as a CSO representative" in sent["registration_received"]

"""A dialogue past its end takes no registration and no invitation answer, and says so."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.db import db_session, utcnow
from core.models import (
    Category,
    Dialogue,
    DialogueCategory,
    FocalPoint,
    Invitation,
    InvitationState,
    Organisation,
    OutboxMessage,
    Participation,
    ParticipationStatus,
    RegistrationMode,
    Role,
    Visibility,
)
from core.participation.registration import RegistrationRefused, register, takes_registrations
from tests import factories

ENDED = "has ended"


def end_dialogue(app, slug="7th-ahrd"):
    """Move the dialogue into the past (it ended an hour ago), in the test's own context (the
    one the requests use too)."""
    dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == slug))
    dialogue.ends_at = utcnow() - timedelta(hours=1)
    dialogue.starts_at = dialogue.ends_at - timedelta(days=2)
    db_session().commit()


@pytest.fixture
def dialogue(ctx):
    dialogue = factories.dialogue(slug="7th-ahrd", title="7th ASEAN Human Rights Dialogue")
    for category, mode in (
        (Category.CSO, RegistrationMode.FOCAL_POINTS),
        (Category.OBSERVER, RegistrationMode.OPEN),
    ):
        db_session().add(
            DialogueCategory(
                dialogue_id=dialogue.id, category=category, capacity=5, registration=mode
            )
        )
    db_session().commit()
    return dialogue


def sign_in(app, client, role=None, dialogue=None):
    with app.app_context():
        user = factories.user(role, dialogue=dialogue)
        db_session().commit()
    factories.login(client, user)
    return user


def test_the_rule_compares_instants_not_local_dates(ctx):
    # ends 17:00 in Jakarta (10:00 UTC) on 18 November 2030
    ends = datetime(2030, 11, 18, 10, 0, tzinfo=UTC)
    dialogue = factories.dialogue(starts_at=ends - timedelta(days=1), ends_at=ends)
    assert takes_registrations(dialogue, ends - timedelta(minutes=1))
    assert not takes_registrations(dialogue, ends)
    assert not takes_registrations(dialogue, ends + timedelta(minutes=1))


def test_register_refuses_a_past_dialogue_even_when_invited(ctx, dialogue):
    category = db_session().scalar(
        sa.select(DialogueCategory).where(DialogueCategory.category == Category.CSO)
    )
    later = dialogue.ends_at + timedelta(seconds=1)
    for invited in (False, True):
        with pytest.raises(RegistrationRefused, match=ENDED):
            register(
                category=category,
                person=factories.person(),
                organisation=None,
                visibility=Visibility.PUBLIC,
                actor=None,
                now=later,
                invited=invited,
            )


def test_the_register_page_of_a_past_dialogue_says_so_and_offers_no_form(app, client, dialogue):
    sign_in(app, client)
    before = client.get("/dialogues/7th-ahrd/register").get_data(as_text=True)
    assert "Register organisation" in before and "Register yourself" in before
    end_dialogue(app)
    page = client.get("/dialogues/7th-ahrd/register").get_data(as_text=True)
    assert ENDED in page
    assert "Register organisation" not in page and "Register yourself" not in page


def test_a_new_organisation_is_not_registered_on_a_past_dialogue(app, client, dialogue):
    sign_in(app, client)
    end_dialogue(app)
    response = client.post("/dialogues/7th-ahrd/register", data={"name": "Karen Rights Group"})
    assert response.status_code == 422 and ENDED in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(Organisation)) is None
        assert db_session().scalar(sa.select(FocalPoint)) is None


def test_self_registration_is_refused_on_a_past_dialogue(app, client, dialogue):
    sign_in(app, client)
    with app.app_context():
        category_id = db_session().scalar(
            sa.select(DialogueCategory.id).where(DialogueCategory.category == Category.OBSERVER)
        )
    end_dialogue(app)
    response = client.post(
        "/dialogues/7th-ahrd/register/self",
        data={"self-category_id": category_id, "self-visibility": "participants"},
    )
    assert response.status_code == 422 and ENDED in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(Participation)) is None


def test_a_focal_point_registers_no_representative_on_a_past_dialogue(app, client, dialogue):
    sign_in(app, client)
    delegation_url = client.post(
        "/dialogues/7th-ahrd/register", data={"name": "Karen Rights Group"}
    ).location
    with app.app_context():
        category_id = db_session().scalar(
            sa.select(DialogueCategory.id).where(DialogueCategory.category == Category.CSO)
        )
    end_dialogue(app)
    page = client.get(delegation_url).get_data(as_text=True)
    assert ENDED in page and "Register representative" not in page
    response = client.post(
        delegation_url,
        data={
            "name": "Naw Htoo Paw",
            "email": "htoo@example.org",
            "visibility": "anonymous",
            "category_id": category_id,
        },
    )
    assert response.status_code == 422 and ENDED in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(Participation)) is None


@pytest.fixture
def organiser(app, dialogue):
    with app.app_context():
        for category in db_session().scalars(sa.select(DialogueCategory)):
            category.registration = RegistrationMode.INVITATION
        db_session().commit()
    client = app.test_client()
    sign_in(app, client, Role.ORGANISER, dialogue)
    return client


def link_in_mail(app, to):
    with app.app_context():
        body = db_session().scalar(
            sa.select(OutboxMessage.body).where(OutboxMessage.to_address == to)
        )
    return re.search(r"http://localhost(/invitations/[^\s?]+)", body).group(1)


def test_an_invitation_is_not_answered_once_the_dialogue_has_ended(app, organiser):
    organiser.post(
        "/dialogues/7th-ahrd/invitations/person",
        data={
            "person-name": "Daw Aye Aye",
            "person-email": "aye@example.org",
            "person-organisation": "Women's League of Burma",
            "person-category": "cso",
        },
    )
    link = link_in_mail(app, "aye@example.org")
    end_dialogue(app)
    visitor = app.test_client()
    page = visitor.get(link).get_data(as_text=True)
    assert ENDED in page and "Accept the invitation" not in page
    for answer in ({"answer": "accept", "visibility": "organisers"}, {"answer": "decline"}):
        response = visitor.post(link, data=answer)
        assert response.status_code == 422 and ENDED in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(Participation.status)) == ParticipationStatus.INVITED
        assert db_session().scalar(sa.select(Invitation.state)) == InvitationState.SENT


def test_an_organisation_invitation_is_not_accepted_once_the_dialogue_has_ended(app, organiser):
    organiser.post(
        "/dialogues/7th-ahrd/invitations/organisation",
        data={
            "org-organisation": "Karen Human Rights Group",
            "org-email": "khrg@example.org",
            "org-category": "cso",
        },
    )
    link = link_in_mail(app, "khrg@example.org")
    end_dialogue(app)
    contact = app.test_client()
    with app.app_context():
        user = factories.user(email="khrg@example.org")
        db_session().commit()
    factories.login(contact, user)
    page = contact.get(link).get_data(as_text=True)
    assert ENDED in page and "Accept as" not in page
    response = contact.post(link, data={"answer": "accept"})
    assert response.status_code == 422 and ENDED in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(FocalPoint)) is None

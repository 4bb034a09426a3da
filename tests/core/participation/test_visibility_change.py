"""Changing who may see a participation after registering: by the person, their focal point
or an organiser, at any time, audited, the person told when someone else did it, and every
core output following at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    Dialogue,
    DialogueCategory,
    FocalPoint,
    OutboxMessage,
    Participation,
    Person,
    RegistrationMode,
    Role,
    User,
    Visibility,
)
from core.personal_data.erasure import erase_person
from tests import factories

NAME = "Mya Thandar Visible"
ORG = "Salween Quiet Network"


@dataclass(frozen=True)
class World:
    """Ids and sign-in addresses only: the records are read again in each request."""

    dialogue_id: int
    participation_id: int
    person_id: int
    organisation_id: int
    emails: dict[str, str]

    @property
    def url(self) -> str:
        return f"/dialogues/d/participations/{self.participation_id}/visibility"


@pytest.fixture
def world(app):
    """Dialogue ``d`` with a representative of ``ORG`` (visible to organisers only), who has an
    account; their organisation's focal point; a participant; an organiser; a stranger; the
    focal point of another organisation."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d", title="The dialogue")
        org = factories.organisation(name=ORG)
        person_user = factories.user(email="mya@salween.example")
        representative = factories.participation(
            dialogue,
            factories.person(
                name=NAME, email="mya@salween.example", organisation=org, user_id=person_user.id
            ),
            visibility=Visibility.ORGANISERS,
        )
        representative.badge_number = 7
        focal = factories.user()
        db_session().add(FocalPoint(user_id=focal.id, organisation_id=org.id))
        participant = factories.user()
        factories.participation(dialogue, factories.person(name="Open One", user_id=participant.id))
        other_focal = factories.user()
        db_session().add(FocalPoint(user_id=other_focal.id, organisation=factories.organisation()))
        users = {
            "person": person_user,
            "focal": focal,
            "participant": participant,
            "organiser": factories.user(Role.ORGANISER, dialogue=dialogue),
            "stranger": factories.user(),
            "other focal": other_focal,
        }
        db_session().commit()
        return World(
            dialogue_id=dialogue.id,
            participation_id=representative.id,
            person_id=representative.person_id,
            organisation_id=org.id,
            emails={role: user.email for role, user in users.items()},
        )


def signed_in(app, world: World, role: str):
    client = app.test_client()
    response = client.post(
        "/login", data={"email": world.emails[role], "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return client


def visibility_of(app, world: World) -> Visibility:
    with app.app_context():
        return db_session().get(Participation, world.participation_id).visibility


def entries(app) -> list[dict]:
    with app.app_context():
        return [
            {
                "actor_id": e.actor_id,
                "object_id": e.object_id,
                "dialogue_id": e.dialogue_id,
                "details": e.details,
            }
            for e in db_session().scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "participation.visibility_changed")
            )
        ]


def mails(app) -> list[dict]:
    with app.app_context():
        return [
            {"to": m.to_address, "person_id": m.person_id, "body": m.body}
            for m in db_session().scalars(
                sa.select(OutboxMessage).where(OutboxMessage.kind == "visibility_changed")
            )
        ]


def user_id(app, world: World, role: str) -> int:
    with app.app_context():
        return db_session().scalar(sa.select(User.id).where(User.email == world.emails[role]))


def test_the_focal_point_changes_a_representatives_visibility(app, world):
    client = signed_in(app, world, "focal")
    delegation = client.get(f"/dialogues/d/delegations/{world.organisation_id}")
    assert world.url in delegation.get_data(as_text=True)
    page = client.get(world.url).get_data(as_text=True)
    assert f"Who may see that {NAME} takes part" in page
    assert "Now: <strong>Organisers only</strong>" in page
    assert "Only the organisers see your name and organisation." in page  # the hints
    assert re.search(r'<input [^>]*checked[^>]*value="organisers"', page)
    response = client.post(world.url, data={"visibility": "public"})
    assert response.status_code == 302
    assert response.location.endswith(f"/dialogues/d/delegations/{world.organisation_id}")
    back = client.get(response.location).get_data(as_text=True)
    assert f"Who may see {NAME} is now: Public." in back
    assert visibility_of(app, world) == Visibility.PUBLIC
    assert entries(app) == [
        {
            "actor_id": user_id(app, world, "focal"),
            "object_id": world.participation_id,
            "dialogue_id": world.dialogue_id,
            "details": {"old": "organisers", "new": "public", "by": "focal point"},
        }
    ]
    (mail,) = mails(app)
    assert mail["to"] == "mya@salween.example" and mail["person_id"] == world.person_id
    assert f"The focal point of {ORG} changed" in mail["body"]
    assert "Before: Organisers only" in mail["body"] and "Now:    Public" in mail["body"]
    assert f"http://localhost{world.url}" in mail["body"]


def test_the_person_changes_their_own_without_an_email(app, world):
    client = signed_in(app, world, "person")
    assert "Who may see that you take part" in client.get(world.url).get_data(as_text=True)
    response = client.post(world.url, data={"visibility": "anonymous"})
    assert response.status_code == 302 and response.location.endswith(world.url)
    assert "Now: <strong>Anonymous</strong>" in client.get(world.url).get_data(as_text=True)
    assert visibility_of(app, world) == Visibility.ANONYMOUS
    assert [e["details"]["by"] for e in entries(app)] == ["person"]
    assert mails(app) == []


def test_the_persons_registration_page_links_to_it(app, world):
    with app.app_context():
        db_session().add(
            DialogueCategory(
                dialogue_id=world.dialogue_id,
                category=Category.CSO,
                registration=RegistrationMode.OPEN,
            )
        )
        db_session().commit()
    page = signed_in(app, world, "person").get("/dialogues/d/register").get_data(as_text=True)
    assert f'href="{world.url}"' in page


def test_an_organiser_may_change_it_and_the_person_is_told(app, world):
    client = signed_in(app, world, "organiser")
    assert client.post(world.url, data={"visibility": "participants"}).status_code == 302
    assert visibility_of(app, world) == Visibility.PARTICIPANTS
    assert [e["details"]["by"] for e in entries(app)] == ["organiser"]
    (mail,) = mails(app)
    assert "The organisers of The dialogue changed" in mail["body"]


@pytest.mark.parametrize("who", ["participant", "stranger", "other focal"])
def test_nobody_else_may_change_it(app, world, who):
    client = signed_in(app, world, who)
    assert client.get(world.url).status_code == 404
    assert client.post(world.url, data={"visibility": "public"}).status_code == 404
    assert visibility_of(app, world) == Visibility.ORGANISERS and entries(app) == []


def test_a_visitor_is_asked_to_sign_in(app, world):
    response = app.test_client().post(world.url, data={"visibility": "public"})
    assert response.status_code == 302 and "/login" in response.location
    assert visibility_of(app, world) == Visibility.ORGANISERS


def test_a_bad_choice_is_refused_and_changes_nothing(app, world):
    client = signed_in(app, world, "focal")
    for data in ({}, {"visibility": "everyone"}):
        refused = client.post(world.url, data=data)
        assert refused.status_code == 422
        assert "There is a problem" in refused.get_data(as_text=True)
    assert visibility_of(app, world) == Visibility.ORGANISERS
    assert entries(app) == [] and mails(app) == []


def test_the_same_choice_again_records_nothing(app, world):
    client = signed_in(app, world, "focal")
    response = client.post(world.url, data={"visibility": "organisers"})
    assert response.status_code == 302
    assert "Nothing changed" in client.get(response.location).get_data(as_text=True)
    assert entries(app) == [] and mails(app) == []


def test_it_can_be_changed_after_the_dialogue_ended(app, world):
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        dialogue.starts_at = datetime.now(UTC) - timedelta(days=30)
        dialogue.ends_at = datetime.now(UTC) - timedelta(days=29)
        db_session().commit()
    client = signed_in(app, world, "person")
    assert client.post(world.url, data={"visibility": "anonymous"}).status_code == 302
    assert client.post(world.url, data={"visibility": "public"}).status_code == 302
    assert visibility_of(app, world) == Visibility.PUBLIC


def test_an_erased_persons_visibility_cannot_be_changed(app, world):
    with app.app_context():
        erase_person(db_session().get(Person, world.person_id), actor=None, reason="asked")
    before = visibility_of(app, world)
    client = signed_in(app, world, "organiser")
    page = client.get(world.url).get_data(as_text=True)
    assert "personal data was erased" in page and "Change visibility" not in page
    assert client.post(world.url, data={"visibility": "public"}).status_code == 409
    assert visibility_of(app, world) == before and entries(app) == []


def test_every_core_output_follows_at_once(app, world):
    """The dialogue page (its organisations), the participant list and its CSV, for a visitor
    and for a participant, and the badge follow each change, both ways."""
    visitor, participant = app.test_client(), signed_in(app, world, "participant")
    focal = signed_in(app, world, "focal")
    badge = f"/dialogues/d/badges/{world.participation_id}"

    def text(client, path: str) -> str:
        response = client.get(path)
        assert response.status_code == 200, path
        return response.get_data(as_text=True)

    def seen() -> dict[str, bool]:
        return {
            "visitor page": ORG in text(visitor, "/dialogues/d"),
            "visitor list": NAME in text(visitor, "/dialogues/d/participants"),
            "visitor csv": NAME in text(visitor, "/dialogues/d/participants.csv"),
            "participant list": NAME in text(participant, "/dialogues/d/participants"),
            "participant csv": NAME in text(participant, "/dialogues/d/participants.csv"),
            "badge": NAME in text(focal, badge),
        }

    outputs = list(seen())
    assert seen() == {key: key == "badge" for key in outputs}  # organisers only
    focal.post(world.url, data={"visibility": "public"}, follow_redirects=True)
    assert seen() == dict.fromkeys(outputs, True)
    focal.post(world.url, data={"visibility": "participants"}, follow_redirects=True)
    assert seen() == {key: not key.startswith("visitor") for key in outputs}
    focal.post(world.url, data={"visibility": "anonymous"}, follow_redirects=True)
    assert seen() == dict.fromkeys(outputs, False)  # the badge names nobody either
    assert '<p class="badge-name">Participant</p>' in text(focal, badge)


def test_the_dialogue_page_leads_the_person_to_their_participation(app, world):
    client = signed_in(app, world, "person")
    assert 'href="/dialogues/d/your-participation"' in client.get("/dialogues/d").get_data(
        as_text=True
    )
    page = client.get("/dialogues/d/your-participation").get_data(as_text=True)
    assert "Organisers only" in page and f'href="{world.url}"' in page
    assert "Change who may see you" in page and "Your badge" in page
    stranger = signed_in(app, world, "stranger").get("/dialogues/d/your-participation")
    assert "You are not registered for this dialogue." in stranger.get_data(as_text=True)
    assert NAME not in stranger.get_data(as_text=True)

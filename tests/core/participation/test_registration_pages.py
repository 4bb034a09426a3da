"""Organisers open categories; CSO focal points register their organisation and its people."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    DialogueCategory,
    FocalPoint,
    Organisation,
    Participation,
    ParticipationStatus,
    RegistrationMode,
    Role,
    Visibility,
)
from core.plugin_api import Finding, hookimpl
from tests import factories

CATEGORY = {
    "category": "cso",
    "label": "Civil society organisations",
    "capacity": "2",
    "needs_approval": "y",
    "registration": "focal-points",
    "required_status": "",
    "required_status_issuer": "",
    "opens_at": "",
    "closes_at": "",
}


@pytest.fixture
def dialogue(ctx):
    dialogue = factories.dialogue(slug="7th-ahrd", title="7th ASEAN Human Rights Dialogue")
    db_session().commit()
    return dialogue


def sign_in(app, client, role=None, dialogue=None):
    with app.app_context():
        user = factories.user(role, dialogue=dialogue)
        db_session().commit()
    factories.login(client, user)
    return user


def test_organiser_opens_a_category_with_local_window(app, client, dialogue):
    sign_in(app, client, Role.ORGANISER, dialogue)
    form = client.get("/dialogues/7th-ahrd/categories/new").get_data(as_text=True)
    assert "<legend>Registration window (Jakarta, UTC+7)</legend>" in form
    data = {**CATEGORY, "opens_at": "2030-10-01T09:00", "closes_at": "2030-11-01T17:00"}
    response = client.post("/dialogues/7th-ahrd/categories/new", data=data)
    assert response.status_code == 302
    page = client.get("/dialogues/7th-ahrd/categories/").get_data(as_text=True)
    assert "Civil society organisations" in page and "0 of 2" in page
    assert "1 October 2030 09:00 (Jakarta, UTC+7)" in page
    with app.app_context():
        category = db_session().scalar(sa.select(DialogueCategory))
        assert category.opens_at.hour == 2  # 09:00 in Jakarta is 02:00 UTC
        assert category.registration == RegistrationMode.FOCAL_POINTS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"capacity": "-1"}, "Enter 0 or more"),
        ({"capacity": "many"}, "Not a valid integer value"),
        ({"opens_at": "2030-11-02T09:00", "closes_at": "2030-11-01T09:00"}, "must close after"),
        ({"required_status_issuer": "AICHR"}, "Enter the status that the issuer grants"),
        ({"registration": "everyone"}, "Not a valid choice"),
    ],
)
def test_invalid_category_is_refused(app, client, dialogue, change, message):
    sign_in(app, client, Role.ORGANISER, dialogue)
    response = client.post("/dialogues/7th-ahrd/categories/new", data={**CATEGORY, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(DialogueCategory)) is None


def test_a_category_cannot_be_opened_twice(app, client, dialogue):
    sign_in(app, client, Role.ORGANISER, dialogue)
    assert client.post("/dialogues/7th-ahrd/categories/new", data=CATEGORY).status_code == 302
    again = client.post("/dialogues/7th-ahrd/categories/new", data=CATEGORY)
    assert again.status_code == 422
    assert "already has this category" in again.get_data(as_text=True)


def test_only_the_dialogues_organisers_manage_categories(app, client, dialogue):
    other = factories.dialogue()
    db_session().commit()
    sign_in(app, client, Role.ORGANISER, other)
    assert client.get("/dialogues/7th-ahrd/categories/").status_code == 403
    assert client.post("/dialogues/7th-ahrd/categories/new", data=CATEGORY).status_code == 403


def open_category(dialogue, **fields):
    values = {
        "dialogue_id": dialogue.id,
        "category": Category.CSO,
        "capacity": 1,
        "registration": RegistrationMode.FOCAL_POINTS,
    }
    values.update(fields)
    db_session().add(DialogueCategory(**values))
    db_session().commit()


REPRESENTATIVE = {
    "name": "Naw Htoo Paw",
    "position": "Coordinator",
    "email": "htoo@example.org",
    "visibility": "anonymous",
}


def test_focal_point_registers_organisation_and_representatives(app, client, dialogue):
    open_category(dialogue)
    user = sign_in(app, client)
    start = client.post("/dialogues/7th-ahrd/register", data={"name": "Karen Rights Group"})
    assert start.status_code == 302
    delegation_url = start.location
    page = client.get(delegation_url).get_data(as_text=True)
    assert "Only the organisers know you take part" in page  # the plain explanation
    with app.app_context():
        category_id = db_session().scalar(sa.select(DialogueCategory.id))
        org = db_session().scalar(sa.select(Organisation))
        assert db_session().scalar(sa.select(FocalPoint.user_id)) == user.id
    first = client.post(delegation_url, data={**REPRESENTATIVE, "category_id": category_id})
    assert first.status_code == 302
    second = client.post(
        delegation_url,
        data={
            **REPRESENTATIVE,
            "name": "Ko Min",
            "email": "min@example.org",
            "category_id": category_id,
        },
    )
    assert second.status_code == 302
    page = client.get(delegation_url).get_data(as_text=True)
    assert "Naw Htoo Paw" in page and "Ko Min" in page
    assert "Registered" in page and "Waitlisted" in page
    with app.app_context():
        rows = db_session().scalars(sa.select(Participation).order_by(Participation.id)).all()
        assert [p.status for p in rows] == [
            ParticipationStatus.REGISTERED,
            ParticipationStatus.WAITLISTED,
        ]
        assert all(p.organisation_id == org.id for p in rows)
        assert rows[0].visibility == Visibility.ANONYMOUS
        assert rows[0].registered_by_id == user.id


def test_a_known_organisation_cannot_be_claimed_by_name(app, client, dialogue):
    open_category(dialogue)
    with app.app_context():
        factories.organisation(name="ASEAN SOGIE Caucus")
        db_session().commit()
    sign_in(app, client)
    response = client.post("/dialogues/7th-ahrd/register", data={"name": "asean sogie caucus"})
    assert response.status_code == 422
    assert "Ask the organisers to make you its focal point" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(FocalPoint)) is None


def test_a_focal_point_sees_only_their_own_delegation(app, client, dialogue):
    open_category(dialogue)
    with app.app_context():
        other = factories.organisation(name="Someone Else's Org")
        db_session().commit()
    sign_in(app, client)
    assert client.get(f"/dialogues/7th-ahrd/delegations/{other.id}").status_code == 404


def test_representative_form_requires_a_visibility_choice(app, client, dialogue):
    open_category(dialogue)
    sign_in(app, client)
    delegation_url = client.post("/dialogues/7th-ahrd/register", data={"name": "New Org"}).location
    with app.app_context():
        category_id = db_session().scalar(sa.select(DialogueCategory.id))
    data = {**REPRESENTATIVE, "visibility": "", "category_id": category_id, "email": "bad"}
    response = client.post(delegation_url, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose who may see this person" in html and "Enter a valid e-mail address" in html
    with app.app_context():
        assert db_session().scalar(sa.select(Participation)) is None


def test_status_requirement_hides_the_category(app, client, dialogue):
    open_category(dialogue, required_status="Consultative relationship")
    sign_in(app, client)
    delegation_url = client.post("/dialogues/7th-ahrd/register", data={"name": "New Org"}).location
    assert "No category is open to New Org" in client.get(delegation_url).get_data(as_text=True)


class Blocker:
    @hookimpl
    def check_participation(self, step, participation, actor):
        return [
            Finding(source="lists", code="junta", message="Listed: junta appointee", blocking=True)
        ]


def test_a_blocked_registration_is_audited_and_not_explained_to_the_registrant(make_app, dialogue):
    app = make_app(plugins={"blocker": Blocker()})
    client = app.test_client()
    with app.app_context():
        open_category(db_session().merge(dialogue))
    sign_in(app, client)
    delegation_url = client.post("/dialogues/7th-ahrd/register", data={"name": "New Org"}).location
    with app.app_context():
        category_id = db_session().scalar(sa.select(DialogueCategory.id))
    response = client.post(delegation_url, data={**REPRESENTATIVE, "category_id": category_id})
    page = client.get(response.location).get_data(as_text=True)
    assert "cannot go ahead" in page and "junta" not in page
    with app.app_context():
        assert db_session().scalar(sa.select(Participation)) is None
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.gate_blocked")
        )
        assert event.details["findings"] == ["lists:junta"]


def test_someone_registers_themselves_in_an_open_category(app, client, dialogue):
    open_category(dialogue, category=Category.OBSERVER, registration=RegistrationMode.OPEN)
    user = sign_in(app, client)
    page = client.get("/dialogues/7th-ahrd/register").get_data(as_text=True)
    assert "Register yourself" in page
    with app.app_context():
        category_id = db_session().scalar(sa.select(DialogueCategory.id))
    missing = client.post(
        "/dialogues/7th-ahrd/register/self", data={"self-category_id": category_id}
    )
    assert missing.status_code == 422
    assert "Choose who may see that you take part" in missing.get_data(as_text=True)
    done = client.post(
        "/dialogues/7th-ahrd/register/self",
        data={"self-category_id": category_id, "self-visibility": "participants"},
    )
    assert done.status_code == 302
    page = client.get("/dialogues/7th-ahrd/register").get_data(as_text=True)
    assert "Your own registration" in page and "Registered" in page
    with app.app_context():
        participation = db_session().scalar(sa.select(Participation))
        assert participation.person.user_id == user.id
        assert participation.visibility == Visibility.PARTICIPANTS


def test_raising_the_capacity_gives_places_to_the_waitlist(app, client, dialogue):
    from core.participation.registration import register

    open_category(dialogue, capacity=1)
    with app.app_context():
        category = db_session().scalar(sa.select(DialogueCategory))
        for _ in range(3):
            register(
                category=category,
                person=factories.person(),
                organisation=None,
                visibility=Visibility.PUBLIC,
                actor=None,
            )
    sign_in(app, client, Role.ORGANISER, dialogue)
    response = client.post(
        f"/dialogues/7th-ahrd/categories/{category.id}/edit", data={**CATEGORY, "capacity": "2"}
    )
    assert "1 moved up from the waitlist" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        statuses = db_session().scalars(sa.select(Participation.status)).all()
    assert sorted(s.value for s in statuses) == ["registered", "registered", "waitlisted"]

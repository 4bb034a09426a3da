"""The registry of organisations (with statuses) and people."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Organisation, OrganisationStatus, Person, Role
from tests import factories


@pytest.fixture
def organiser(app, client):
    with app.app_context():
        user = factories.user(Role.ORGANISER)
        db_session().commit()
    factories.login(client, user)
    return client


def count(app, model) -> int:
    with app.app_context():
        return db_session().scalar(sa.select(sa.func.count()).select_from(model))


def test_add_and_edit_an_organisation(app, organiser):
    data = {"name": "ASEAN SOGIE Caucus", "kind": "cso", "website": "https://aseansogiecaucus.org"}
    response = organiser.post("/organisations/new", data=data)
    assert response.status_code == 302
    page = organiser.get(response.location).get_data(as_text=True)
    assert "ASEAN SOGIE Caucus" in page and "Civil society organisation" in page
    edit_url = response.location + "/edit"
    assert organiser.post(edit_url, data={**data, "acronym": "ASC"}).status_code == 302
    assert "ASEAN SOGIE Caucus (ASC)" in organiser.get("/organisations/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "cso"}, "Enter the organisation&#39;s name"),
        ({"name": "X", "kind": ""}, "Choose the type of organisation"),
        ({"name": "X", "kind": "junta"}, "Not a valid choice"),
        ({"name": "X", "kind": "cso", "website": "not a url"}, "Enter a full web address"),
    ],
)
def test_invalid_organisation_is_refused_with_a_message(app, organiser, data, message):
    response = organiser.post("/organisations/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(app, Organisation) == 0


def test_duplicate_organisation_name_is_refused(app, organiser):
    with app.app_context():
        factories.organisation(name="CIVICUS")
        db_session().commit()
    response = organiser.post("/organisations/new", data={"name": "CIVICUS", "kind": "cso"})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_statuses_with_expiry_are_added_shown_and_removed(app, organiser):
    with app.app_context():
        org = factories.organisation(name="Mekong Rights Collective")
        db_session().commit()
        url = f"/organisations/{org.id}"
    data = {
        "name": "Consultative relationship",
        "issuer": "AICHR",
        "valid_from": "2020-01-01",
        "expires_on": "2021-12-31",
    }
    assert organiser.post(url, data=data).status_code == 302
    page = organiser.get(url).get_data(as_text=True)
    assert "Consultative relationship" in page and "Not valid today" in page
    again = organiser.post(url, data=data)
    assert again.status_code == 422
    assert "already holds this status" in again.get_data(as_text=True)
    backwards = organiser.post(
        url, data={**data, "name": "ECOSOC status", "expires_on": "2019-01-01"}
    )
    assert "The expiry date must be on or after the start date" in backwards.get_data(as_text=True)
    with app.app_context():
        status = db_session().scalar(sa.select(OrganisationStatus))
        assert status.is_valid(date(2021, 6, 1)) and not status.is_valid(date(2022, 1, 1))
        status_id = status.id
    assert organiser.post(f"{url}/statuses/{status_id}/delete").status_code == 302
    assert count(app, OrganisationStatus) == 0
    with app.app_context():
        actions = db_session().scalars(sa.select(AuditEvent.action)).all()
    assert {"organisation.status_added", "organisation.status_removed"} <= set(actions)


def test_add_a_person_with_burmese_name_and_original_script(app, organiser):
    data = {
        "name": "Daw Aung Myat",
        "name_original_script": "ဒေါ်အောင်မြတ်",
        "position": "Coordinator",
        "organisation_id": "0",
        "email": "Aung.Myat@Example.org",
    }
    response = organiser.post("/people/new", data=data)
    assert response.status_code == 302
    page = organiser.get(response.location).get_data(as_text=True)
    assert "ဒေါ်အောင်မြတ်" in page
    with app.app_context():
        person = db_session().scalar(sa.select(Person))
        assert person.email == "aung.myat@example.org"
        assert person.given_name == "" and person.family_name == ""


def test_invalid_person_keeps_what_was_typed(app, organiser):
    data = {"name": "Ko Min", "email": "not-an-email", "organisation_id": "0"}
    response = organiser.post("/people/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a valid e-mail address" in html and 'value="Ko Min"' in html
    assert count(app, Person) == 0


def test_people_search_treats_wildcards_literally(app, organiser):
    with app.app_context():
        factories.person(name="Maung Maung Aye")
        factories.person(name="100% Sure")
        db_session().commit()
    assert "Maung Maung Aye" in organiser.get("/people/?q=maung").get_data(as_text=True)
    html = organiser.get("/people/?q=%25").get_data(as_text=True)
    assert "100% Sure" in html and "Maung Maung Aye" not in html


def test_unknown_ids_are_404(organiser):
    assert organiser.get("/organisations/999").status_code == 404
    assert organiser.get("/people/999/edit").status_code == 404
    assert organiser.get("/people/abc").status_code == 404


def test_organisers_name_and_remove_focal_points(app, organiser):
    with app.app_context():
        org = factories.organisation(name="Karen Rights Group")
        contact = factories.user(email="contact@example.org")
        db_session().commit()
        url = f"/organisations/{org.id}"
    missing = organiser.post(f"{url}/focal-points", data={"email": "nobody@example.org"})
    assert "No account has this e-mail address" in organiser.get(missing.location).get_data(
        as_text=True
    )
    organiser.post(f"{url}/focal-points", data={"email": "Contact@Example.org"})
    page = organiser.get(url).get_data(as_text=True)
    assert "contact@example.org" in page
    with app.app_context():
        from core.models import FocalPoint

        focal_point = db_session().scalar(sa.select(FocalPoint))
        assert focal_point.user_id == contact.id
        fp_id = focal_point.id
    organiser.post(f"{url}/focal-points/{fp_id}/remove")
    with app.app_context():
        from core.models import FocalPoint

        assert db_session().scalar(sa.select(FocalPoint)) is None
        actions = set(db_session().scalars(sa.select(AuditEvent.action)))
    assert {"focal_point.added", "focal_point.removed"} <= actions

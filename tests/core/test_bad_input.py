"""Input no page can use is refused plainly: never a 500, never half saved."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Organisation, Role
from tests import factories


@pytest.fixture
def admin_client(app, client):
    with app.app_context():
        admin = factories.user(Role.ADMINISTRATOR)
        factories.dialogue(slug="d")
        db_session().commit()
    factories.login(client, admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/99999999999999999999999",
        "/organisations/3000000000",
        "/people/3000000000/edit",
        "/admin/users/99999999999999999999",
        "/dialogues/d/categories/3000000000/edit",
    ],
)
def test_ids_beyond_the_database_range_are_404(admin_client, url):
    assert admin_client.get(url).status_code == 404


def test_a_huge_page_number_is_clamped(admin_client):
    assert admin_client.get("/people/?page=99999999999999999999").status_code == 200


@pytest.mark.parametrize(
    "url", ["/dialogues/a%00b", "/series/a%00b", "/dialogues/d/programme?x=%00", "/people/?q=a%00b"]
)
def test_nul_characters_in_the_address_are_400(admin_client, url):
    assert admin_client.get(url).status_code == 400


def test_nul_characters_in_a_form_are_400_and_save_nothing(app, admin_client):
    response = admin_client.post("/organisations/new", data={"name": "X\x00", "kind": "cso"})
    assert response.status_code == 400
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_surrounding_spaces_do_not_dodge_the_duplicate_check(app, admin_client):
    data = {"name": "ASEAN SOGIE Caucus", "kind": "cso"}
    assert admin_client.post("/organisations/new", data=data).status_code == 302
    again = admin_client.post("/organisations/new", data={**data, "name": " ASEAN SOGIE Caucus "})
    assert again.status_code == 422
    assert "already exists" in again.get_data(as_text=True)


def test_passwords_are_not_trimmed(app, client):
    with app.app_context():
        user = factories.user(email="spaces@example.org")
        user.set_password("  spaces around  ")
        db_session().commit()
    response = client.post(
        "/login", data={"email": "spaces@example.org", "password": "  spaces around  "}
    )
    assert response.status_code == 302


def test_a_conflict_at_commit_is_a_409_not_a_500(make_app, monkeypatch):
    """Two requests passing the uniqueness check at once: the loser gets a plain 409."""
    from core.forms import Unique

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        admin = factories.user(Role.ADMINISTRATOR)
        factories.organisation(name="Twice")
        db_session().commit()
    client = app.test_client()
    factories.login(client, admin)
    # as if the other request had not committed yet when this one checked
    monkeypatch.setattr(Unique, "__call__", lambda self, form, field: None)
    response = client.post("/organisations/new", data={"name": "Twice", "kind": "cso"})
    assert response.status_code == 409
    assert "saved at the same moment" in response.get_data(as_text=True)

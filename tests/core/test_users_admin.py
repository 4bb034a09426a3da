"""Administrators manage accounts and roles; nobody else can."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Role, User
from tests import factories


@pytest.fixture
def admin(app, client):
    with app.app_context():
        user = factories.user(Role.ADMINISTRATOR)
        db_session().commit()
    factories.login(client, user)
    return user


def test_only_administrators_see_user_pages(app, client):
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        db_session().commit()
    factories.login(client, organiser)
    assert client.get("/admin/users/").status_code == 403
    assert client.post("/admin/users/new", data={}).status_code == 403


def test_create_account_grant_and_revoke_a_dialogue_role(app, client, admin):
    with app.app_context():
        dialogue = factories.dialogue(title="7th ASEAN Human Rights Dialogue")
        db_session().commit()
    response = client.post(
        "/admin/users/new",
        data={"name": "Rapporteur", "email": "rapp@example.org", "password": "long enough pass"},
    )
    assert response.status_code == 302
    user_url = response.location
    grant = client.post(user_url, data={"role": "rapporteur", "dialogue_id": str(dialogue.id)})
    assert grant.status_code == 302
    page = client.get(user_url).get_data(as_text=True)
    assert "Rapporteur" in page and "7th ASEAN Human Rights Dialogue" in page
    with app.app_context():
        user = db_session().scalar(sa.select(User).where(User.email == "rapp@example.org"))
        assert user.has_role(Role.RAPPORTEUR, dialogue.id)
        grant_id = user.grants[0].id
    assert client.post(f"{user_url}/grants/{grant_id}/revoke").status_code == 302
    with app.app_context():
        user = db_session().get(User, user.id)
        assert user.grants == []
        actions = db_session().scalars(sa.select(AuditEvent.action)).all()
    assert {"user.created", "role.granted", "role.revoked"} <= set(actions)


def test_bad_account_input_rerenders_with_messages(app, client, admin):
    response = client.post(
        "/admin/users/new", data={"name": "", "email": admin.email, "password": "short"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a name" in html and "The password is too short" in html
    duplicate = client.post(
        "/admin/users/new", data={"name": "X", "email": admin.email, "password": "long enough pass"}
    )
    assert duplicate.status_code == 422
    assert "already exists" in duplicate.get_data(as_text=True)


def test_administrator_cannot_lock_themselves_out(app, client, admin):
    with app.app_context():
        grant_id = db_session().get(User, admin.id).grants[0].id
    client.post(f"/admin/users/{admin.id}/grants/{grant_id}/revoke")
    client.post(f"/admin/users/{admin.id}/active")
    with app.app_context():
        user = db_session().get(User, admin.id)
        assert user.is_admin and user.active


def test_deactivated_user_is_signed_out_and_cannot_sign_in(app, client, admin):
    with app.app_context():
        other = factories.user()
        db_session().commit()
    other_client = app.test_client()
    factories.login(other_client, other)
    assert client.post(f"/admin/users/{other.id}/active").status_code == 302
    assert "Sign in" in other_client.get("/").get_data(as_text=True)
    response = other_client.post(
        "/login", data={"email": other.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 422

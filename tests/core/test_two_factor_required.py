"""Who must have a second factor (``REQUIRE_TWO_FACTOR``), an administrator's reset, and the
other sessions that end when the second factor changes."""

from __future__ import annotations

import pyotp
import pytest
import sqlalchemy as sa

from core.config import DEFAULTS
from core.db import db_session
from core.demo import two_factor_notice
from core.models import AuditEvent, RecoveryCode, Role, User
from tests import factories
from tests.core.two_factor_support import (
    code,
    key_on_page,
    messages,
    password_step,
    signed_in,
    with_two_factor,
)

REQUIRED = ["administrator", "organiser"]


@pytest.fixture
def strict(make_app):
    """An app that requires a second factor of administrators and organisers."""
    return make_app(REQUIRE_TWO_FACTOR=REQUIRED)


def _user(user_id: int) -> User:
    return db_session().get(User, user_id)


def test_by_default_administrators_and_organisers_must_have_it():
    assert DEFAULTS["REQUIRE_TWO_FACTOR"] == REQUIRED


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("", []),
        ("organiser", ["organiser"]),
        (" organiser, chair ,", ["organiser", "chair"]),
        (["rapporteur"], ["rapporteur"]),
    ],
)
def test_the_roles_may_be_a_list_or_a_comma_string(make_app, given, read):
    assert make_app(REQUIRE_TWO_FACTOR=given).config["REQUIRE_TWO_FACTOR"] == read


def test_the_demo_says_whether_two_factor_is_required():
    assert "OFF for the demo" in two_factor_notice([])
    assert "required of: administrator, organiser" in two_factor_notice(REQUIRED)


def test_a_role_that_needs_it_is_sent_to_set_it_up_before_anything_else(strict):
    with strict.app_context():
        dialogue = factories.dialogue()
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)  # of one dialogue only
        db_session().commit()
    client = strict.test_client()
    assert password_step(client, organiser).status_code == 302
    for path in ["/", "/series/", "/account/data", f"/dialogues/{dialogue.slug}/review/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location == "/account/two-factor", path
    assert client.post("/account/erase", data={}).location == "/account/two-factor"
    with client.get("/static/parley.css") as stylesheet:
        assert stylesheet.status_code == 200
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Your role needs two-factor authentication" in page

    secret = key_on_page(page)
    done = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302  # signing out is always open


def test_signing_out_is_open_before_set_up(strict):
    with strict.app_context():
        admin = factories.user(Role.ADMINISTRATOR)
        db_session().commit()
    client = strict.test_client()
    password_step(client, admin)
    assert client.get("/").location == "/account/two-factor"
    assert client.post("/logout").location == "/"
    assert client.get("/").status_code == 200  # a visitor now


def test_other_roles_are_not_sent_to_set_up(strict):
    with strict.app_context():
        dialogue = factories.dialogue()
        chair = factories.user(Role.CHAIR, dialogue=dialogue)
        member = factories.user()
        db_session().commit()
    for user in (chair, member):
        client = strict.test_client()
        password_step(client, user)
        assert client.get("/").status_code == 200
        assert client.get("/account/data").status_code == 200
        page = client.get("/account/two-factor").get_data(as_text=True)
        assert "Your role needs two-factor authentication" not in page


def test_an_organiser_with_a_second_factor_goes_where_they_asked(strict):
    with strict.app_context():
        organiser = factories.user(Role.ORGANISER)
        secret, _codes = with_two_factor(organiser)
        db_session().commit()
    client = strict.test_client()
    client.post(
        "/login?next=/people/",
        data={"email": organiser.email, "password": factories.PASSWORD},
    )
    assert client.post("/login/two-factor", data={"code": code(secret, 1)}).location == "/people/"
    assert client.get("/people/").status_code == 200


# --- other sessions end when the second factor changes


def test_turning_it_on_signs_out_every_other_session(app):
    with app.app_context():
        member = factories.user()
        db_session().commit()
    here, elsewhere = app.test_client(), app.test_client()
    factories.login(here, member)
    factories.login(elsewhere, member)
    page = here.get("/account/two-factor").get_data(as_text=True)
    secret = key_on_page(page)
    assert here.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()}).status_code
    assert signed_in(here)
    assert not signed_in(elsewhere)


def test_turning_it_off_signs_out_every_other_session(app):
    with app.app_context():
        member = factories.user()
        secret, codes = with_two_factor(member)
        db_session().commit()
    here, elsewhere = app.test_client(), app.test_client()
    for client, second in ((here, codes[0]), (elsewhere, codes[1])):
        password_step(client, member)
        assert client.post("/login/two-factor", data={"code": second}).status_code == 302
    off = {"off-password": factories.PASSWORD, "off-code": code(secret, 1)}
    assert here.post("/account/two-factor/disable", data=off).status_code == 302
    assert signed_in(here)
    assert not signed_in(elsewhere)


# --- an administrator's reset


def test_an_administrator_resets_a_lost_second_factor(app):
    with app.app_context():
        admin = factories.user(Role.ADMINISTRATOR)
        owner = factories.user()
        _secret, codes = with_two_factor(owner)
        db_session().commit()
    owners = app.test_client()
    password_step(owners, owner)
    owners.post("/login/two-factor", data={"code": codes[0]})
    assert signed_in(owners)

    client = app.test_client()
    factories.login(client, admin)
    user_page = client.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    assert f"/admin/users/{owner.id}/two-factor/reset" in user_page
    assert client.get(f"/admin/users/{owner.id}/two-factor/reset").status_code == 200

    refused = client.post(f"/admin/users/{owner.id}/two-factor/reset", data={"reason": " "})
    assert refused.status_code == 422
    assert "Say why the second factor is reset" in refused.get_data(as_text=True)
    with app.app_context():
        assert _user(owner.id).has_two_factor

    reason = "Lost phone and codes; called back on the number in the delegation list"
    done = client.post(f"/admin/users/{owner.id}/two-factor/reset", data={"reason": reason})
    assert done.status_code == 302 and done.location == f"/admin/users/{owner.id}"
    with app.app_context():
        user = _user(owner.id)
        assert not user.has_two_factor and user.totp_secret is None
        assert db_session().scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "account.two_factor_reset")
        )
        assert event.actor_id == admin.id and event.object_id == owner.id
        assert event.reason == reason
        (mail,) = messages("account_two_factor_reset")
        assert mail.to_address == owner.email and reason in mail.body
    assert not signed_in(owners)  # the lost phone's session ended too
    assert password_step(owners, owner).location == "/"  # the password alone, now
    again = client.get(f"/admin/users/{owner.id}/two-factor/reset")
    assert "has no second factor to reset" in again.get_data(as_text=True)


def test_the_server_resets_the_second_factor_of_the_last_administrator(app, runner):
    with app.app_context():
        admin = factories.user(Role.ADMINISTRATOR, email="only-admin@example.org")
        with_two_factor(admin)
        db_session().commit()
    args = ["users", "reset-two-factor", admin.email]
    assert runner.invoke(args=args).exit_code != 0  # no reason given
    assert (
        "No user"
        in runner.invoke(args=["users", "reset-two-factor", "x@y.org", "--reason", "r"]).output
    )
    done = runner.invoke(args=[*args, "--reason", "Lost phone; seen in person"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        assert not _user(admin.id).has_two_factor
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "account.two_factor_reset")
        )
        assert event.reason == "Lost phone; seen in person" and event.actor_id is None
        assert len(messages("account_two_factor_reset")) == 1
    again = runner.invoke(args=[*args, "--reason", "again"])
    assert again.exit_code != 0 and "no second factor" in again.output

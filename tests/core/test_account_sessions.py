"""Sessions an administrator ends: "sign out everywhere", a role lost, a deactivation, an
erasure; and accounts made by an administrator, the command line and the demo."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Role, User
from core.personal_data.erasure import erase_account
from tests import factories
from tests.core.account_support import (
    PASSWORD,
    actions,
    link,
    mails,
    make_user,
    remember_cookie_only,
    sign_in,
    signed_in,
    user,
)

MEMBER = "member@example.org"


@pytest.fixture
def admin(app):
    client = app.test_client()
    with app.app_context():
        account = factories.user(Role.ADMINISTRATOR)
        db_session().commit()
    factories.login(client, account)
    client.account = account
    return client


@pytest.fixture
def member(app):
    """The member's account (an organiser of every dialogue), signed in twice: a session, and
    a browser known only by its remember-me cookie."""
    account = make_user(app, MEMBER, role=Role.ORGANISER)
    browser = app.test_client()
    assert sign_in(browser, MEMBER, remember=True).status_code == 302
    reopened = remember_cookie_only(app, browser)
    assert signed_in(browser) and signed_in(reopened)
    return account, browser, reopened


def out_everywhere(app, browser, reopened) -> bool:
    return not signed_in(browser) and not signed_in(remember_cookie_only(app, reopened))


def test_an_administrator_signs_an_account_out_everywhere(app, admin, member):
    account, browser, reopened = member
    page = admin.get(f"/admin/users/{account.id}").get_data(as_text=True)
    assert "Sign out everywhere" in page
    response = admin.post(f"/admin/users/{account.id}/sign-out")
    assert response.status_code == 302
    assert out_everywhere(app, browser, reopened)
    assert signed_in(admin)
    [entry] = [e for e in actions(app) if e.action == "user.signed_out_everywhere"]
    assert entry.object_id == account.id and entry.actor_id == admin.account.id
    assert sign_in(browser, MEMBER).status_code == 302  # the password still works


def test_losing_a_role_ends_the_sessions(app, admin, member):
    account, browser, reopened = member
    with app.app_context():
        grant_id = db_session().get(User, account.id).grants[0].id
    assert admin.post(f"/admin/users/{account.id}/grants/{grant_id}/revoke").status_code == 302
    assert out_everywhere(app, browser, reopened)


def test_a_deactivated_account_stays_out_once_reactivated(app, admin, member):
    account, browser, reopened = member
    admin.post(f"/admin/users/{account.id}/active")
    assert out_everywhere(app, browser, reopened)
    admin.post(f"/admin/users/{account.id}/active")
    assert user(app, MEMBER).active
    assert out_everywhere(app, browser, reopened)  # the old cookies do not come back


def test_an_erased_account_is_signed_out_everywhere(app, member):
    account, browser, reopened = member
    with app.app_context():
        before = db_session().get(User, account.id).session_version
        erase_account(db_session().get(User, account.id), actor=None, reason="asked")
        assert db_session().get(User, account.id).session_version == before + 1
    assert out_everywhere(app, browser, reopened)


def test_only_administrators_sign_others_out(app, member):
    account, browser, _ = member
    other = make_user(app, "other@example.org", role=Role.ORGANISER)
    client = app.test_client()
    sign_in(client, other.email)
    assert client.post(f"/admin/users/{account.id}/sign-out").status_code == 403
    assert signed_in(browser)


def test_an_account_an_administrator_makes_confirms_its_own_address(app, admin):
    response = admin.post(
        "/admin/users/new",
        data={"name": "Rapporteur", "email": "rapp@example.org", "password": "long enough pass"},
    )
    assert response.status_code == 302
    assert not user(app, "rapp@example.org").is_verified
    page = admin.get(response.location).get_data(as_text=True)
    assert "Not confirmed yet" in page
    rapporteur = app.test_client()
    assert rapporteur.get(link(app, "account_verify", "rapp@example.org")).status_code == 302
    assert user(app, "rapp@example.org").is_verified


def test_an_account_made_at_the_command_line_is_confirmed(app, runner):
    result = runner.invoke(
        args=["users", "create", "ops@example.org", "--name", "Ops", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert user(app, "ops@example.org").is_verified
    assert mails(app) == []


def test_the_demo_accounts_are_confirmed(app, runner):
    result = runner.invoke(args=["demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    with app.app_context():
        unconfirmed = (
            db_session()
            .scalars(sa.select(User.email).where(User.email_verified_at.is_(None)))
            .all()
        )
        assert db_session().scalar(sa.select(sa.func.count(User.id))) > 0
    assert unconfirmed == []

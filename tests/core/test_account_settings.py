"""The account's own page: a new password (the current one asked), a new address (confirmed on
it, the old one told), and signing out everywhere else; each change ends every other session
and leaves this browser signed in."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import User
from tests.core.account_support import (
    NEW_PASSWORD,
    PASSWORD,
    actions,
    link,
    mails,
    make_user,
    remember_cookie_only,
    sign_in,
    signed_in,
    user,
    without_csrf,
)

OWNER = "khin@example.org"
NEW_ADDRESS = "khin.new@example.org"


@pytest.fixture
def owner(app):
    return make_user(app, OWNER)


@pytest.fixture
def sessions(app, owner):
    """This browser, another one signed in, and a third known only by its remember-me cookie."""
    here = app.test_client()
    assert sign_in(here, OWNER).status_code == 302
    elsewhere = app.test_client()
    assert sign_in(elsewhere, OWNER, remember=True).status_code == 302
    reopened = remember_cookie_only(app, elsewhere)
    assert signed_in(elsewhere) and signed_in(reopened)
    return here, elsewhere, reopened


def change_password(client, current=PASSWORD, new=NEW_PASSWORD):
    return client.post(
        "/account/password", data={"current": current, "password": new, "confirm": new}
    )


def change_email(client, new=NEW_ADDRESS, current=PASSWORD):
    return client.post("/account/email", data={"email": new, "current": current})


def test_the_account_page_is_in_the_navigation(client, owner):
    assert 'href="/account"' not in client.get("/").get_data(as_text=True)
    sign_in(client, OWNER)
    assert 'href="/account">Your account</a>' in client.get("/").get_data(as_text=True)
    page = client.get("/account").get_data(as_text=True)
    for text in ("Change your password", "Change your e-mail address", "Sign out everywhere else"):
        assert text in page


def test_a_new_password_needs_the_current_one(app, sessions):
    here, elsewhere, _reopened = sessions
    wrong = change_password(here, current="not my password")
    assert wrong.status_code == 422
    assert "This is not your current password" in wrong.get_data(as_text=True)
    assert user(app, OWNER).check_password(PASSWORD)
    assert signed_in(elsewhere)  # nothing changed, nobody signed out
    assert mails(app, "account_password_changed") == []


def test_a_new_password_ends_every_other_session(app, sessions):
    here, elsewhere, reopened = sessions
    response = change_password(here)
    assert response.status_code == 302 and response.location == "/account"
    assert user(app, OWNER).check_password(NEW_PASSWORD)
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert not signed_in(remember_cookie_only(app, reopened))
    [told] = mails(app, "account_password_changed", OWNER)
    assert "was changed" in told.body and "/forgot-password" in told.body
    [entry] = [e for e in actions(app) if e.action == "account.password_changed"]
    assert OWNER not in repr(entry.details)


def test_a_remembered_browser_stays_remembered_after_its_own_change(app, owner):
    here = app.test_client()
    sign_in(here, OWNER, remember=True)
    change_password(here)
    assert signed_in(remember_cookie_only(app, here))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "short", "confirm": "short"}, "The password is too short"),
        ({"confirm": "something else"}, "The two passwords are not the same"),
        ({"password": PASSWORD, "confirm": PASSWORD}, "other than your current one"),
        ({"current": ""}, "Enter your current password"),
    ],
)
def test_a_bad_new_password_is_refused_with_a_message(app, sessions, data, message):
    here, elsewhere, _ = sessions
    form = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **data}
    response = here.post("/account/password", data=form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert user(app, OWNER).check_password(PASSWORD) and signed_in(elsewhere)


def test_a_new_address_is_confirmed_on_it_and_told_to_the_old_one(app, sessions):
    here, elsewhere, reopened = sessions
    response = change_email(here, "Khin.New@Example.org")
    assert response.status_code == 200
    assert "Check the new inbox" in response.get_data(as_text=True)
    assert user(app, OWNER) is not None  # nothing moves before the link is opened
    assert signed_in(elsewhere)
    [sent] = mails(app, to=NEW_ADDRESS)
    assert sent.kind == "account_confirm_new_email"
    assert [m.kind for m in mails(app, to=OWNER) if m.kind != "account_new_device"] == []

    followed = here.get(link(app, "account_confirm_new_email", NEW_ADDRESS))
    assert followed.status_code == 302 and followed.location == "/account"
    moved = user(app, NEW_ADDRESS)
    assert moved is not None and moved.is_verified and user(app, OWNER) is None
    assert signed_in(here)
    assert not signed_in(elsewhere) and not signed_in(remember_cookie_only(app, reopened))
    [told] = mails(app, "account_email_changed", OWNER)
    assert "k…@example.org" in told.body and NEW_ADDRESS not in told.body
    [entry] = [e for e in actions(app) if e.action == "account.email_changed"]
    assert OWNER not in repr(entry.details) and NEW_ADDRESS not in repr(entry.details)
    here.post("/logout")
    assert sign_in(here, NEW_ADDRESS).status_code == 302


def test_a_new_address_needs_the_current_password(app, sessions):
    here, _elsewhere, _ = sessions
    response = change_email(here, current="wrong password")
    assert response.status_code == 422
    assert "This is not your current password" in response.get_data(as_text=True)
    assert mails(app, to=NEW_ADDRESS) == []
    same = change_email(here, OWNER)
    assert same.status_code == 422 and "This is your address already" in same.get_data(as_text=True)
    bad = change_email(here, "not an address")
    assert bad.status_code == 422


def test_the_link_to_a_new_address_works_once_and_for_its_own_account(app, sessions):
    here, _elsewhere, _ = sessions
    change_email(here)
    path = link(app, "account_confirm_new_email", NEW_ADDRESS)
    stranger = app.test_client()
    other = make_user(app, "other@example.org")
    sign_in(stranger, other.email)
    foreign = stranger.get(path)
    assert foreign.status_code == 400 and "another account" in foreign.get_data(as_text=True)
    assert user(app, OWNER) is not None
    assert here.get(path).status_code == 302
    again = here.get(path)
    assert again.status_code == 410 and "has been used" in again.get_data(as_text=True)
    assert here.get(path[:-3] + "zzz").status_code == 400


def test_the_link_works_signed_out_too(app, owner, client):
    sign_in(client, OWNER)
    change_email(client)
    path = link(app, "account_confirm_new_email", NEW_ADDRESS)
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 302 and response.location == "/login"
    assert user(app, NEW_ADDRESS) is not None


def test_an_address_held_by_another_account_gets_the_same_answer_and_its_owner_is_told(
    app, sessions
):
    here, _elsewhere, _ = sessions
    make_user(app, "taken@example.org")
    free = without_csrf(change_email(here, "free@example.org").get_data(as_text=True))
    taken = without_csrf(change_email(here, "taken@example.org").get_data(as_text=True))
    assert free.replace("free@example.org", "X") == taken.replace("taken@example.org", "X")
    assert mails(app, "account_confirm_new_email", "taken@example.org") == []
    [told] = mails(app, "account_address_claim_attempt", "taken@example.org")
    assert "nothing\nwas changed" in told.body
    assert user(app, OWNER) is not None


def test_an_address_taken_meanwhile_is_refused_at_the_link(app, sessions):
    here, _elsewhere, _ = sessions
    change_email(here)
    path = link(app, "account_confirm_new_email", NEW_ADDRESS)
    make_user(app, NEW_ADDRESS)
    response = here.get(path)
    assert response.status_code == 410 and "This address is taken" in response.get_data(
        as_text=True
    )
    assert user(app, OWNER) is not None


def test_changing_the_address_is_rate_limited(make_app, owner):
    app = make_app(CHANGE_EMAIL_RATE_LIMIT="2 per hour")
    client = app.test_client()
    sign_in(client, OWNER)
    codes = [change_email(client, f"n{n}@example.org").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_changing_the_password_is_rate_limited(make_app, owner):
    client = make_app(CHANGE_PASSWORD_RATE_LIMIT="2 per hour").test_client()
    sign_in(client, OWNER)
    codes = [change_password(client, current="wrong").status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def test_signing_out_everywhere_else_keeps_this_browser(app, sessions):
    here, elsewhere, reopened = sessions
    response = here.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(elsewhere) and not signed_in(remember_cookie_only(app, reopened))
    assert "account.signed_out_elsewhere" in [e.action for e in actions(app)]
    with app.app_context():
        assert db_session().get(User, user(app, OWNER).id).session_version == 2


def test_the_account_pages_need_a_sign_in(client):
    for path in ("/account", "/account/password", "/account/email"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login")
    assert client.post("/account/sign-out-everywhere").location.startswith("/login")

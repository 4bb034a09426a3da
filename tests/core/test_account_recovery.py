"""A forgotten password: the same answer for any address, a signed link that works once for an
hour, every session ended, the owner told; bad links get a plain page."""

from __future__ import annotations

import pytest

from core.auth import tokens
from core.db import db_session
from core.models import User
from tests.core.account_support import (
    NEW_PASSWORD,
    PASSWORD,
    actions,
    link,
    mails,
    make_user,
    post_form,
    remember_cookie_only,
    sign_in,
    signed_in,
    user,
    without_csrf,
)

OWNER = "khin@example.org"
STRANGER = "nobody@example.org"


@pytest.fixture
def owner(app):
    return make_user(app, OWNER)


def ask_reset(client, email: str):
    return client.post("/forgot-password", data={"email": email})


def reset(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password})


def test_the_sign_in_page_leads_to_recovery(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password">Forgot your password?</a>' in page
    assert client.get("/forgot-password").status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(make_app, owner):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()

    def answer(email: str) -> tuple[int, str]:
        response = post_form(client, "/forgot-password", {"email": email})
        return response.status_code, without_csrf(response.get_data(as_text=True))

    known_status, known = answer(OWNER)
    unknown_status, unknown = answer(STRANGER)
    assert known_status == unknown_status == 200
    assert known.replace(OWNER, "ADDRESS") == unknown.replace(STRANGER, "ADDRESS")
    assert "If an account exists for" in known
    # each address is written to once, so the work (and the time) is the same for both; only
    # the owner of an address without an account learns there is none, and gets no link
    sent = mails(app)
    assert [(m.to_address, m.kind) for m in sent] == [
        (OWNER, "account_reset_link"),
        (STRANGER, "account_no_account"),
    ]
    assert "/reset-password" not in sent[1].body and "no Parley account" in sent[1].body


def test_an_address_mail_cannot_reach_is_refused_on_the_form(app, client):
    response = client.post("/forgot-password", data={"email": "somebody@localhost"})
    assert response.status_code == 422 and "valid e-mail" in response.get_data(as_text=True)
    assert mails(app) == []


def test_a_reset_link_works_once_and_signs_in_on_this_browser(app, client, owner):
    assert ask_reset(client, OWNER).status_code == 200
    [message] = mails(app, "account_reset_link", OWNER)
    assert "within 60 minutes" in message.body and "Reset your Parley password" in message.subject
    path = link(app, "account_reset_link", OWNER)
    form = client.get(path)
    assert form.status_code == 200 and "Choose a new password" in form.get_data(as_text=True)

    done = reset(client, path)
    assert done.status_code == 302 and signed_in(client)
    client.post("/logout")
    assert sign_in(client, OWNER, PASSWORD).status_code == 422  # the old password is gone
    assert sign_in(client, OWNER, NEW_PASSWORD).status_code == 302
    client.post("/logout")

    again = client.get(path)
    assert again.status_code == 410
    assert "This link has been used" in again.get_data(as_text=True)
    assert reset(client, path, "yet another passphrase").status_code == 410
    assert user(app, OWNER).check_password(NEW_PASSWORD)


def test_a_reset_link_expires_after_an_hour(app, client, owner, monkeypatch):
    ask_reset(client, OWNER)
    path = link(app, "account_reset_link", OWNER)
    made = tokens.now()
    monkeypatch.setattr(tokens, "now", lambda: made + 59 * 60)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(tokens, "now", lambda: made + 61 * 60)
    expired = client.get(path)
    assert expired.status_code == 410
    page = expired.get_data(as_text=True)
    assert "This link has expired" in page and 'href="/forgot-password"' in page
    assert reset(client, path).status_code == 410
    assert user(app, OWNER).check_password(PASSWORD)


def test_a_reset_link_is_void_once_the_password_changes(app, client, owner):
    ask_reset(client, OWNER)
    path = link(app, "account_reset_link", OWNER)
    with app.app_context():
        db_session().get(User, owner.id).set_password("changed meanwhile")
        db_session().commit()
    assert client.get(path).status_code == 410
    assert reset(client, path).status_code == 410


def test_a_newer_link_voids_nothing_but_sessions_ended_do(app, client, owner):
    """Two links asked one after the other both work until one is used."""
    ask_reset(client, OWNER)
    first = link(app, "account_reset_link", OWNER)
    ask_reset(client, OWNER)
    second = link(app, "account_reset_link", OWNER)
    assert client.get(first).status_code == 200
    assert reset(client, second).status_code == 302
    client.post("/logout")
    assert client.get(first).status_code == 410  # the password it was made for is gone


@pytest.mark.parametrize(
    ("mangle", "status", "says"),
    [
        (lambda path: path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"), 400, "not valid"),
        (lambda path: path.split("?")[0] + "?token=nonsense", 400, "not valid"),
        (lambda path: path.split("?")[0] + "?token=", 400, "incomplete"),
    ],
)
def test_a_forged_link_gets_a_plain_page(app, client, owner, mangle, status, says):
    ask_reset(client, OWNER)
    path = mangle(link(app, "account_reset_link", OWNER))
    for response in (client.get(path), reset(client, path)):
        assert response.status_code == status
        assert says in response.get_data(as_text=True)
    assert user(app, OWNER).check_password(PASSWORD)


def test_a_reset_page_without_a_link_sends_to_ask_for_one(client):
    response = client.get("/reset-password")
    assert response.status_code == 302 and response.location == "/forgot-password"


def test_a_link_made_for_another_purpose_is_no_reset_link(app, client):
    client.post(
        "/signup",
        data={"name": "N", "email": STRANGER, "password": PASSWORD, "confirm": PASSWORD},
    )
    verification = link(app, "account_verify", STRANGER)
    token = verification.split("token=", 1)[1]
    response = client.get(f"/reset-password?token={token}")
    assert response.status_code == 400
    assert "not a valid link to reset your password" in response.get_data(as_text=True)
    assert reset(client, f"/reset-password?token={token}").status_code == 400
    assert user(app, STRANGER).check_password(PASSWORD)


def test_another_accounts_reset_link_is_refused_while_signed_in(app, client, owner):
    other = make_user(app, "other@example.org")
    ask_reset(client, OWNER)
    path = link(app, "account_reset_link", OWNER)
    sign_in(client, other.email)
    response = client.get(path)
    assert response.status_code == 400
    assert "signed in with another account" in response.get_data(as_text=True)
    assert reset(client, path).status_code == 400
    assert user(app, OWNER).check_password(PASSWORD)


def test_a_reset_ends_every_session_remembered_ones_too(app, owner):
    elsewhere = app.test_client()
    assert sign_in(elsewhere, OWNER, remember=True).status_code == 302
    reopened = remember_cookie_only(app, elsewhere)
    assert signed_in(elsewhere) and signed_in(reopened)

    here = app.test_client()
    ask_reset(here, OWNER)
    assert reset(here, link(app, "account_reset_link", OWNER)).status_code == 302
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert not signed_in(remember_cookie_only(app, reopened))


def test_a_reset_is_audited_and_told_without_the_address_in_the_log(app, client, owner):
    ask_reset(client, OWNER)
    reset(client, link(app, "account_reset_link", OWNER))
    [told] = mails(app, "account_password_reset", OWNER)
    assert "was reset" in told.body and "/forgot-password" in told.body
    entries = {e.action: e for e in actions(app)}
    assert {"account.reset_requested", "account.password_reset"} <= set(entries)
    for entry in entries.values():
        assert OWNER not in repr(entry.details)


def test_a_reset_confirms_an_unconfirmed_address(app, client):
    client.post(
        "/signup",
        data={"name": "N", "email": STRANGER, "password": PASSWORD, "confirm": PASSWORD},
    )
    assert not user(app, STRANGER).is_verified
    ask_reset(client, STRANGER)
    reset(client, link(app, "account_reset_link", STRANGER))
    assert user(app, STRANGER).is_verified


def test_a_reset_does_not_stand_in_for_the_second_factor(app, client, owner):
    with app.app_context():
        account = db_session().get(User, owner.id)
        account.totp_secret = "JBSWY3DPEHPK3PXP"
        account.totp_enabled_at = account.created_at
        db_session().commit()
    ask_reset(client, OWNER)
    response = reset(client, link(app, "account_reset_link", OWNER))
    assert response.status_code == 302 and response.location == "/login/two-factor"
    assert not signed_in(client)  # until the second factor is given
    assert user(app, OWNER).check_password(NEW_PASSWORD)


def test_bad_input_keeps_the_link_usable(app, client, owner):
    ask_reset(client, OWNER)
    path = link(app, "account_reset_link", OWNER)
    short = reset(client, path, "short")
    assert short.status_code == 422 and "The password is too short" in short.get_data(as_text=True)
    mismatch = client.post(path, data={"password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 422
    assert user(app, OWNER).check_password(PASSWORD)
    assert reset(client, path).status_code == 302
    assert ask_reset(client, "not an address").status_code == 422


def test_an_inactive_account_gets_no_link(app, client, owner):
    with app.app_context():
        db_session().get(User, owner.id).active = False
        db_session().commit()
    assert ask_reset(client, OWNER).status_code == 200
    assert mails(app, "account_reset_link") == []


def test_asking_for_links_is_rate_limited_per_client(make_app, owner):
    client = make_app(FORGOT_PASSWORD_RATE_LIMIT="2 per minute").test_client()
    codes = [ask_reset(client, STRANGER).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/forgot-password").status_code == 200


def test_one_address_gets_only_so_many_links_whoever_asks(make_app, owner):
    app = make_app(ACCOUNT_MAIL_RATE_LIMIT="2 per hour", PROXY_COUNT=1)
    client = app.test_client()
    pages = set()
    for n in range(5):  # five clients, each within its own limit
        response = client.post(
            "/forgot-password",
            data={"email": OWNER},
            headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
        )
        assert response.status_code == 200
        pages.add(response.get_data(as_text=True))
    assert len(pages) == 1  # over the limit, the answer is the same
    assert len(mails(app, "account_reset_link", OWNER)) == 2

"""Sign-up: the same page whether or not the address has an account, a link that confirms the
address, and the owner of an existing account told that someone tried."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth import tokens
from core.db import db_session
from core.models import User
from tests.core.account_support import (
    PASSWORD,
    actions,
    link,
    mails,
    make_user,
    post_form,
    sign_in,
    sign_up,
    signed_in,
    user,
    without_csrf,
)

OWNER = "khin@example.org"
NEWCOMER = "naw.paw@example.org"


def test_sign_up_answers_the_same_page_whether_or_not_the_address_has_an_account(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_user(app, OWNER)

    def answer(email: str) -> tuple[int, str]:
        client = app.test_client()
        data = {
            "name": "Someone",
            "email": email,
            "password": "long enough pass",
            "confirm": "long enough pass",
        }
        response = post_form(client, "/signup", data)
        assert not signed_in(client)
        return response.status_code, without_csrf(response.get_data(as_text=True))

    known_status, known = answer(OWNER)
    new_status, new = answer(NEWCOMER)
    assert known_status == new_status == 200
    assert known.replace(OWNER, "ADDRESS") == new.replace(NEWCOMER, "ADDRESS")
    assert "Check your inbox" in known
    assert "already exists" not in known


def test_sign_up_makes_an_unconfirmed_account_and_sends_its_link(app, client):
    response = sign_up(client, "Naw.Paw@Example.org", next="/dialogues/x/register")
    assert response.status_code == 200
    assert not signed_in(client)  # nobody is signed in at sign-up
    created = user(app, NEWCOMER)
    assert created is not None and created.grants == [] and not created.is_verified
    [message] = mails(app, "account_verify", NEWCOMER)
    assert "Confirm your e-mail address" in message.subject and "within 48 hours" in message.body

    followed = client.get(link(app, "account_verify", NEWCOMER))
    assert followed.status_code == 302
    assert followed.location == "/login?next=/dialogues/x/register"
    assert user(app, NEWCOMER).is_verified
    assert not signed_in(client)  # the link confirms; it does not sign in
    signed = client.post(followed.location, data={"email": NEWCOMER, "password": PASSWORD})
    assert signed.location == "/dialogues/x/register"
    assert "account.verified" in [e.action for e in actions(app)]


def test_an_unconfirmed_account_can_sign_in(app, client):
    sign_up(client, NEWCOMER)
    assert sign_in(client, NEWCOMER).status_code == 302
    assert signed_in(client)


def test_following_the_link_while_signed_in_keeps_the_session(app, client):
    sign_up(client, NEWCOMER)
    sign_in(client, NEWCOMER)
    followed = client.get(link(app, "account_verify", NEWCOMER))
    assert followed.status_code == 302 and followed.location == "/"
    assert signed_in(client) and user(app, NEWCOMER).is_verified


def test_signing_up_with_an_address_that_has_an_account_tells_its_owner(app, client):
    owner = make_user(app, OWNER)
    response = sign_up(client, OWNER.upper(), name="An Impostor", password="impostor password")
    assert response.status_code == 200 and not signed_in(client)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(User.id))) == 1
        kept = db_session().get(User, owner.id)
        assert kept.name == owner.name and kept.check_password(PASSWORD)
    [told] = mails(app, "account_signup_attempt", OWNER)
    assert "tried to create a new Parley account" in told.body
    assert "http://localhost/forgot-password" in told.body
    assert mails(app, "account_verify") == []
    [entry] = [e for e in actions(app) if e.action == "account.signup_attempt"]
    assert entry.object_id == owner.id and OWNER not in repr(entry.details)


def test_the_owner_is_told_only_so_often(make_app):
    app = make_app(ACCOUNT_MAIL_RATE_LIMIT="2 per hour")
    make_user(app, OWNER)
    client = app.test_client()
    pages = {sign_up(client, OWNER).get_data(as_text=True) for _ in range(4)}
    assert len(pages) == 1
    assert len(mails(app, "account_signup_attempt", OWNER)) == 2


def test_a_verification_link_expires(app, client, monkeypatch):
    sign_up(client, NEWCOMER)
    path = link(app, "account_verify", NEWCOMER)
    made = tokens.now()
    monkeypatch.setattr(tokens, "now", lambda: made + 49 * 3600)
    response = client.get(path)
    assert response.status_code == 410 and "has expired" in response.get_data(as_text=True)
    assert not user(app, NEWCOMER).is_verified


def test_a_verification_link_works_once(app, client):
    sign_up(client, NEWCOMER)
    path = link(app, "account_verify", NEWCOMER)
    assert client.get(path).status_code == 302
    again = client.get(path)
    assert again.status_code == 410 and "has been used" in again.get_data(as_text=True)


def test_a_verification_link_is_void_once_the_address_changes(app, client):
    sign_up(client, NEWCOMER)
    path = link(app, "account_verify", NEWCOMER)
    with app.app_context():
        account = db_session().scalar(sa.select(User).where(User.email == NEWCOMER))
        account.email = "elsewhere@example.org"
        db_session().commit()
    assert client.get(path).status_code == 410
    assert not user(app, "elsewhere@example.org").is_verified


def test_a_forged_or_foreign_verification_link_gets_a_plain_page(app, client):
    sign_up(client, NEWCOMER)
    path = link(app, "account_verify", NEWCOMER)
    assert client.get(path[:-4] + "xxxx").status_code == 400
    assert client.get("/verify-email?token=").status_code == 400
    other = make_user(app, "other@example.org")
    sign_in(client, other.email)
    foreign = client.get(path)
    assert foreign.status_code == 400
    assert "another account" in foreign.get_data(as_text=True)
    assert not user(app, NEWCOMER).is_verified


def test_the_verification_page_without_a_link_offers_a_new_one(client):
    response = client.get("/verify-email")
    assert response.status_code == 302 and response.location == "/verify-email/resend"


def test_sign_up_is_rate_limited(make_app):
    client = make_app(SIGNUP_RATE_LIMIT="2 per hour").test_client()
    codes = [sign_up(client, f"n{n}@example.org").status_code for n in range(3)]
    assert codes == [200, 200, 429]

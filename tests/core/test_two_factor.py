"""Two-factor authentication: set-up confirmed by a code, the code asked at sign-in, no replay,
single-use recovery codes, one rate limit for passwords and codes, a pending sign-in that
expires, new recovery codes and turning it off."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from core.auth import sign_in, two_factor
from core.db import db_session
from core.models import AuditEvent, RecoveryCode, User
from tests import factories
from tests.core.two_factor_support import (
    code,
    key_on_page,
    messages,
    password_step,
    signed_in,
    with_two_factor,
)


@pytest.fixture
def member(app):
    with app.app_context():
        user = factories.user(email="member@example.org")
        db_session().commit()
        return user


@pytest.fixture
def secured(app):
    """An account with a second factor: (user, secret, recovery codes)."""
    with app.app_context():
        user = factories.user(email="secured@example.org")
        secret, codes = with_two_factor(user)
        db_session().commit()
        return user, secret, codes


def _user(user_id: int) -> User:
    return db_session().get(User, user_id)


def _actions() -> list[str]:
    return list(db_session().scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


# --- set-up


def test_set_up_shows_a_qr_code_and_the_key_and_needs_a_right_code(app, client, member):
    factories.login(client, member)
    page = client.get("/account/two-factor")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'src="data:image/png;base64,' in html
    secret = key_on_page(html)
    assert len(secret) == 32
    # the page shown again keeps the same key, so a slow scan is not lost
    assert key_on_page(client.get("/account/two-factor").get_data(as_text=True)) == secret

    wrong = client.post("/account/two-factor", data={"code": "000000"})
    assert wrong.status_code == 422
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert client.post("/account/two-factor", data={"code": ""}).status_code == 422
    with app.app_context():
        assert not _user(member.id).has_two_factor

    done = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    shown = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", html)
    assert len(shown) == 10 and len(set(shown)) == 10
    with app.app_context():
        user = _user(member.id)
        assert user.has_two_factor
        # kept sealed, not as the key shown
        assert user.totp_secret and secret not in user.totp_secret
        assert two_factor.unseal(user.id, user.totp_secret) == secret
        stored = db_session().scalars(sa.select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10
        assert not any(c.replace("-", "") in h or c in h for c in shown for h in stored)
        assert "account.two_factor_enabled" in _actions()
        (mail,) = messages("account_two_factor_enabled")
        assert mail.to_address == member.email
    # the page now manages it
    assert "Make new recovery codes" in client.get("/account/two-factor").get_data(as_text=True)


def test_a_sealed_secret_opens_for_its_own_account_only_and_with_its_own_key(make_app):
    secret = two_factor.new_secret()
    with make_app().app_context():
        sealed = two_factor.seal(7, secret)
        assert len(sealed) <= 64  # the column's width
        assert two_factor.unseal(7, sealed) == secret
        assert two_factor.unseal(8, sealed) is None
        assert two_factor.unseal(7, sealed[:-2] + "AA") is None
    with make_app(SECRET_KEY="another-key").app_context():
        assert two_factor.unseal(7, sealed) is None


# --- signing in


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(app, client, secured):
    user, secret, _codes = secured
    response = client.post(
        "/login?next=/account/data",
        data={"email": user.email, "password": factories.PASSWORD},
    )
    assert response.status_code == 302 and response.location == "/login/two-factor"
    assert not signed_in(client)  # a right password alone signs nobody in
    page = client.get("/login/two-factor")
    assert page.status_code == 200 and "Enter your code" in page.get_data(as_text=True)

    wrong = client.post("/login/two-factor", data={"code": code(secret, shift=5)})
    assert wrong.status_code == 422
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert client.post("/login/two-factor", data={"code": "nonsense"}).status_code == 422
    assert not signed_in(client)

    right = client.post("/login/two-factor", data={"code": code(secret, shift=1)})
    assert right.status_code == 302 and right.location == "/account/data"
    assert signed_in(client)
    with app.app_context():
        assert _user(user.id).last_login_at is not None


def test_an_account_without_a_second_factor_signs_in_with_its_password(client, member):
    response = password_step(client, member)
    assert response.status_code == 302 and response.location == "/"
    assert signed_in(client)


def test_a_code_is_refused_the_second_time(app, client, secured):
    user, secret, _codes = secured
    once = code(secret, shift=1)
    password_step(client, user)
    assert client.post("/login/two-factor", data={"code": once}).status_code == 302
    client.post("/logout")

    other = app.test_client()
    password_step(other, user)
    replay = other.post("/login/two-factor", data={"code": once})
    assert replay.status_code == 422
    assert not signed_in(other)
    # nor an earlier code, still in the clock's tolerance
    assert other.post("/login/two-factor", data={"code": code(secret)}).status_code == 422


def test_a_recovery_code_signs_in_once_and_says_how_many_remain(app, client, secured):
    user, _secret, codes = secured
    password_step(client, user)
    used = client.post("/login/two-factor", data={"code": codes[3].upper().replace("-", " ")})
    assert used.status_code == 302
    assert "9 of them remain" in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert two_factor.unused_codes(_user(user.id)) == 9
        assert "account.recovery_code_used" in _actions()
    client.post("/logout")

    password_step(client, user)
    assert client.post("/login/two-factor", data={"code": codes[3]}).status_code == 422
    assert not signed_in(client)
    assert client.post("/login/two-factor", data={"code": codes[4]}).status_code == 302


def test_wrong_codes_draw_from_the_sign_in_rate_limit(make_app, secured):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    user, secret, _codes = secured
    client = app.test_client()
    assert password_step(client, user).status_code == 302  # 1
    assert client.post("/login/two-factor", data={"code": "111111"}).status_code == 422  # 2
    assert client.post("/login/two-factor", data={"code": "222222"}).status_code == 422  # 3
    # the budget is spent: a right code is not even tried, nor a password
    limited = client.post("/login/two-factor", data={"code": code(secret, shift=1)})
    assert limited.status_code == 429
    assert "Too many attempts" in limited.get_data(as_text=True)
    assert password_step(client, user).status_code == 429
    assert not signed_in(client)
    assert client.get("/login/two-factor").status_code == 200  # reading is not limited


def test_wrong_codes_from_many_addresses_draw_from_one_budget_per_account(make_app, secured):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute", PROXY_COUNT=1)
    user, _secret, _codes = secured
    client = app.test_client()

    def post(path, data, address):
        return client.post(path, data=data, headers={"X-Forwarded-For": address}).status_code

    login = {"email": user.email, "password": factories.PASSWORD}
    answers = []
    for n in range(4):
        address = f"203.0.113.{n + 1}"
        post("/login", login, address)
        answers.append(post("/login/two-factor", {"code": f"{n}{n}{n}{n}{n}{n}"}, address))
    assert answers == [422, 422, 422, 429]


def test_the_pending_sign_in_lasts_five_minutes(app, secured, monkeypatch):
    user, secret, _codes = secured
    start = time.time()

    def attempt(after: float):
        """The answer to a right code ``after`` seconds after the password, and whether the
        browser is then signed in (asked at that time too: a cookie is never from the future)."""
        client = app.test_client()
        password_step(client, user)
        monkeypatch.setattr(time, "time", lambda: start + after)
        later = pyotp.TOTP(secret).at(start + after)
        answer = client.post("/login/two-factor", data={"code": later})
        result = answer, signed_in(client)
        monkeypatch.undo()
        return result

    answer, signed = attempt(sign_in.PENDING_SECONDS - 20)
    assert answer.status_code == 302 and signed

    answer, signed = attempt(sign_in.PENDING_SECONDS + 5)
    assert answer.status_code == 200
    assert "took longer than five minutes" in answer.get_data(as_text=True)
    assert not signed


def test_a_pending_sign_in_ends_with_the_account_s_sessions(app, client, secured):
    user, secret, _codes = secured
    password_step(client, user)
    with app.app_context():
        _user(user.id).end_sessions()
        db_session().commit()
    answer = client.post("/login/two-factor", data={"code": code(secret, shift=1)})
    assert answer.status_code == 200 and "Sign in again" in answer.get_data(as_text=True)
    assert not signed_in(client)


def test_a_forged_or_missing_pending_sign_in_gets_a_plain_page(app, client, secured):
    user, secret, _codes = secured
    assert "Sign in again" in client.get("/login/two-factor").get_data(as_text=True)
    with client.session_transaction() as state:
        state[sign_in.PENDING] = f'{{"user": {user.id}, "version": 1}}'
    answer = client.post("/login/two-factor", data={"code": code(secret, shift=1)})
    assert answer.status_code == 200 and "Sign in again" in answer.get_data(as_text=True)
    assert not signed_in(client)


def test_remember_me_is_kept_through_the_second_step(client, secured):
    user, secret, _codes = secured
    password_step(client, user, remember="y")
    answer = client.post("/login/two-factor", data={"code": code(secret, shift=1)})
    assert any(c.startswith("remember_token=") for c in answer.headers.getlist("Set-Cookie"))


# --- managing it


def test_new_recovery_codes_need_a_current_code_and_void_the_old(app, client, secured):
    user, secret, codes = secured
    password_step(client, user)
    client.post("/login/two-factor", data={"code": codes[0]})

    wrong = client.post("/account/two-factor/recovery-codes", data={"renew-code": "123456"})
    assert wrong.status_code == 422
    recovery = client.post("/account/two-factor/recovery-codes", data={"renew-code": codes[1]})
    assert recovery.status_code == 422  # a code of the app, not a recovery code
    with app.app_context():
        assert two_factor.unused_codes(_user(user.id)) == 9

    done = client.post("/account/two-factor/recovery-codes", data={"renew-code": code(secret, 1)})
    assert done.status_code == 200
    fresh = re.findall(r"<li><code>([a-z2-9-]{11})</code></li>", done.get_data(as_text=True))
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    with app.app_context():
        assert "account.two_factor_codes_renewed" in _actions()
        assert len(messages("account_two_factor_codes_renewed")) == 1
    client.post("/logout")
    password_step(client, user)
    assert client.post("/login/two-factor", data={"code": codes[2]}).status_code == 422
    assert client.post("/login/two-factor", data={"code": fresh[0]}).status_code == 302


def test_turning_it_off_asks_the_password_and_a_code(app, client, secured):
    user, secret, codes = secured
    password_step(client, user)
    client.post("/login/two-factor", data={"code": codes[0]})

    no_password = {"off-password": "wrong password", "off-code": codes[1]}
    assert client.post("/account/two-factor/disable", data=no_password).status_code == 422
    no_code = {"off-password": factories.PASSWORD, "off-code": "000000"}
    assert client.post("/account/two-factor/disable", data=no_code).status_code == 422
    with app.app_context():
        assert _user(user.id).has_two_factor
        assert two_factor.unused_codes(_user(user.id)) == 9  # a refused attempt used none

    right = {"off-password": factories.PASSWORD, "off-code": code(secret, shift=1)}
    done = client.post("/account/two-factor/disable", data=right)
    assert done.status_code == 302
    assert signed_in(client)  # this browser stays signed in
    with app.app_context():
        fresh = _user(user.id)
        assert not fresh.has_two_factor and fresh.totp_secret is None
        assert db_session().scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0
        assert "account.two_factor_disabled" in _actions()
        assert len(messages("account_two_factor_disabled")) == 1
    client.post("/logout")
    assert password_step(client, user).location == "/"


def test_two_requests_racing_with_one_code_cannot_both_pass(app, secured):
    """The second request read the account before the first recorded the step: the step is
    written with a condition, so the second still loses."""
    user, secret, _codes = secured
    with app.app_context():
        account = _user(user.id)
        stale = account.totp_last_step
        once = code(secret, shift=1)
        assert two_factor.check_totp(account, once)
        set_committed_value(account, "totp_last_step", stale)  # as the other request saw it
        assert not two_factor.check_totp(account, once)

"""Sign-in from a new device: each browser is known by a random token in a long-lived cookie;
a sign-in from one the account does not know is audited and told to its owner, except the
account's very first."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from core.auth import devices
from core.db import db_session
from core.models import AuditEvent, KnownDevice
from tests import factories
from tests.core.two_factor_support import code, messages, password_step, with_two_factor

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def member(app):
    with app.app_context():
        user = factories.user(email="member@example.org")
        db_session().commit()
        return user


class _Client:
    """A test client that always sends one browser's user agent."""

    def __init__(self, app, agent: str) -> None:
        self.client = app.test_client()
        self.agent = agent

    def post(self, *args, **kwargs):
        kwargs.setdefault("headers", {})["User-Agent"] = self.agent
        return self.client.post(*args, **kwargs)

    def get_cookie(self, name):
        return self.client.get_cookie(name)


def _device_cookie(response) -> str:
    return next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith(devices.COOKIE + "=")
    )


def test_the_first_sign_in_remembers_the_browser_without_alarm(app, member):
    browser = _Client(app, FIREFOX)
    response = password_step(browser, member)
    cookie = _device_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=34560000" in cookie
    token = browser.get_cookie(devices.COOKIE).value
    with app.app_context():
        (device,) = db_session().scalars(sa.select(KnownDevice)).all()
        assert device.user_id == member.id and device.user_agent == FIREFOX
        assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in device.token_hash
        assert messages("account_new_device") == []


def test_a_known_browser_signs_in_quietly_and_a_new_one_is_told(app, member):
    known = _Client(app, FIREFOX)
    password_step(known, member)
    known.post("/logout")
    password_step(known, member)
    with app.app_context():
        assert messages("account_new_device") == []
        assert db_session().scalar(sa.select(sa.func.count(KnownDevice.id))) == 1

    stranger = _Client(app, SAFARI)
    password_step(stranger, member)
    with app.app_context():
        (mail,) = messages("account_new_device")
        assert mail.to_address == member.email
        assert "Safari on iOS" in mail.body
        assert "change your" in mail.body and "password" in mail.body
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "account.new_device")
        )
        assert event.object_id == member.id
        assert event.details["device"] == "Safari on iOS"
        assert "127.0.0.1" not in str(event.details) and SAFARI not in str(event.details)
        assert db_session().scalar(sa.select(sa.func.count(KnownDevice.id))) == 2
    # that browser is known now
    stranger.post("/logout")
    password_step(stranger, member)
    with app.app_context():
        assert len(messages("account_new_device")) == 1


def test_a_forged_device_cookie_is_a_new_browser(app, member):
    password_step(_Client(app, FIREFOX), member)
    forged = _Client(app, FIREFOX)
    forged.client.set_cookie(devices.COOKIE, "not-a-token")
    password_step(forged, member)
    with app.app_context():
        assert len(messages("account_new_device")) == 1
    assert forged.get_cookie(devices.COOKIE).value != "not-a-token"


def test_the_device_cookie_is_secure_where_the_session_cookie_is(make_app, member):
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": member.email, "password": factories.PASSWORD},
        base_url="https://localhost",
    )
    assert "Secure" in _device_cookie(response)


def test_the_device_is_noted_once_the_second_factor_is_given(app):
    with app.app_context():
        user = factories.user()
        secret, _codes = with_two_factor(user)
        db_session().commit()
    browser = _Client(app, SAFARI)
    response = password_step(browser, user)
    assert not any(c.startswith(devices.COOKIE) for c in response.headers.getlist("Set-Cookie"))
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(KnownDevice.id))) == 0
    assert browser.post("/login/two-factor", data={"code": code(secret, 1)}).status_code == 302
    assert browser.get_cookie(devices.COOKIE) is not None
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(KnownDevice.id))) == 1
        assert messages("account_new_device") == []  # its first


@pytest.mark.parametrize(
    ("agent", "described"),
    [
        (FIREFOX, "Firefox on Linux"),
        (SAFARI, "Safari on iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("curl/8.5.0", "A browser"),
        ("", "A browser"),
    ],
)
def test_a_browser_is_described_by_its_family_only(agent, described):
    assert devices.describe(agent) == described

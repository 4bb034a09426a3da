"""Signing in and out, rate limits, CSRF, cookies and security headers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import User
from tests import factories


@pytest.fixture
def member(app):
    with app.app_context():
        user = factories.user(email="member@example.org")
        db_session().commit()
        return user


def test_password_is_stored_hashed(app, member):
    with app.app_context():
        stored = db_session().scalar(sa.select(User.password_hash).where(User.id == member.id))
    assert factories.PASSWORD not in stored
    assert stored.startswith(("scrypt:", "pbkdf2:"))


def test_sign_in_and_out(client, member):
    response = factories.login(client, member)
    assert response.location == "/"
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert client.get("/logout").status_code == 405  # signing out is a POST, never a link
    assert client.post("/logout").status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)


def test_wrong_password_rerenders_with_a_message(client, member):
    response = client.post("/login", data={"email": member.email, "password": "wrong password"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The e-mail address or password is not right" in html
    assert 'value="member@example.org"' in html


def test_inactive_user_cannot_sign_in(app, client, member):
    with app.app_context():
        db_session().get(User, member.id).active = False
        db_session().commit()
    response = client.post("/login", data={"email": member.email, "password": factories.PASSWORD})
    assert response.status_code == 422


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_next_never_leaves_the_site(client, member, target):
    response = client.post(
        f"/login?next={target}", data={"email": member.email, "password": factories.PASSWORD}
    )
    assert response.location == "/"


def test_next_within_the_site_is_followed(client, member):
    response = client.post(
        "/login?next=/people/", data={"email": member.email, "password": factories.PASSWORD}
    )
    assert response.location == "/people/"


def test_sign_in_is_rate_limited(make_app, member):
    client = make_app(LOGIN_RATE_LIMIT="3 per minute").test_client()
    for _ in range(3):
        client.post("/login", data={"email": member.email, "password": "wrong"})
    response = client.post("/login", data={"email": member.email, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the form is not limited


def test_forms_need_a_csrf_token(make_app, member):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/login", data={"email": member.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"email": member.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_security_headers_on_every_response(client):
    for url in ["/", "/login", "/no-such-page"]:
        headers = client.get(url).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_is_secure_httponly_and_samesite_by_default(make_app, member):
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    response = client.post(
        "/login",
        data={"email": member.email, "password": factories.PASSWORD},
        base_url="https://localhost",
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers


def test_secure_cookies_are_the_default():
    from core.config import DEFAULTS

    assert DEFAULTS["SESSION_COOKIE_SECURE"] is True
    assert DEFAULTS["REMEMBER_COOKIE_SECURE"] is True


def test_behind_a_proxy_the_rate_limit_counts_each_client(make_app, member):
    client = make_app(LOGIN_RATE_LIMIT="2 per minute", PROXY_COUNT=1).test_client()

    def attempt(address: str) -> int:
        return client.post(
            "/login",
            data={"email": member.email, "password": "wrong"},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert [attempt("203.0.113.7") for _ in range(3)] == [422, 422, 429]
    assert attempt("198.51.100.20") == 422  # another client is not locked out


def test_sign_up_creates_an_unconfirmed_account_and_asks_to_check_the_inbox(app, client):
    data = {
        "name": "Naw Paw",
        "email": "Naw.Paw@Example.org",
        "password": "long enough pass",
        "confirm": "long enough pass",
    }
    response = client.post("/signup?next=/dialogues/x/register", data=data)
    assert response.status_code == 200
    assert "Check your inbox" in response.get_data(as_text=True)
    assert 'href="/login?next=/dialogues/x/register"' in response.get_data(as_text=True)
    assert "Sign out" not in client.get("/").get_data(as_text=True)  # signed in by nobody
    with app.app_context():
        user = db_session().scalar(sa.select(User).where(User.email == "naw.paw@example.org"))
        assert user is not None and user.grants == [] and user.email_verified_at is None


def test_sign_up_with_an_address_that_has_an_account_answers_the_same(app, client, member):
    data = {
        "name": "N",
        "email": "member@example.org",
        "password": "long enough pass",
        "confirm": "long enough pass",
    }
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Check your inbox" in page and "already exists" not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"confirm": "something else"}, "The two passwords are not the same"),
        ({"password": "short", "confirm": "short"}, "The password is too short"),
        ({"email": "not an address"}, "Enter a valid e-mail"),
        ({"name": ""}, "Enter your name"),
    ],
)
def test_sign_up_refuses_bad_input(client, member, change, message):
    data = {
        "name": "N",
        "email": "new@example.org",
        "password": "long enough pass",
        "confirm": "long enough pass",
        **change,
    }
    response = client.post("/signup", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_sign_up_is_rate_limited(make_app):
    client = make_app(SIGNUP_RATE_LIMIT="2 per hour").test_client()
    codes = [client.post("/signup", data={"name": ""}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]

"""Every form of the account pages needs its CSRF token: without it, 400 and nothing changed."""

from __future__ import annotations

import pytest

from core.models import Role
from tests.authorisation import fingerprint
from tests.core.account_support import make_user, post_form

ROUTES = [
    ("/forgot-password", {"email": "member@example.org"}),
    ("/verify-email/resend", {}),
    ("/account/password", {"current": "x", "password": "a new passphrase", "confirm": "x"}),
    ("/account/email", {"email": "new@example.org", "current": "x"}),
    ("/account/sign-out-everywhere", {}),
    ("/signup", {"name": "N", "email": "n@example.org", "password": "p" * 12, "confirm": "p" * 12}),
]


@pytest.mark.parametrize(("path", "data"), ROUTES)
def test_an_account_form_without_its_token_is_refused(make_app, path, data):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_user(app, "member@example.org")
    client = app.test_client()
    if path != "/signup" and path != "/forgot-password":
        post_form(
            client, "/login", {"email": "member@example.org", "password": "correct horse battery"}
        )
    before = fingerprint(app)
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert fingerprint(app) == before


def test_an_administrators_sign_out_without_its_token_is_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    admin = make_user(app, "admin@example.org", role=Role.ADMINISTRATOR)
    member = make_user(app, "member@example.org")
    client = app.test_client()
    post_form(client, "/login", {"email": admin.email, "password": "correct horse battery"})
    before = fingerprint(app)
    assert client.post(f"/admin/users/{member.id}/sign-out").status_code == 400
    assert fingerprint(app) == before

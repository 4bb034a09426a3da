"""Helpers of the account tests: the outbox's account e-mails, their links, sign-up, sessions."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, OutboxMessage, User
from tests import factories

PASSWORD = factories.PASSWORD
NEW_PASSWORD = "a brand new passphrase"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="[^"]*"|name="csrf_token" value="[^"]*"')


def mails(app, kind: str | None = None, to: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        if to:
            query = query.where(OutboxMessage.to_address == to)
        rows = db_session().scalars(query).all()
        db_session().expunge_all()
        return list(rows)


def links(body: str) -> list[str]:
    """The links of an e-mail body, as paths the test client can open."""
    found = []
    for address in re.findall(r"https?://\S+", body):
        parts = urlsplit(address)
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def link(app, kind: str, to: str) -> str:
    """The first link of the latest ``kind`` e-mail to ``to``."""
    messages = mails(app, kind, to)
    assert messages, f"no {kind} e-mail to {to}"
    return links(messages[-1].body)[0]


def sign_up(client, email: str, *, name: str = "Naw Paw", password: str = PASSWORD, next=None):
    data = {"name": name, "email": email, "password": password, "confirm": password}
    return client.post("/signup" + (f"?next={next}" if next else ""), data=data)


def sign_in(client, email: str, password: str = PASSWORD, remember: bool = False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data)


def signed_in(client) -> bool:
    return "Sign out" in client.get("/").get_data(as_text=True)


def user(app, email: str) -> User | None:
    with app.app_context():
        found = db_session().scalar(sa.select(User).where(User.email == email))
        if found is not None:
            db_session().expunge(found)
        return found


def actions(app) -> list[AuditEvent]:
    with app.app_context():
        rows = db_session().scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        db_session().expunge_all()
        return list(rows)


def without_csrf(page: str) -> str:
    return _CSRF.sub("", page)


def post_form(client, path: str, data: dict):
    """Open the form at ``path`` and send it with ``data`` and the page's CSRF token."""
    page = client.get(path).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    return client.post(path, data={**data, "csrf_token": token})


def make_user(app, email: str, **kwargs) -> User:
    with app.app_context():
        created = factories.user(email=email, **kwargs)
        db_session().commit()
        db_session().expunge(created)
        return created


def remember_cookie_only(app, client):
    """A new client holding only ``client``'s remember-me cookie (its session cookie dropped),
    as a browser that was closed and opened again."""
    name = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    cookie = client.get_cookie(name)
    assert cookie is not None, "no remember-me cookie"
    other = app.test_client()
    other.set_cookie(name, cookie.value)
    return other

"""CSRF on every state-changing route, with CSRF turned on (the rest of the suite turns it off).

In the authorisation matrix's world (``tests/authorisation.py``), every POST, PUT, PATCH and
DELETE route of the URL map is sent, by a user the matrix lets in, once with no token and once
with the token of another session: each is refused with 400 and leaves the database as it was.
The same requests with the session's own token are not refused for their token, so the 400s are
CSRF's and not some other refusal. No blueprint and no view is exempted from CSRF, and nothing in
the configuration turns it off; a plugin whose blueprint is exempted is reported.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from flask import Blueprint, Flask

from core import create_app
from core.db import get_engine
from core.plugin_api import hookimpl
from core.security import csrf
from tests.authorisation import (
    ADMINISTRATOR,
    CANARY,
    ROLES,
    VISITOR,
    Outcome,
    build,
    fingerprint,
    outcome,
    routes,
    signed_in,
    url,
)
from tests.conftest import base_config
from tests.test_authorisation_matrix import HOLES, MATRIX, expected, order

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
# what the CSRF error page says (core/errors.py)
REFUSAL = "Your form expired or was sent from elsewhere"
TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')

# Blueprints (by name) and views (by endpoint) allowed to go without CSRF, each with its
# reason: none today. A form posted by a browser is never one of them; only a machine-to-machine
# endpoint authenticated otherwise (a signed webhook...) could be.
EXEMPTIONS_ALLOWED: dict[str, str] = {}


def state_changing(app: Flask) -> list[tuple[str, str, object]]:
    found = {key: route for key, route in routes(app).items() if route[0] in STATE_CHANGING}
    keys = sorted(found, key=order)
    return [(key, *found[key]) for key in keys]


def sender(key: str) -> str:
    """A role the matrix lets send ``key``; the canary's account (a focal point of its
    organisation, the owner of its participation) where no role of the matrix is. A route the
    matrix does not know yet (its own test fails for it) is sent by an administrator: CSRF is
    checked before anything else, so it is swept all the same."""
    if key not in MATRIX:
        return ADMINISTRATOR
    for role in ROLES:
        if expected(key, role) is Outcome.ALLOWED and role not in HOLES.get(key, ("", ()))[1]:
            return role
    return CANARY


def token_of(client) -> str:
    """The CSRF token of ``client``'s session, from a page with a form."""
    for page in ("/", "/login"):
        found = TOKEN.search(client.get(page).get_data(as_text=True))
        if found:
            return found[1]
    raise AssertionError("no page with a form gave a CSRF token")


def refused_for_csrf(response) -> bool:
    return response.status_code == 400 and REFUSAL in response.get_data(as_text=True)


@contextmanager
def csrf_off(app: Flask):
    """CSRF off for a moment: only to sign in (the log-in form is swept like any other)."""
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture
def world(make_app):
    """The matrix's world on an app with CSRF on, its users, and its URL values."""
    app = make_app(RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=True)
    users, values = build(app)
    return app, users, values


def test_every_state_changing_route_refuses_a_request_without_its_sessions_token(world):
    app, users, values = world
    with csrf_off(app):
        senders = {sender(key) for key, _m, _r in state_changing(app)}
        clients = {role: signed_in(app, users, values, role) for role in senders}
    foreign = token_of(app.test_client())
    checked, wrong = 0, []
    for key, method, rule in state_changing(app):
        role = sender(key)
        client = clients[role]
        before = fingerprint(app)
        for label, data in (("no token", {}), ("another session's token", {"csrf_token": foreign})):
            with client.open(url(rule, values), method=method, data=data) as response:
                if not refused_for_csrf(response):
                    wrong.append(f"{key} as {role}, {label}: {response.status_code}")
        if fingerprint(app) != before:
            wrong.append(f"{key} as {role}: refused, but the database changed")
        checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked == len(state_changing(app)) and checked > 60


def test_the_same_requests_with_the_sessions_own_token_pass_csrf(world):
    """The refusals above are CSRF's: with its own token each request reaches its view, which
    answers as the matrix says an allowed role is answered (the form again, a redirect...).
    A session an earlier request ended (a sign-out everywhere...) is signed in again."""
    app, users, values = world
    clients: dict[str, object] = {}
    wrong = []
    for key, method, rule in state_changing(app):
        if key not in MATRIX:
            continue  # what it answers is not known yet
        role = sender(key)
        for fresh in (False, True):
            if fresh or role not in clients:
                with csrf_off(app):
                    clients[role] = signed_in(app, users, values, role)
            client = clients[role]
            data = {"csrf_token": token_of(client)}
            with client.open(url(rule, values), method=method, data=data) as response:
                pass
            if role == VISITOR or not sent_to_sign_in(response):
                break
        if refused_for_csrf(response) or outcome(method, response) is not Outcome.ALLOWED:
            where = response.headers.get("Location", "")
            wrong.append(f"{key} as {role}: {response.status_code} {where}")
    assert not wrong, "\n".join(wrong)


def sent_to_sign_in(response) -> bool:
    location = response.headers.get("Location", "").split("?")[0]
    return response.status_code == 302 and location.endswith("/login")


def csrf_exemptions(app: Flask) -> list[str]:
    """Every blueprint and view of ``app`` that CSRF would let through, and every setting that
    turns it off, but those of ``EXEMPTIONS_ALLOWED``."""
    protect = app.extensions["csrf"]
    assert protect is csrf, "the application's CSRF protection is not core.security.csrf"
    found = []
    for name, blueprint in app.blueprints.items():
        if blueprint in protect._exempt_blueprints and name not in EXEMPTIONS_ALLOWED:
            found.append(f"blueprint {name!r}")
    for endpoint, view in app.view_functions.items():
        where = f"{view.__module__}.{view.__name__}"
        if where in protect._exempt_views and endpoint not in EXEMPTIONS_ALLOWED:
            found.append(f"view {endpoint!r} ({where})")
    for setting in ("WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT"):
        if not app.config[setting]:
            found.append(f"{setting} is off")
    unchecked = sorted(set(STATE_CHANGING) - set(app.config["WTF_CSRF_METHODS"]))
    if unchecked:
        found.append(f"WTF_CSRF_METHODS leaves out {', '.join(unchecked)}")
    return found


@pytest.fixture
def parley_as_configured(database_url):
    """Build the application with the test configuration, but CSRF left as Parley sets it."""
    apps = []

    def factory(plugins: dict | None = None) -> Flask:
        config = base_config(database_url)
        config = {k: v for k, v in config.items() if not k.startswith("WTF_CSRF")}
        apps.append(create_app(config, plugins=plugins))
        return apps[-1]

    yield factory
    for app in apps:
        get_engine(app).dispose()


def test_no_blueprint_or_view_is_exempted_from_csrf(parley_as_configured):
    assert csrf_exemptions(parley_as_configured()) == []


class ExemptingPlugin:
    """A plugin that exempts its whole blueprint from CSRF."""

    def __init__(self) -> None:
        self.blueprint = Blueprint("exempting", __name__)
        self.blueprint.add_url_rule(
            "/exempting/change", "change", lambda: "changed", methods=["POST"]
        )
        csrf.exempt(self.blueprint)

    @hookimpl
    def register_blueprints(self, register) -> None:
        register(self.blueprint)


def exempted_view() -> str:
    return "changed"


class ViewExemptingPlugin:
    """A plugin that exempts one view from CSRF."""

    @hookimpl
    def register_blueprints(self, register) -> None:
        blueprint = Blueprint("view_exempting", __name__)
        blueprint.add_url_rule(
            "/exempting/view", "change", csrf.exempt(exempted_view), methods=["POST"]
        )
        register(blueprint)


def test_a_plugin_exempting_its_blueprint_or_a_view_is_reported(parley_as_configured):
    plugin = ExemptingPlugin()
    try:
        app = parley_as_configured(
            plugins={"exempting": plugin, "view_exempting": ViewExemptingPlugin()}
        )
        # the exemptions are real: both routes take a POST with no token
        client = app.test_client()
        assert client.post("/exempting/change").status_code == 200
        assert client.post("/exempting/view").status_code == 200
        assert client.post("/login").status_code == 400
        assert csrf_exemptions(app) == [
            "blueprint 'exempting'",
            f"view 'view_exempting.change' ({__name__}.exempted_view)",
        ]
    finally:
        # core.security.csrf is one object for every app of the process
        csrf._exempt_blueprints.discard(plugin.blueprint)
        csrf._exempt_views.discard(f"{__name__}.exempted_view")


def test_turning_csrf_off_in_the_configuration_is_reported(make_app):
    app = make_app(WTF_CSRF_CHECK_DEFAULT=False, WTF_CSRF_METHODS=["POST"])
    assert csrf_exemptions(app) == [
        "WTF_CSRF_ENABLED is off",  # the suite's own setting, on purpose
        "WTF_CSRF_CHECK_DEFAULT is off",
        "WTF_CSRF_METHODS leaves out DELETE, PATCH, PUT",
    ]

"""Machinery of the authorisation matrix (``tests/test_authorisation_matrix.py``): the world
with one user per role, how each route's URL is built, what a response counts as, and a
fingerprint of the database to show that a refused request changed nothing.

The world is the visibility canary's (``tests/canary_world.py``), plugins' records included,
with the two roles the canary test does not need (the dialogue's organiser, an
administrator) and the few values only POST routes take.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule

from core.accounts import grant_role
from core.db import db_session, get_engine
from core.models import Dialogue, FocalPoint, Role, User
from core.outbox import queue
from tests import factories
from tests.canary_world import build_world

VISITOR = "visitor"
PARTICIPANT = "participant"
FOCAL_POINT = "focal point of another organisation"
RAPPORTEUR = "rapporteur"
CHAIR = "chair"
OTHER_ORGANISER = "organiser of another dialogue"
ORGANISER = "organiser of the dialogue"
ADMINISTRATOR = "administrator"
ROLES = (
    VISITOR,
    PARTICIPANT,
    FOCAL_POINT,
    RAPPORTEUR,
    CHAIR,
    OTHER_ORGANISER,
    ORGANISER,
    ADMINISTRATOR,
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# the canary's own account: its participation's person and a focal point of its organisation
# (not one of ROLES: the world's answers to it are the canary's, not a role's)
CANARY = "the canary (focal point of its organisation)"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"  # 403 for a signed-in user, the log-in page for a visitor
    HIDDEN = "hidden"  # 404


# what "allowed" may answer: a page or a redirect, or for a POST with an empty body the form
# again with its errors, or a clear refusal of the request itself; never 500
ALLOWED_ANSWERS = {"GET": {200, 302}, "POST": {200, 302, 303, 400, 409, 422}}

# URL arguments whose world value depends on the route: argument -> key of the world's values
ARGUMENTS = {
    "/series/<slug>": {"slug": "series_slug"},
    "/series/<slug>/edit": {"slug": "series_slug"},
    # a published recommendation is not edited any more (its drafters are sent to its page):
    # the form opens on the draft one
    "/dialogues/<slug>/minutes/recommendations/<int:recommendation_id>/edit": {
        "recommendation_id": "draft_recommendation_id"
    },
}
FIXED_ARGUMENTS = {
    "/minutes/static/<path:filename>": {"filename": "minutes.css"},
    "/dialogues/<slug>/emails/<kind>": {"kind": "accredited"},
    "/dialogues/<slug>/emails/<kind>/reset": {"kind": "accredited"},
}
# query arguments a route needs: name -> key of the world's values
QUERIES = {"/dialogues/<slug>/outcome/diff": {"from": "from_version", "to": "to_version"}}

# tables that a read may fill (a cache), left out of the fingerprint
NOT_STATE = {"alembic_version", "sessions_event_cache"}


def route_key(method: str, rule: Rule) -> str:
    return f"{method} {rule.rule}"


def routes(app: Flask) -> dict[str, tuple[str, Rule]]:
    """Every method of every rule in the URL map, by ``"METHOD /rule"``."""
    found = {}
    for rule in app.url_map.iter_rules():
        for method in METHODS:
            if method in rule.methods:
                found[route_key(method, rule)] = (method, rule)
    return found


def build(app: Flask) -> tuple[dict[str, User | None], dict]:
    """The canary's world, with a user for every role and a value for every URL argument."""
    with app.test_request_context():
        users, values = build_world()
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        other = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "e"))
        users[ORGANISER] = factories.user(Role.ORGANISER, dialogue=dialogue)
        users[ADMINISTRATOR] = factories.user(Role.ADMINISTRATOR)
        # the canary's account: a focal point of its organisation, with a role to revoke
        owner = db_session().get(User, values["user_id"])
        focal = FocalPoint(user_id=owner.id, organisation_id=values["organisation_id"])
        db_session().add(focal)
        grant = grant_role(owner, Role.PARTICIPANT, other)
        message = queue(kind="test", to="canary@example.org", subject="Hello", body="Text")
        db_session().commit()
        values["focal_point_id"] = focal.id
        values["grant_id"] = grant.id
        values["message_id"] = message.id
        assert set(users) == set(ROLES), sorted(set(users) ^ set(ROLES))
        return users, values


def signed_in(app: Flask, users: dict[str, User | None], values: dict, role: str):
    """A test client signed in as ``role`` (one of ``ROLES``, or ``CANARY``)."""
    client = app.test_client()
    if role == CANARY:
        with app.app_context():
            factories.login(client, db_session().get(User, values["user_id"]))
    elif users[role] is not None:
        factories.login(client, users[role])
    return client


def url(rule: Rule, values: dict) -> str:
    arguments = {name: values[name] for name in rule.arguments if name in values}
    arguments.update(
        {name: values[key] for name, key in ARGUMENTS.get(rule.rule, {}).items()},
    )
    arguments.update(FIXED_ARGUMENTS.get(rule.rule, {}))
    missing = set(rule.arguments) - set(arguments)
    assert not missing, f"{rule.rule}: add a value for {sorted(missing)} to the world"
    built = rule.build(arguments, append_unknown=False)
    assert built is not None, rule.rule
    query = {name: values[key] for name, key in QUERIES.get(rule.rule, {}).items()}
    return built[1] + (f"?{urlencode(query)}" if query else "")


def outcome(method: str, response) -> Outcome | None:
    """What the answer amounts to; ``None`` when it is none of the three (a 500...)."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if status in (302, 303) and location.split("?")[0].endswith("/login"):
        return Outcome.REFUSED
    if status in (401, 403):
        return Outcome.REFUSED
    if status == 404:
        return Outcome.HIDDEN
    if status in ALLOWED_ANSWERS.get(method, ALLOWED_ANSWERS["POST"]):
        return Outcome.ALLOWED
    return None


def answer(expected: Outcome, role: str, method: str, response) -> bool:
    """True when the response is exactly the answer ``expected`` of ``role``."""
    got = outcome(method, response)
    if got != expected:
        return False
    if expected is Outcome.REFUSED:
        location = response.headers.get("Location", "").split("?")[0]
        if role == VISITOR:
            return response.status_code == 302 and location.endswith("/login")
        return response.status_code == 403
    return True


def fingerprint(app: Flask) -> str:
    """A digest of every row of every table but caches."""
    digest = hashlib.sha256()
    engine = get_engine(app)
    with engine.connect() as connection:
        for table in sorted(set(sa.inspect(connection).get_table_names()) - NOT_STATE):
            rows = connection.execute(sa.text(f'SELECT * FROM "{table}"')).all()
            digest.update(table.encode())
            digest.update(repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()

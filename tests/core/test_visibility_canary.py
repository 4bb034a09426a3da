"""A canary: an anonymous participant with a unique name and organisation must not appear in
any response a non-organiser can fetch, on any route of the application.

The routes come from the URL map, so a new route is checked without anyone remembering to;
a route with a URL argument this test has no value for fails it until one is added.

A plugin's tests put the canary into the plugin's own records through a module
``tests/plugins/<name>/canary.py`` with ``populate(dialogue, canary, viewers) -> dict``: it adds
records (the canary as a speaker, in minutes...) and returns values for the plugin's URL
arguments.
"""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import Role
from tests import factories
from tests.canary_world import CANARY_EMAIL, CANARY_NAME, SECRETS, build_world


@pytest.fixture
def world(app):
    with app.test_request_context():
        return build_world()


def get_routes(app, values):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"{rule.rule}: add a value for {sorted(missing)} to this test"
        yield rule.rule, adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments})


@pytest.mark.parametrize(
    "viewer",
    [
        "visitor",
        "participant",
        "focal point of another organisation",
        "organiser of another dialogue",
        "chair",
        "rapporteur",
    ],
)
def test_the_canary_appears_in_no_response(app, world, viewer):
    viewers, values = world
    client = app.test_client()
    if viewers[viewer] is not None:
        factories.login(client, viewers[viewer])
    checked = 0
    for rule, url in get_routes(app, values):
        with client.get(url) as response:
            body = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in body, f"{viewer} sees {secret!r} at {rule} ({url})"
        checked += 1
    assert checked > 20


def test_the_organiser_of_the_dialogue_does_see_the_canary(app, world):
    _viewers, _values = world
    with app.app_context():
        from core.models import Dialogue

        dialogue = db_session().query(Dialogue).filter_by(slug="d").one()
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    assert CANARY_NAME in client.get("/dialogues/d/participants").get_data(as_text=True)
    assert CANARY_EMAIL in client.get("/dialogues/d/participants.csv").get_data(as_text=True)

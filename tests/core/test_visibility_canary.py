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

import importlib
import pkgutil

import pytest

from core.db import db_session, utcnow
from core.models import (
    Category,
    DialogueCategory,
    FocalPoint,
    Grant,
    Invitation,
    InvitationState,
    OrganisationStatus,
    ParticipationStatus,
    RegistrationMode,
    Role,
    Visibility,
)
from core.participation.invitations import invitation_token
from tests import factories, plugins

CANARY_NAME = "Zawgyi Canary Htun"
CANARY_ORG = "Canary Hidden Collective"
CANARY_EMAIL = "canary-htun@hidden.example"
SECRETS = (CANARY_NAME, CANARY_ORG, CANARY_EMAIL, "Canary")


@pytest.fixture
def world(app):
    with app.test_request_context():
        dialogue = factories.dialogue(slug="d", title="The dialogue")
        other_dialogue = factories.dialogue(slug="e", title="Another dialogue")
        category = DialogueCategory(
            dialogue_id=dialogue.id, category=Category.CSO, registration=RegistrationMode.OPEN
        )
        db_session().add(category)
        hidden_org = factories.organisation(name=CANARY_ORG, acronym="CHC")
        hidden_org.statuses.append(
            OrganisationStatus(name="Consultative relationship", issuer="AICHR")
        )
        canary_user = factories.user(email="canary-user@hidden.example")
        canary = factories.participation(
            dialogue,
            factories.person(
                name=CANARY_NAME,
                email=CANARY_EMAIL,
                organisation=hidden_org,
                user_id=canary_user.id,
            ),
            visibility=Visibility.ANONYMOUS,
            status=ParticipationStatus.ACCREDITED,
        )
        canary.badge_number = 1
        participant_user = factories.user()
        factories.participation(
            dialogue,
            factories.person(name="Open Participant", user_id=participant_user.id),
            visibility=Visibility.PUBLIC,
            status=ParticipationStatus.ACCREDITED,
        )
        focal_user = factories.user()
        db_session().add(
            FocalPoint(user_id=focal_user.id, organisation=factories.organisation(name="Other Org"))
        )
        viewers = {
            "visitor": None,
            "participant": participant_user,
            "focal point of another organisation": focal_user,
            "organiser of another dialogue": factories.user(
                Role.ORGANISER, dialogue=other_dialogue
            ),
            "chair": factories.user(Role.CHAIR, dialogue=dialogue),
            "rapporteur": factories.user(Role.RAPPORTEUR, dialogue=dialogue),
        }
        db_session().commit()
        grant_id = db_session().query(Grant.id).first()[0]
        invitation = Invitation(
            dialogue_id=dialogue.id,
            category=Category.CSO,
            person_id=canary.person_id,
            organisation_id=hidden_org.id,
            email=CANARY_EMAIL,
            state=InvitationState.SENT,
            sent_at=utcnow(),
        )
        db_session().add(invitation)
        db_session().commit()
        values = {
            "slug": "d",
            "participation_id": canary.id,
            "organisation_id": hidden_org.id,
            "person_id": canary.person_id,
            "user_id": canary_user.id,
            "category_id": category.id,
            "status_id": hidden_org.statuses[0].id,
            "grant_id": grant_id,
            "filename": "parley.css",
            "invitation_id": invitation.id,
            # whoever holds the canary's own link sees the invitation, but not their name
            "token": invitation_token(invitation),
        }
        for populate in plugin_populators():
            values.update(populate(dialogue=dialogue, canary=canary, viewers=viewers))
        db_session().commit()
        return viewers, values


def plugin_populators():
    """``populate`` of every ``tests/plugins/<name>/canary.py``."""
    for module in pkgutil.iter_modules(plugins.__path__):
        try:
            canary = importlib.import_module(f"tests.plugins.{module.name}.canary")
        except ModuleNotFoundError as missing:
            if missing.name != f"tests.plugins.{module.name}.canary":
                raise
            continue
        yield canary.populate


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

"""The world of the canary test: two dialogues, an anonymous participant (the canary) with
a unique name and organisation, users in several roles, and a value for every URL argument
of the application.

Each plugin's tests put the canary into the plugin's own records through a module
``tests/plugins/<name>/canary.py`` with ``populate(dialogue, canary, viewers) -> dict``: it adds
records (the canary as a speaker, in minutes...) and returns values for the plugin's URL
arguments.
"""

from __future__ import annotations

import importlib
import pkgutil

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


def build_world() -> tuple[dict, dict]:
    """Build the world in the current request context: ``(viewers, values)``, users by
    role and a value for every URL argument of the application."""
    dialogue = factories.dialogue(slug="d", title="The dialogue")
    other_dialogue = factories.dialogue(slug="e", title="Another dialogue")
    category = DialogueCategory(
        dialogue_id=dialogue.id, category=Category.CSO, registration=RegistrationMode.OPEN
    )
    db_session().add(category)
    hidden_org = factories.organisation(name=CANARY_ORG, acronym="CHC")
    hidden_org.statuses.append(OrganisationStatus(name="Consultative relationship", issuer="AICHR"))
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
        "organiser of another dialogue": factories.user(Role.ORGANISER, dialogue=other_dialogue),
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

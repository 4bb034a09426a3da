"""A category an organisation cannot enter for want of a status says which status, from whom,
and how to ask for it, instead of vanishing."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import db_session
from core.models import Category, DialogueCategory, FocalPoint, OrganisationStatus, RegistrationMode
from tests import factories


@pytest.fixture
def delegation(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        db_session().add(
            DialogueCategory(
                dialogue_id=dialogue.id,
                category=Category.CSO,
                capacity=5,
                registration=RegistrationMode.FOCAL_POINTS,
                required_status="Consultative relationship",
                required_status_issuer="AICHR",
            )
        )
        organisation = factories.organisation(name="Karen Rights Group")
        user = factories.user()
        db_session().add(FocalPoint(user_id=user.id, organisation_id=organisation.id))
        db_session().commit()
        organisation_id = organisation.id
    client = app.test_client()
    factories.login(client, user)
    client.url = f"/dialogues/d/delegations/{organisation_id}"
    client.organisation_id = organisation_id
    return client


def test_a_new_cso_is_told_which_status_it_lacks_and_how_to_ask(delegation):
    page = delegation.get(delegation.url).get_data(as_text=True)
    assert "CSO is open only to organisations holding a valid “Consultative relationship”" in page
    assert "from AICHR" in page and "Karen Rights Group holds none on record" in page
    assert "ask the organisers to record it" in page


def test_a_lapsed_status_is_named_as_lapsed(app, delegation):
    with app.app_context():
        organisation = db_session().get(factories.Organisation, delegation.organisation_id)
        organisation.statuses.append(
            OrganisationStatus(
                name="Consultative relationship", issuer="AICHR", expires_on=date(2029, 12, 31)
            )
        )
        db_session().commit()
    page = delegation.get(delegation.url).get_data(as_text=True)
    assert "Karen Rights Group holds is not valid on the dialogue" in page


def test_once_the_status_is_held_the_category_is_offered_and_the_notice_goes(app, delegation):
    with app.app_context():
        organisation = db_session().get(factories.Organisation, delegation.organisation_id)
        organisation.statuses.append(
            OrganisationStatus(name="Consultative relationship", issuer="AICHR")
        )
        db_session().commit()
    page = delegation.get(delegation.url).get_data(as_text=True)
    assert "Register representative" in page and "holds none on record" not in page

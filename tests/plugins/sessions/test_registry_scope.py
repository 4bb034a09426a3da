"""The session form's chairs, moderators, speakers and rapporteurs are the dialogue's own
participations: an organiser of one dialogue is offered nobody of another, and cannot post one
by id."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from plugins.sessions.models import ProgrammeSession
from tests.core.test_registry_scope import anonymous_of_another_dialogue
from tests.plugins.sessions import test_organiser_pages as organiser_pages

GOOD = organiser_pages.GOOD
world = organiser_pages.world  # the organiser's pages' fixture: a dialogue and its people


@pytest.fixture
def other(app, world):
    with app.app_context():
        return anonymous_of_another_dialogue()


def test_the_session_form_offers_only_the_dialogues_participations(app, world, other):
    client, _ids = world
    html = client.get("/dialogues/d/programme/sessions/new").get_data(as_text=True)
    assert "Delegate Ana" in html and "Hidden Cso" in html  # their own dialogue's
    assert "Boris Secret" not in html and "Hidden Collective B" not in html
    assert f'value="{other}"' not in html


@pytest.mark.parametrize("field", ["chair_ids", "moderator_ids", "speaker_ids", "rapporteur_ids"])
def test_another_dialogues_participant_posted_by_id_is_refused(app, world, other, field):
    client, ids = world
    response = client.post(
        "/dialogues/d/programme/sessions/new", data={**GOOD, field: [ids["delegate"], other]}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Boris Secret" not in html
    with app.app_context():
        assert db_session().scalars(sa.select(ProgrammeSession)).all() == []

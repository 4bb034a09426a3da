"""The minutes' pickers are the dialogue's own participations: a rapporteur or organiser of one
dialogue is offered, and may mention or credit, nobody of another dialogue. The public exports
(outcome.json, the scorecard's CSV and JSON) name nobody who asked not to be named."""

from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Dialogue, Series, Visibility
from plugins.minutes.models import Recommendation
from tests import factories
from tests.core.test_registry_scope import anonymous_of_another_dialogue
from tests.plugins.minutes.conftest import publish, recommendation_data, save, signed_in

SECRETS = ("Boris Secret", "Hidden Collective B", "Hidden Defender", "Secret Network")


@pytest.fixture
def other(app, world):
    """Another dialogue, with an anonymous participant of an organisation nobody names."""
    with app.app_context():
        boris = anonymous_of_another_dialogue()
        organisers_only = factories.participation(
            db_session().get(Dialogue, world.dialogue_id),
            factories.person(name="Olga Organisers"),
            visibility=Visibility.ORGANISERS,
        )
        db_session().commit()
        return {"boris": boris, "olga": organisers_only.id}


@pytest.mark.parametrize("who", ["rapporteur", "organiser"])
def test_the_mention_and_credit_lists_hold_only_the_dialogues_participations(
    app, world, other, who
):
    client = signed_in(app, getattr(world, who))
    for url in ("/dialogues/7th/minutes/edit", "/dialogues/7th/minutes/recommendations/new"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Boris Secret" not in html and "Hidden Collective B" not in html
        assert f'value="{other["boris"]}"' not in html


def test_crediting_another_dialogues_participant_by_id_is_refused(app, world, other):
    client = signed_in(app, world.rapporteur)
    response = client.post(
        "/dialogues/7th/minutes/recommendations/new",
        data=recommendation_data(participation_id=str(other["boris"])),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a participant of this dialogue" in html
    assert "Boris Secret" not in html
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Recommendation)) == 0


def test_a_mention_of_another_dialogues_participant_names_nobody(app, world, other):
    client = signed_in(app, world.organiser)
    body = f"The floor was given to @[{other['boris']}]."
    assert save(client, "7th", body, 0).status_code == 302
    assert publish(app, world).status_code == 302
    for url in ("/dialogues/7th/minutes", "/dialogues/7th/outcome", "/dialogues/7th/outcome.json"):
        text = client.get(url).get_data(as_text=True)
        assert "Boris Secret" not in text and "Hidden Collective B" not in text


def _published_with_the_unnamed(app, world, other):
    """An outcome mentioning the anonymous and the organisers-only participant, and a
    recommendation credited to the anonymous one, published in a series with a scorecard."""
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        dialogue.series = Series(slug="ahrd", name="ASEAN Human Rights Dialogue")
        db_session().commit()
    rapporteur = signed_in(app, world.rapporteur)
    body = f"Statements by @[{world.hidden_id}] and @[{other['olga']}]; @[{world.public_id}] too."
    assert save(rapporteur, "7th", body, 0).status_code == 302
    response = rapporteur.post(
        "/dialogues/7th/minutes/recommendations/new",
        data=recommendation_data(participation_id=str(world.hidden_id)),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert publish(app, world).status_code == 302


def test_the_public_exports_name_nobody_who_asked_not_to_be_named(app, world, other):
    _published_with_the_unnamed(app, world, other)
    visitor = app.test_client()
    outcome = visitor.get("/dialogues/7th/outcome.json")
    document = json.loads(outcome.get_data(as_text=True))
    assert "Open Speaker" in document["markdown"]  # the public participant is named
    scorecard_csv = visitor.get("/series/ahrd/scorecard.csv").get_data(as_text=True)
    scorecard_json = visitor.get("/series/ahrd/scorecard.json").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(scorecard_csv)))[1][0] == "7th"
    public_md = visitor.get("/dialogues/7th/outcome/versions/1/public.md").get_data(as_text=True)
    for text in (outcome.get_data(as_text=True), scorecard_csv, scorecard_json, public_md):
        for secret in (*SECRETS, "Olga Organisers"):
            assert secret not in text


def test_the_outcome_json_downloaded_by_an_organiser_names_nobody_who_asked_not_to_be_named(
    app, world, other
):
    _published_with_the_unnamed(app, world, other)
    text = signed_in(app, world.organiser).get("/dialogues/7th/outcome.json").get_data(as_text=True)
    assert "Hidden Defender" not in text and "Olga Organisers" not in text

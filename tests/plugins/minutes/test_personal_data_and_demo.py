"""The minutes' part of a person's data export and erasure; the demo's outcome records."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import Dialogue, Person
from core.personal_data.erasure import erase_person
from core.personal_data.export import export_person
from plugins.minutes.models import MinutesVersion, Recommendation
from tests.plugins.minutes.conftest import (
    approve_all,
    draft_revision,
    publish,
    recommendation_data,
    save,
    signed_in,
)


def _credit_and_mention(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, f"Words of @[{world.hidden_id}].", 0)
    rapporteur.post(
        f"/dialogues/{world.slug}/minutes/recommendations/new",
        data=recommendation_data(participation_id=world.hidden_id),
    )
    assert publish(app, world).status_code == 302


def test_the_export_lists_credits_and_mentions(app, world):
    _credit_and_mention(app, world)
    with app.app_context():
        person = db_session().scalar(sa.select(Person).where(Person.name == "Hidden Defender"))
        section = export_person(person)["plugins"]["minutes"]
    assert section["recommendations_credited"][0]["recommendation"] == 1
    assert section["recommendations_credited"][0]["published_in_version"] == 1
    assert {"dialogue": "7th", "published_version": 1} in section["mentioned_in"]
    assert {"dialogue": "7th", "draft_part": "Outcome of the dialogue"} in section["mentioned_in"]


def test_erasure_credits_the_role_and_leaves_the_published_text_as_it_was(app, world):
    _credit_and_mention(app, world)
    with app.app_context():
        digests = (
            db_session()
            .execute(sa.select(MinutesVersion.text_hmac, MinutesVersion.public_sha256))
            .one()
        )
        person = db_session().scalar(sa.select(Person).where(Person.name == "Hidden Defender"))
        assert erase_person(person, actor=None, reason="asked")
        recommendation = db_session().scalar(sa.select(Recommendation))
        assert recommendation.participation_id is None
        assert recommendation.coalition == "a CSO representative"
        assert (
            db_session()
            .execute(sa.select(MinutesVersion.text_hmac, MinutesVersion.public_sha256))
            .one()
            == digests
        )
    markdown = app.test_client().get(f"/dialogues/{world.slug}/outcome.md").get_data(as_text=True)
    assert "Words of a CSO representative." in markdown
    assert "Hidden Defender" not in markdown


def test_parley_demo_publishes_outcome_records_with_follow_up_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesVersion.id))) == 3
        restated = db_session().scalar(
            sa.select(Recommendation).where(Recommendation.restates_id.is_not(None))
        )
        first = db_session().get(Dialogue, restated.first_dialogue_id)
        assert first.slug == "2nd-eu-sea-cso-forum-2022"
    client = app.test_client()
    page = client.get("/dialogues/7th-ahrd-2025/outcome").get_data(as_text=True)
    assert "establish a formal mechanism" in page.lower()
    scorecard = client.get("/series/eu-sea-cso-forum/scorecard").get_data(as_text=True)
    assert "2nd EU-Southeast Asia CSOs Forum" in scorecard and "3rd EU-Southeast" in scorecard
    feed = client.get("/outcomes/feed.atom").get_data(as_text=True)
    assert feed.count("<entry>") == 3


def test_erasure_rewriting_a_draft_recommendation_resets_its_approvals(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    response = rapporteur.post(
        f"/dialogues/{world.slug}/minutes/recommendations/new",
        data=recommendation_data(participation_id=world.hidden_id),
    )
    assert response.status_code == 302
    revision = approve_all(app, world)
    with app.app_context():
        person = db_session().scalar(sa.select(Person).where(Person.name == "Hidden Defender"))
        assert erase_person(person, actor=None, reason="asked")
    assert draft_revision(app, world.slug) == revision + 1
    response = rapporteur.post(
        f"/dialogues/{world.slug}/minutes/publish", data={"revision": revision + 1}
    )
    assert response.status_code == 409
    assert "Not yet approved by: Co-chair 0, Co-chair 1." in response.get_data(as_text=True)
    assert publish(app, world).status_code == 302  # approved again as it now stands
    with app.app_context():
        assert "Put forward by: a CSO representative" in db_session().scalar(
            sa.select(MinutesVersion.text)
        )

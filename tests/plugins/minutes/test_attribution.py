"""Names in the published record: through each participant's visibility, never under the
Chatham House Rule, a coalition instead of a person when the rapporteur says so."""

from __future__ import annotations

import json

from core.db import db_session
from core.models import Dialogue, Role
from tests import factories
from tests.plugins.minutes.conftest import (
    CHATHAM_SESSION,
    OPEN_SESSION,
    publish,
    recommendation_data,
    save,
    signed_in,
)


def _publish_mentions(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, f"Opening by @[{world.public_id}] and @[{world.hidden_id}].", 0)
    save(rapporteur, world.slug, f"@[{world.public_id}] spoke of scams.", 0, CHATHAM_SESSION)
    save(rapporteur, world.slug, f"@[{world.public_id}] spoke of rivers.", 0, OPEN_SESSION)
    assert publish(app, world).status_code == 302


def _outputs(client, slug):
    return [
        client.get(f"/dialogues/{slug}/outcome").get_data(as_text=True),
        client.get(f"/dialogues/{slug}/outcome.md").get_data(as_text=True),
        client.get(f"/dialogues/{slug}/outcome.html").get_data(as_text=True),
        client.get(f"/dialogues/{slug}/outcome.json").get_data(as_text=True),
    ]


def test_each_reader_sees_names_as_visibility_allows_and_nobody_under_chatham_house(app, world):
    _publish_mentions(app, world)
    markdown = app.test_client().get(f"/dialogues/{world.slug}/outcome.md").get_data(as_text=True)
    assert "Opening by Open Speaker and a CSO representative." in markdown
    assert (
        "## Online scams\n\n*Held under the Chatham House Rule: nobody is named.*\n\n"
        "a delegate spoke of scams." in markdown
    )
    assert "Open Speaker spoke of rivers." in markdown
    for output in _outputs(app.test_client(), world.slug) + _outputs(
        signed_in(app, world.participant), world.slug
    ):
        assert "Hidden Defender" not in output and "Secret Network" not in output
    with app.app_context():
        organiser = factories.user(
            Role.ORGANISER, dialogue=db_session().get(Dialogue, world.dialogue_id)
        )
        db_session().commit()
    seen = signed_in(app, organiser).get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    assert "Hidden Defender (Secret Network)" in seen
    assert "a delegate spoke of scams." in seen  # the rule holds for organisers too
    # a file of the record leaves Parley: it names nobody who asked not to be, whoever takes it
    _page, *files = _outputs(signed_in(app, organiser), world.slug)
    for output in files:
        assert "Hidden Defender" not in output and "Secret Network" not in output


def test_a_session_marked_chatham_house_after_publication_names_nobody_from_then_on(
    app, world, sessions_plugin
):
    sessions_plugin.chatham = False
    _publish_mentions(app, world)
    client = app.test_client()
    assert "Open Speaker spoke of scams." in client.get(
        f"/dialogues/{world.slug}/outcome.md"
    ).get_data(as_text=True)
    sessions_plugin.chatham = True
    assert "a delegate spoke of scams." in client.get(
        f"/dialogues/{world.slug}/outcome.md"
    ).get_data(as_text=True)


def test_without_the_sessions_plugin_session_minutes_name_nobody(make_app, app, world):
    _publish_mentions(app, world)
    bare = make_app()
    markdown = bare.test_client().get(f"/dialogues/{world.slug}/outcome.md").get_data(as_text=True)
    assert "a delegate spoke of rivers." in markdown
    assert "Opening by Open Speaker" in markdown


def test_recommendations_credit_a_person_through_visibility_or_a_coalition(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    url = f"/dialogues/{world.slug}/minutes/recommendations/new"
    assert (
        rapporteur.post(url, data=recommendation_data(participation_id=world.hidden_id)).status_code
        == 302
    )
    assert (
        rapporteur.post(url, data=recommendation_data(coalition="38 CSOs of the Forum")).status_code
        == 302
    )
    assert (
        rapporteur.post(
            url,
            data=recommendation_data(
                participation_id=world.public_id, source="session", session_id=CHATHAM_SESSION
            ),
        ).status_code
        == 302
    )
    both = rapporteur.post(
        url, data=recommendation_data(participation_id=world.public_id, coalition="A coalition")
    )
    assert both.status_code == 422
    assert "Credit either a participant or a coalition, not both" in both.get_data(as_text=True)
    assert publish(app, world).status_code == 302
    data = json.loads(app.test_client().get(f"/dialogues/{world.slug}/outcome.json").data)
    markdown = data["markdown"]
    assert "Put forward by: a CSO representative" in markdown
    assert "Put forward by: 38 CSOs of the Forum" in markdown
    assert "Put forward by: a delegate" in markdown  # made in the Chatham House session
    assert "Open Speaker" not in markdown and "Hidden Defender" not in markdown

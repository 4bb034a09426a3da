"""The minutes plugin, loaded through its entry point."""

from __future__ import annotations

from core.db import db_session
from core.models import DialogueStatus
from tests import factories


def test_minutes_adds_the_outcome_tab_and_page(client, dialogue_slug):
    html = client.get(f"/dialogues/{dialogue_slug}").get_data(as_text=True)
    assert f'href="/dialogues/{dialogue_slug}/outcome"' in html
    assert client.get(f"/dialogues/{dialogue_slug}/outcome").status_code == 200


def test_outcome_of_a_draft_is_hidden(ctx, client):
    factories.dialogue(slug="draft", status=DialogueStatus.DRAFT)
    db_session().commit()
    assert client.get("/dialogues/draft/outcome").status_code == 404

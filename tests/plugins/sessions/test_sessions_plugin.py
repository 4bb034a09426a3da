"""The sessions plugin, loaded through its entry point."""

from __future__ import annotations

from core.db import db_session
from core.models import DialogueStatus
from tests import factories


def test_sessions_adds_the_programme_tab_and_page(client, dialogue_slug):
    html = client.get(f"/dialogues/{dialogue_slug}").get_data(as_text=True)
    assert f'href="/dialogues/{dialogue_slug}/programme"' in html
    page = client.get(f"/dialogues/{dialogue_slug}/programme")
    assert page.status_code == 200 and "Programme" in page.get_data(as_text=True)


def test_programme_of_a_draft_is_hidden(ctx, client):
    factories.dialogue(slug="draft", status=DialogueStatus.DRAFT)
    db_session().commit()
    assert client.get("/dialogues/draft/programme").status_code == 404
    assert client.get("/dialogues/draft/outcome").status_code == 404

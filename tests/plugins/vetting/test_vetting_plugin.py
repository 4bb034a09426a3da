"""The vetting plugin, loaded through its entry point."""

from __future__ import annotations

from core.db import db_session
from core.models import Role
from tests import factories


def test_vetting_tells_organisers_only_that_nobody_is_screened_yet(ctx, client, dialogue_slug):
    notice = "invitees to this dialogue are not screened yet"
    assert notice not in client.get(f"/dialogues/{dialogue_slug}").get_data(as_text=True)
    organiser = factories.user(Role.ORGANISER)
    db_session().commit()
    factories.login(client, organiser)
    assert notice in client.get(f"/dialogues/{dialogue_slug}").get_data(as_text=True)

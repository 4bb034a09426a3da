"""Who may open which organiser page: visitors, users without roles, dialogue and global
organisers, administrators."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import DialogueStatus, Role
from tests import factories

PAGES = {
    "create dialogue": "/dialogues/new",
    "edit own dialogue": "/dialogues/own/edit",
    "edit other dialogue": "/dialogues/other/edit",
    "create series": "/series/new",
    "edit series": "/series/s/edit",
    "organisations": "/organisations/",
    "new organisation": "/organisations/new",
    "people": "/people/",
    "new person": "/people/new",
}

# expected answer per role; "login" means a redirect to the sign-in page
EXPECTED = {
    "visitor": dict.fromkeys(PAGES, "login"),
    "participant": {**dict.fromkeys(PAGES, 403), "edit other dialogue": 403},
    "dialogue organiser": {**dict.fromkeys(PAGES, 403), "edit own dialogue": 200},
    "organiser": {**dict.fromkeys(PAGES, 200)},
    "administrator": dict.fromkeys(PAGES, 200),
}


@pytest.fixture
def world(app):
    from core.models import Series

    with app.app_context():
        own = factories.dialogue(slug="own")
        factories.dialogue(slug="other")
        db_session().add(Series(slug="s", name="Series"))
        users = {
            "participant": factories.user(Role.PARTICIPANT, dialogue=own),
            "dialogue organiser": factories.user(Role.ORGANISER, dialogue=own),
            "organiser": factories.user(Role.ORGANISER),
            "administrator": factories.user(Role.ADMINISTRATOR),
        }
        db_session().commit()
        return users


@pytest.mark.parametrize("role", list(EXPECTED))
def test_organiser_pages_answer_by_role(app, world, role):
    client = app.test_client()
    if role != "visitor":
        factories.login(client, world[role])
    for page, url in PAGES.items():
        response = client.get(url)
        expected = EXPECTED[role][page]
        if expected == "login":
            assert response.status_code == 302, page
            assert response.location.startswith("/login?next="), page
        else:
            assert response.status_code == expected, f"{role}: {page}"


def test_a_dialogue_organiser_cannot_see_anothers_draft(app):
    with app.app_context():
        own = factories.dialogue(slug="own")
        factories.dialogue(slug="hidden", status=DialogueStatus.DRAFT)
        organiser = factories.user(Role.ORGANISER, dialogue=own)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    assert client.get("/dialogues/hidden").status_code == 404
    assert client.post("/dialogues/hidden/status", data={"status": "published"}).status_code == 404


def test_a_forbidden_post_changes_nothing(app, world):
    client = app.test_client()
    factories.login(client, world["participant"])
    response = client.post("/organisations/new", data={"name": "Sneaky", "kind": "cso"})
    assert response.status_code == 403
    with app.app_context():
        from core.models import Organisation

        assert db_session().query(Organisation).count() == 0

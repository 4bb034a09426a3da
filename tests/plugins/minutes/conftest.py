"""A dialogue with two co-chairs who have accounts, a rapporteur, an organiser, a participant
named in public and one who is anonymous; a test plugin reports two sessions, one under the
Chatham House Rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from core.db import db_session
from core.models import Category, DialogueChair, Role, Visibility
from core.plugin_api import SessionSummary, hookimpl
from tests import factories

OPEN_SESSION, CHATHAM_SESSION = 501, 502


class SessionsPlugin:
    """Reports two sessions of every dialogue, the second under the Chatham House Rule. A test
    may flip ``chatham`` or stop reporting a session (``dropped``) at any moment."""

    def __init__(self) -> None:
        self.chatham = True
        self.dropped: set[int] = set()

    @hookimpl
    def collect_sessions(self, dialogue):
        return [s for s in self._sessions(dialogue) if s.id not in self.dropped]

    def _sessions(self, dialogue):
        start = dialogue.starts_at
        return [
            SessionSummary(
                OPEN_SESSION, "Human rights and the environment", "thematic", start, start
            ),
            SessionSummary(
                CHATHAM_SESSION,
                "Online scams",
                "thematic",
                start,
                start,
                chatham_house=self.chatham,
            ),
        ]


@dataclass
class World:
    slug: str
    dialogue_id: int
    chairs: list
    rapporteur: object
    organiser: object
    participant: object
    public_id: int
    hidden_id: int


@pytest.fixture
def sessions_plugin():
    return SessionsPlugin()


@pytest.fixture
def app(make_app, sessions_plugin):
    return make_app(plugins={"test-sessions": sessions_plugin})


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        dialogue = factories.dialogue(
            slug="7th",
            title="7th ASEAN Human Rights Dialogue",
            starts_at=datetime(2025, 11, 17, 2, 0, tzinfo=UTC),
        )
        chairs = [factories.user(), factories.user()]
        dialogue.chairs = [
            DialogueChair(person=factories.person(name=f"Co-chair {i}", user_id=u.id), position=i)
            for i, u in enumerate(chairs)
        ]
        rapporteur = factories.user(Role.RAPPORTEUR, dialogue=dialogue)
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        participant = factories.user()
        public = factories.participation(
            dialogue,
            factories.person(name="Open Speaker", user_id=participant.id),
            visibility=Visibility.PUBLIC,
            category=Category.DELEGATE,
        )
        hidden = factories.participation(
            dialogue,
            factories.person(
                name="Hidden Defender", organisation=factories.organisation(name="Secret Network")
            ),
            visibility=Visibility.ANONYMOUS,
        )
        db_session().commit()
        return World(
            "7th", dialogue.id, chairs, rapporteur, organiser, participant, public.id, hidden.id
        )


def signed_in(app, user):
    client = app.test_client()
    factories.login(client, user)
    return client


def save(client, slug: str, body: str, revision: int, session_id: int | None = None):
    url = f"/dialogues/{slug}/minutes/edit"
    if session_id is not None:
        url = f"/dialogues/{slug}/minutes/sessions/{session_id}/edit"
    return client.post(url, data={"body": body, "revision": revision})


def draft_revision(app, slug: str) -> int:
    import sqlalchemy as sa

    from core.models import Dialogue
    from plugins.minutes.drafting import find_record

    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == slug))
        record = find_record(dialogue)
        return record.draft_revision if record else 0


def approve_all(app, world: World):
    revision = draft_revision(app, world.slug)
    for chair in world.chairs:
        response = signed_in(app, chair).post(
            f"/dialogues/{world.slug}/minutes/approve", data={"revision": revision}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    return revision


def publish(app, world: World, changes: str = ""):
    revision = approve_all(app, world)
    return signed_in(app, world.rapporteur).post(
        f"/dialogues/{world.slug}/minutes/publish",
        data={"revision": revision, "changes": changes},
    )


def recommendation_data(**overrides):
    data = {
        "text": "Establish a formal mechanism for receiving and investigating complaints.",
        "addressee": "AICHR",
        "thematic_area": "Protection mandate",
        "source": "segment",
        "source_detail": "The recommendations segment",
        "session_id": 0,
        "participation_id": 0,
        "coalition": "",
        "restates_id": 0,
        "due_on": "2026-11-17",
        "contact_email": "",
    }
    data.update(overrides)
    return data

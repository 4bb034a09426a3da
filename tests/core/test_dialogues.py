"""Dialogue pages and the organiser's forms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Dialogue, DialogueStatus, Role, Visibility
from core.plugin_api import hookimpl
from tests import factories

VALID = {
    "title": "7th ASEAN Human Rights Dialogue",
    "slug": "7th-ahrd",
    "series_id": "0",
    "edition": "7th",
    "theme": "Human rights and the environment",
    "timezone": "Asia/Jakarta",
    "starts_at": "2025-11-17T09:00",
    "ends_at": "2025-11-18T16:00",
    "format": "in-person",
    "venue": "ASEAN Secretariat",
    "city": "Jakarta",
    "country": "Indonesia",
    "related_dialogue_id": "0",
}


@pytest.fixture
def organiser_client(app, client):
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        db_session().commit()
    factories.login(client, organiser)
    return client


def dialogues(app) -> list[Dialogue]:
    with app.app_context():
        return db_session().scalars(sa.select(Dialogue)).all()


def test_create_dialogue_stores_utc_and_shows_local_time(app, organiser_client):
    response = organiser_client.post("/dialogues/new", data=VALID)
    assert response.status_code == 302
    (dialogue,) = dialogues(app)
    assert dialogue.starts_at == datetime(2025, 11, 17, 2, 0, tzinfo=UTC)
    assert dialogue.status == DialogueStatus.DRAFT
    page = organiser_client.get("/dialogues/7th-ahrd").get_data(as_text=True)
    assert "17 November 2025, 09:00 (Jakarta, UTC+7)" in page
    assert "18 November 2025, 16:00 (Jakarta, UTC+7)" in page
    with app.app_context():
        actions = db_session().scalars(sa.select(AuditEvent.action)).all()
    assert "dialogue.created" in actions


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": "2025-11-16T09:00"}, "The end must be after the start"),
        ({"timezone": "Asia/Jakartaa"}, "is not a known timezone"),
        ({"slug": "Seventh Dialogue!"}, "Use lower-case letters"),
        ({"title": ""}, "Enter a title"),
        ({"starts_at": "17/11/2025"}, "Not a valid datetime value"),
        (
            {"timezone": "Europe/Brussels", "starts_at": "2026-03-29T02:30"},
            "does not exist in Europe/Brussels",
        ),
    ],
)
def test_invalid_dialogue_rerenders_with_messages_and_saves_nothing(
    app, organiser_client, change, message
):
    data = {**VALID, **change}
    response = organiser_client.post("/dialogues/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html
    assert message in html
    assert 'value="Human rights and the environment"' in html  # nothing typed is lost
    assert dialogues(app) == []


def test_duplicate_slug_is_refused(app, organiser_client):
    with app.app_context():
        factories.dialogue(slug="7th-ahrd")
        db_session().commit()
    response = organiser_client.post("/dialogues/new", data=VALID)
    assert response.status_code == 422
    assert "Another dialogue already uses this short name" in response.get_data(as_text=True)
    assert len(dialogues(app)) == 1


def test_edit_keeps_local_times_and_links_chairs_hosts_and_related(app, organiser_client):
    with app.app_context():
        forum = factories.dialogue(slug="cso-forum", title="3rd EU-Southeast Asia CSOs Forum")
        chair = factories.person(name="Anita Ashvini Wahid", honorific="H.E.")
        host = factories.organisation(name="ASEAN Intergovernmental Commission on Human Rights")
        dialogue = factories.dialogue(slug="7th-ahrd", title="Old title")
        db_session().commit()
        ids = (forum.id, chair.id, host.id)
    form = organiser_client.get("/dialogues/7th-ahrd/edit").get_data(as_text=True)
    assert 'value="2030-11-17T09:00"' in form  # shown in the dialogue's own timezone
    data = {
        **VALID,
        "related_dialogue_id": str(ids[0]),
        "relation": "Preceded by",
        "chair_ids": [str(ids[1])],
        "host_ids": [str(ids[2])],
    }
    assert organiser_client.post("/dialogues/7th-ahrd/edit", data=data).status_code == 302
    page = organiser_client.get("/dialogues/7th-ahrd").get_data(as_text=True)
    assert "H.E. Anita Ashvini Wahid" in page
    assert "ASEAN Intergovernmental Commission on Human Rights" in page
    assert "Preceded by" in page and "3rd EU-Southeast Asia CSOs Forum" in page
    with app.app_context():
        dialogue = db_session().get(Dialogue, dialogue.id)
        assert dialogue.title == VALID["title"]


def test_a_dialogue_cannot_be_related_to_itself(app, organiser_client):
    with app.app_context():
        dialogue = factories.dialogue(slug="7th-ahrd")
        db_session().commit()
        own_id = dialogue.id
    # the form does not offer the dialogue itself, so the choice is refused outright
    response = organiser_client.post(
        "/dialogues/7th-ahrd/edit", data={**VALID, "related_dialogue_id": str(own_id)}
    )
    assert response.status_code == 422


def test_drafts_are_hidden_from_the_public_and_shown_to_organisers(app, client):
    with app.app_context():
        factories.dialogue(slug="secret-draft", title="Draft dialogue", status=DialogueStatus.DRAFT)
        organiser = factories.user(Role.ORGANISER)
        db_session().commit()
    assert client.get("/dialogues/secret-draft").status_code == 404
    assert "Draft dialogue" not in client.get("/").get_data(as_text=True)
    factories.login(client, organiser)
    assert client.get("/dialogues/secret-draft").status_code == 200
    assert "Draft dialogue" in client.get("/").get_data(as_text=True)


class PublishListener:
    def __init__(self) -> None:
        self.published: list[str] = []

    @hookimpl
    def on_dialogue_published(self, dialogue, actor):
        self.published.append((dialogue.slug, actor.email))


def test_publishing_is_audited_and_announced_to_plugins(make_app):
    listener = PublishListener()
    app = make_app(plugins={"listener": listener})
    client = app.test_client()
    with app.app_context():
        dialogue = factories.dialogue(slug="to-publish", status=DialogueStatus.DRAFT)
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    factories.login(client, organiser)
    assert (
        client.post("/dialogues/to-publish/status", data={"status": "published"}).status_code == 302
    )
    assert listener.published == [("to-publish", organiser.email)]
    with app.app_context():
        assert db_session().get(Dialogue, dialogue.id).status == DialogueStatus.PUBLISHED
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "dialogue.published")
        )
        assert event.actor_id == organiser.id and event.dialogue_id == dialogue.id
    assert client.get("/dialogues/to-publish/status").status_code == 405


def test_past_and_upcoming_are_listed_apart(app, client):
    with app.app_context():
        factories.dialogue(title="Long past dialogue", starts_at=datetime(2019, 5, 1, tzinfo=UTC))
        factories.dialogue(title="Future dialogue")
        db_session().commit()
    html = client.get("/").get_data(as_text=True)
    past_section = html.split('id="past-title"', 1)[1]
    assert "Long past dialogue" in past_section
    assert "Future dialogue" not in past_section


def test_organisations_of_hidden_participants_are_counted_not_named(app, client):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        for name, visibility in [
            ("Open Rights Org", Visibility.PUBLIC),
            ("Canary Hidden Collective", Visibility.ANONYMOUS),
            ("Members Only Network", Visibility.PARTICIPANTS),
        ]:
            factories.participation(
                dialogue,
                organisation=factories.organisation(name=name),
                visibility=visibility,
            )
        db_session().commit()
    html = client.get("/dialogues/d").get_data(as_text=True)
    assert "Open Rights Org" in html
    assert "Canary Hidden Collective" not in html
    assert "Members Only Network" not in html
    assert "2 more organisations take part but are not named here" in html


def count_queries(app, url: str, client) -> int:
    from core.db import get_engine

    engine = get_engine(app)
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return len(statements)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "organiser"])
def test_dialogue_page_queries_do_not_grow_with_participations(app, client, signed_in):
    with app.app_context():
        dialogue = factories.dialogue(slug="big")
        chair_people = [factories.person() for _ in range(3)]
        from core.models import DialogueChair, DialogueHost

        dialogue.chairs = [DialogueChair(person=p) for p in chair_people]
        dialogue.hosts = [DialogueHost(organisation=factories.organisation()) for _ in range(2)]
        for _ in range(10):
            factories.participation(dialogue, organisation=factories.organisation())
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
        dialogue_id = dialogue.id
    if signed_in:
        factories.login(client, organiser)
    small = count_queries(app, "/dialogues/big", client)
    with app.app_context():
        dialogue = db_session().get(Dialogue, dialogue_id)
        orgs = [factories.organisation() for _ in range(60)]
        for i in range(290):
            factories.participation(dialogue, organisation=orgs[i % 60])
        db_session().commit()
    large = count_queries(app, "/dialogues/big", client)
    assert large == small
    assert large <= (12 if signed_in else 8)


def test_close_reopen_and_back_to_draft_are_audited(app, client):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    factories.login(client, organiser)

    def move(status: str) -> str:
        response = client.post("/dialogues/d/status", data={"status": status})
        assert response.status_code == 302
        return client.get("/dialogues/d").get_data(as_text=True)

    assert "is now closed" in move("closed")
    assert "cannot be made draft" in move("draft")  # a closed dialogue is reopened first
    assert "is now reopened" in move("published")
    assert "is now back to draft" in move("draft")
    assert client.post("/dialogues/d/status", data={"status": "secret"}).status_code == 400
    client.post("/logout")
    assert client.get("/dialogues/d").status_code == 404
    with app.app_context():
        actions = (
            db_session()
            .scalars(
                sa.select(AuditEvent.action)
                .where(AuditEvent.dialogue_id == dialogue.id, AuditEvent.action.like("dialogue.%"))
                .order_by(AuditEvent.id)
            )
            .all()
        )
    assert actions == ["dialogue.closed", "dialogue.published", "dialogue.draft"]


def test_description_paragraphs_survive_browser_line_endings(app, organiser_client):
    data = {**VALID, "description": "First paragraph.\r\n\r\nSecond paragraph."}
    assert organiser_client.post("/dialogues/new", data=data).status_code == 302
    html = organiser_client.get("/dialogues/7th-ahrd").get_data(as_text=True)
    assert "<p>First paragraph.</p>" in html and "<p>Second paragraph.</p>" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "localtime"}, "is not a known timezone"),
        ({"starts_at": "0001-01-01T00:00", "timezone": "Asia/Tokyo"}, "Enter a year between"),
        (
            {"timezone": "Europe/Brussels", "starts_at": "2030-10-27T02:30"},
            "happens twice in Europe/Brussels",
        ),
    ],
)
def test_times_that_cannot_be_placed_are_refused(app, organiser_client, change, message):
    response = organiser_client.post("/dialogues/new", data={**VALID, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert dialogues(app) == []

"""Released versions: the public sees the latest release, never work in progress; each release
has a changelog; SEQUENCE goes up only for what changed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Dialogue, Role
from plugins.sessions.models import Release, SessionStatus
from tests import factories
from tests.plugins.sessions import builders


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        builders.session(dialogue, "2030-11-17 09:00", "2030-11-17 10:00", title="Opening")
        builders.session(dialogue, "2030-11-17 10:00", "2030-11-17 11:00", title="Keynote")
        builders.session(dialogue, "2030-11-17 11:00", "2030-11-17 12:00", title="Side event")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    return client


def edit(app, which: str, **changes) -> None:
    from plugins.sessions.models import ProgrammeSession

    with app.app_context():
        session = db_session().scalar(
            sa.select(ProgrammeSession).where(ProgrammeSession.title == which)
        )
        for name, value in changes.items():
            setattr(session, name, value)
        db_session().commit()


def feed(client) -> str:
    return client.get("/dialogues/d/programme.ics").get_data(as_text=True)


def test_the_public_sees_the_latest_release_not_work_in_progress(app, world):
    client = world
    anonymous = app.test_client()
    assert "not released a programme" in anonymous.get("/dialogues/d/programme").get_data(
        as_text=True
    )
    response = client.post("/dialogues/d/programme/release", data={"name": "Draft agenda"})
    assert response.status_code == 302
    edit(app, "Keynote", title="Keynote address by the Vice-Minister")
    page = anonymous.get("/dialogues/d/programme").get_data(as_text=True)
    assert "Draft agenda" in page and ">Keynote</a>" in page
    assert "Vice-Minister" not in page and "Vice-Minister" not in feed(anonymous)
    manage = client.get("/dialogues/d/programme/manage").get_data(as_text=True)
    assert "<strong>Changed:</strong> Keynote address by the Vice-Minister" in manage
    client.post("/dialogues/d/programme/release", data={"name": "Final programme"})
    page = anonymous.get("/dialogues/d/programme").get_data(as_text=True)
    assert "Final programme" in page and "Keynote address by the Vice-Minister" in page
    with app.app_context():
        events = (
            db_session()
            .scalars(sa.select(AuditEvent).where(AuditEvent.action == "sessions.released"))
            .all()
        )
        assert [(e.details["version"], e.details["number"]) for e in events] == [
            ("Draft agenda", 1),
            ("Final programme", 2),
        ]


def test_each_release_has_a_changelog_of_what_moved_changed_or_was_cancelled(app, world):
    client = world
    client.post("/dialogues/d/programme/release", data={"name": "v1"})
    with app.app_context():
        from plugins.sessions.models import ProgrammeSession

        opening = db_session().scalar(
            sa.select(ProgrammeSession).where(ProgrammeSession.title == "Opening")
        )
        moved_to = opening.starts_at.replace(hour=opening.starts_at.hour + 1)
    edit(
        app,
        "Opening",
        starts_at=moved_to,
        ends_at=moved_to.replace(hour=moved_to.hour + 1),
        room="Hall B",
        status=SessionStatus.CHANGED,
    )
    edit(app, "Keynote", description="Now with questions from the floor")
    edit(app, "Side event", status=SessionStatus.CANCELLED)
    with app.app_context():
        builders.session(
            db_session().scalar(sa.select(Dialogue)),
            "2030-11-18 09:00",
            "2030-11-18 10:00",
            title="Closing",
        )
        db_session().commit()
    client.post("/dialogues/d/programme/release", data={"name": "v2"})
    history = app.test_client().get("/dialogues/d/programme/releases").get_data(as_text=True)
    assert "<strong>Moved:</strong> Opening" in history
    assert "(from 17 November 2030 09:00 (Jakarta, UTC+7)" in history
    assert "to 17 November 2030 10:00 (Jakarta, UTC+7), Hall B)" in history
    assert "<strong>Changed:</strong> Keynote" in history
    assert "<strong>Cancelled:</strong> Side event" in history
    assert "<strong>Added:</strong> Closing" in history
    assert history.index(">v2<") < history.index(">v1<")  # newest first
    assert "The first release of the programme (3 sessions)" in history


def test_sequence_goes_up_only_for_sessions_that_changed(app, world):
    client = world
    client.post("/dialogues/d/programme/release", data={"name": "v1"})
    edit(app, "Keynote", room="Hall B")
    client.post("/dialogues/d/programme/release", data={"name": "v2"})
    edit(app, "Keynote", status=SessionStatus.CANCELLED)
    client.post("/dialogues/d/programme/release", data={"name": "v3"})
    text = feed(app.test_client()).replace("\r\n ", "")
    events = {
        block.split("SUMMARY:")[1].split("\r\n")[0]: block
        for block in text.split("BEGIN:VEVENT")[1:]
    }
    assert "SEQUENCE:2" in events["Keynote"] and "STATUS:CANCELLED" in events["Keynote"]
    assert "SEQUENCE:0" in events["Opening"] and "STATUS:CONFIRMED" in events["Opening"]
    with app.app_context():
        first, _second, third = db_session().scalars(sa.select(Release).order_by(Release.number))
        opening = next(s for s in third.sessions if s["title"] == "Opening")
        # an unchanged session keeps the time of its last change, so the feed stays the same
        assert opening["modified_at"] == first.sessions[0]["modified_at"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for this version"),
        ("x" * 81, "Field cannot be longer than 80 characters"),
        ("v1", "Another version of this programme already has this name"),
    ],
)
def test_a_release_needs_a_new_name(app, world, name, message):
    client = world
    client.post("/dialogues/d/programme/release", data={"name": "v1"})
    edit(app, "Keynote", room="Hall B")
    response = client.post("/dialogues/d/programme/release", data={"name": name})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(Release.id))) == 1


def test_nothing_to_release(app, world):
    client = world
    client.post("/dialogues/d/programme/release", data={"name": "v1"})
    response = client.post("/dialogues/d/programme/release", data={"name": "v2"})
    assert response.status_code == 422
    assert "Nothing has changed since “v1” was released" in response.get_data(as_text=True)


def test_an_empty_programme_is_not_released(app):
    client = builders.organiser_of_empty_dialogue(app)
    response = client.post("/dialogues/empty/programme/release", data={"name": "v1"})
    assert response.status_code == 422
    assert "Add sessions to the programme before releasing it" in response.get_data(as_text=True)

"""The sessions of the released programme are the desk's check-in points: a dialogue checked in
per session admits each person once to each session, and never to work in progress or to a
cancelled session."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import CheckInEntry, CheckInSetting, Dialogue, Role
from core.participation.badges import badge_token
from plugins.sessions.check_in import collect_check_in_points
from plugins.sessions.models import ProgrammeSession, SessionStatus
from tests import factories
from tests.plugins.sessions import builders


def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        builders.session(dialogue, "2030-11-17 09:00", "2030-11-17 10:00", title="Opening")
        builders.session(dialogue, "2030-11-17 10:00", "2030-11-17 12:00", title="Keynote")
        builders.session(dialogue, "2030-11-17 13:00", "2030-11-17 14:00", title="Side event")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        holder = factories.participation(dialogue, factories.person(name="Kanya Srisuk"))
        holder.badge_number = 1
        db_session().commit()
        token = badge_token(holder)
    client = app.test_client()
    factories.login(client, organiser)
    return client, token


def points(app) -> list[tuple[str, str]]:
    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        ids = {s.title: s.id for s in db_session().scalars(sa.select(ProgrammeSession))}
        return [
            (p.label, p.key == f"session:{ids[p.label]}") for p in collect_check_in_points(dialogue)
        ]


def test_the_released_sessions_are_the_points_cancelled_ones_left_out(app):
    client, _token = world(app)
    assert points(app) == []  # nothing released yet
    client.post("/dialogues/d/programme/release", data={"name": "Draft"})
    with app.app_context():
        side = db_session().scalar(
            sa.select(ProgrammeSession).where(ProgrammeSession.title == "Side event")
        )
        side.status = SessionStatus.CANCELLED
        db_session().commit()
    assert [label for label, _ in points(app)] == ["Opening", "Keynote", "Side event"]
    client.post("/dialogues/d/programme/release", data={"name": "Final"})
    assert points(app) == [("Opening", True), ("Keynote", True)]


def test_a_desk_per_session_admits_once_to_each_session(app):
    client, token = world(app)
    assert "needs a released programme" in client.get("/dialogues/d/check-in").get_data(
        as_text=True
    )
    client.post("/dialogues/d/programme/release", data={"name": "Final"})
    assert client.post("/dialogues/d/check-in/mode", data={"mode": "session"}).status_code == 302
    page = client.get("/dialogues/d/check-in").get_data(as_text=True)
    assert "Opening" in page and "Keynote" in page
    with app.app_context():
        keys = {
            s.title: f"session:{s.id}" for s in db_session().scalars(sa.select(ProgrammeSession))
        }
    opening, keynote = keys["Opening"], keys["Keynote"]
    first = client.post("/dialogues/d/check-in", data={"token": token, "point": opening})
    assert "Welcome, Kanya Srisuk" in first.get_data(as_text=True)
    again = client.post("/dialogues/d/check-in", data={"token": token, "point": opening})
    assert "already in since" in again.get_data(as_text=True)
    other = client.post("/dialogues/d/check-in", data={"token": token, "point": keynote})
    assert "Welcome, Kanya Srisuk" in other.get_data(as_text=True)
    with app.app_context():
        saved = db_session().scalars(sa.select(CheckInEntry.point).order_by(CheckInEntry.id))
        assert list(saved) == [opening, keynote]


def test_without_the_plugin_the_desk_checks_in_per_day(make_app):
    app = make_app(DISABLED_PLUGINS=["sessions"])
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().add(CheckInSetting(dialogue_id=dialogue.id, per_session=True))
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    page = client.get("/dialogues/d/check-in").get_data(as_text=True)
    assert "once a day" in page and 'value="session"' not in page

"""The check-in desk admits once a day (in the dialogue's own timezone), or once a session:
re-entry the same day is "already in since 09:12", day 2 admits again, and the desk finds people
by name or badge number."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    CheckInEntry,
    Participation,
    ParticipationStatus,
    Role,
    Visibility,
)
from core.participation import check_in
from core.participation.badges import badge_token
from tests import factories
from tests.core.test_dialogues import count_queries

# the dialogue runs in Jakarta (UTC+7): 02:12 UTC is 09:12 there, 18:00 UTC is 01:00 next day
DAY_ONE_MORNING = datetime(2030, 11, 17, 2, 12, tzinfo=UTC)
DAY_ONE_AFTERNOON = datetime(2030, 11, 17, 8, 30, tzinfo=UTC)
DAY_TWO = datetime(2030, 11, 17, 18, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d", title="7th ASEAN Human Rights Dialogue")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        org = factories.organisation(name="Mekong Rights Collective")
        people = {}
        for number, (name, visibility, status) in enumerate(
            [
                ("Céline Nguyễn", Visibility.PUBLIC, ParticipationStatus.ACCREDITED),
                ("Kanya Srisuk", Visibility.ANONYMOUS, ParticipationStatus.ACCREDITED),
                ("Celine Withdrawn", Visibility.PUBLIC, ParticipationStatus.WITHDRAWN),
                ("Celine Registered", Visibility.PUBLIC, ParticipationStatus.REGISTERED),
            ],
            start=1,
        ):
            p = factories.participation(
                dialogue,
                factories.person(name=name, organisation=org),
                status=status,
                visibility=visibility,
            )
            p.badge_number = number
            people[name] = p
        other = factories.dialogue(slug="other")
        people["elsewhere"] = factories.participation(
            other, factories.person(name="Celine Elsewhere")
        )
        db_session().commit()
        return {
            "organiser": organiser,
            "ids": {name: p.id for name, p in people.items()},
            "tokens": {name: badge_token(p) for name, p in people.items()},
        }


@pytest.fixture
def desk(app, world):
    client = app.test_client()
    factories.login(client, world["organiser"])
    return client


@pytest.fixture
def clock(monkeypatch):
    """Set the desk's time: ``clock(moment)``."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(check_in, "utcnow", lambda: moment)

    set_to(DAY_ONE_MORNING)
    return set_to


def scan(desk, world, name: str = "Céline Nguyễn", **extra):
    return desk.post("/dialogues/d/check-in", data={"token": world["tokens"][name], **extra})


def entries(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [
            tuple(row)
            for row in db_session().execute(
                sa.select(CheckInEntry.participation_id, CheckInEntry.point).order_by(
                    CheckInEntry.id
                )
            )
        ]


def audited(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db_session().scalars(
                sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def test_the_same_day_is_already_in_since_and_day_two_admits_again(app, world, desk, clock):
    first = scan(desk, world)
    assert first.status_code == 200
    assert "Welcome, Céline Nguyễn. Badge 1 checked in." in first.get_data(as_text=True)

    clock(DAY_ONE_AFTERNOON)
    again = scan(desk, world)
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "Not admitted" not in page
    assert "is already in since 09:12" in page  # Jakarta time, not UTC's 02:12
    pid = world["ids"]["Céline Nguyễn"]
    assert entries(app) == [(pid, "day:2030-11-17")]

    clock(DAY_TWO)  # 01:00 on the 18th in Jakarta
    second_day = scan(desk, world)
    assert second_day.status_code == 200
    assert "Welcome, Céline Nguyễn" in second_day.get_data(as_text=True)
    assert entries(app) == [(pid, "day:2030-11-17"), (pid, "day:2030-11-18")]
    with app.app_context():
        participation = db_session().get(Participation, pid)
        assert participation.status == ParticipationStatus.ATTENDED
        assert participation.checked_in_at == DAY_ONE_MORNING  # the first admission
    checked = audited(app, "participation.checked_in")
    assert [(e.details["point"], e.details["again"]) for e in checked] == [
        ("day:2030-11-17", False),
        ("day:2030-11-17", True),
        ("day:2030-11-18", False),
    ]
    assert all(e.actor_id == world["organiser"].id for e in checked)


def test_refusals_are_audited_with_the_day(app, world, desk, clock):
    withdrawn = scan(desk, world, "Celine Withdrawn")
    assert withdrawn.status_code == 409 and "Not admitted" in withdrawn.get_data(as_text=True)
    forged = desk.post("/dialogues/d/check-in", data={"token": "not-a-badge"})
    assert forged.status_code == 422
    assert "not a Parley badge" in forged.get_data(as_text=True)
    refused = audited(app, "participation.check_in_refused")  # a code naming nobody is not
    assert [(e.object_id, e.reason, e.details["point"]) for e in refused] == [
        (world["ids"]["Celine Withdrawn"], "not accredited", "day:2030-11-17"),
    ]
    assert entries(app) == []


def test_a_second_day_still_asks_the_gate(make_app, world, clock):
    from core.plugin_api import Finding, hookimpl

    class DoorKeeper:
        @hookimpl
        def check_participation(self, step, participation, actor):
            if step == "check-in" and check_in.utcnow() >= DAY_TWO:
                return [Finding(source="keeper", code="held", message="Held", blocking=True)]
            return None

    app = make_app(plugins={"keeper": DoorKeeper()})
    client = app.test_client()
    factories.login(client, world["organiser"])
    assert scan(client, world).status_code == 200
    clock(DAY_TWO)
    stopped = scan(client, world)
    page = stopped.get_data(as_text=True)
    assert stopped.status_code == 409 and "please see the organisers." in page
    assert "Held" not in page
    assert len(entries(app)) == 1
    assert audited(app, "participation.gate_blocked")[0].details["step"] == "check-in"
    assert audited(app, "participation.check_in_refused")[0].details["point"] == "day:2030-11-18"


def test_two_desks_at_once_admit_once(app, world, clock):
    """The other desk's admission commits between this desk's read and its own: the answer is
    "already in", not an error, and there is one entry."""
    from flask_login import login_user

    from core.db import get_engine
    from core.models import Dialogue

    pid = world["ids"]["Céline Nguyễn"]
    with app.test_request_context():
        login_user(world["organiser"])
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        desk = check_in.open_desk(dialogue)
        read = db_session().get(Participation, pid)
        assert read.status == ParticipationStatus.ACCREDITED
        with get_engine(app).begin() as elsewhere:
            table = Participation.__table__
            elsewhere.execute(table.update().where(table.c.id == pid).values(status="attended"))
            elsewhere.execute(
                CheckInEntry.__table__.insert().values(
                    participation_id=pid,
                    dialogue_id=dialogue.id,
                    point="day:2030-11-17",
                    day=DAY_ONE_MORNING.date(),
                    checked_in_at=DAY_ONE_MORNING,
                )
            )
        answer = check_in.admit(read, desk, world["organiser"])
        assert answer.admitted and "already in since 09:12" in answer.message
    assert entries(app) == [(pid, "day:2030-11-17")]


def test_an_entry_saved_past_the_check_is_caught_by_the_unique_constraint(
    app, world, clock, monkeypatch
):
    from flask_login import login_user

    from core.models import Dialogue

    pid = world["ids"]["Céline Nguyễn"]
    with app.test_request_context():
        login_user(world["organiser"])
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        desk = check_in.open_desk(dialogue)
        first = check_in.admit(db_session().get(Participation, pid), desk, world["organiser"])
        assert first.admitted
        looked = []

        def blind(participation, point):  # the check misses the entry once, as a race would
            looked.append(point)
            return None if len(looked) == 1 else real(participation, point)

        real = check_in._entry
        monkeypatch.setattr(check_in, "_entry", blind)
        again = check_in.admit(db_session().get(Participation, pid), desk, world["organiser"])
        assert again.admitted and "already in since 09:12" in again.message
    assert entries(app) == [(pid, "day:2030-11-17")]


def test_per_session_check_in_admits_once_a_session(app, world, desk, clock, monkeypatch):
    from core.plugin_api import CheckInPoint

    sessions = [
        CheckInPoint("session:1", "Opening", DAY_ONE_MORNING, DAY_ONE_MORNING.replace(hour=4)),
        CheckInPoint("session:2", "Thematic session", DAY_ONE_AFTERNOON, DAY_TWO),
    ]
    monkeypatch.setattr(
        type(app.extensions["parley.hooks"]), "check_in_points", lambda *a, **k: sessions
    )
    page = desk.get("/dialogues/d/check-in").get_data(as_text=True)
    assert 'value="session"' in page and "for <strong>17 November 2030</strong>" in page

    assert desk.post("/dialogues/d/check-in/mode", data={"mode": "session"}).status_code == 302
    assert "for the session <strong>Opening</strong>" in desk.get("/dialogues/d/check-in").get_data(
        as_text=True
    )
    assert scan(desk, world, point="session:1").status_code == 200
    assert "already in since" in scan(desk, world, point="session:1").get_data(as_text=True)
    clock(DAY_ONE_AFTERNOON)
    assert "Welcome" in scan(desk, world, point="session:2").get_data(as_text=True)
    pid = world["ids"]["Céline Nguyễn"]
    assert entries(app) == [(pid, "session:1"), (pid, "session:2")]
    assert audited(app, "dialogue.check_in_mode_changed")[0].details["mode"] == "session"

    bad = desk.post("/dialogues/d/check-in/mode", data={"mode": "hourly"})
    assert bad.status_code == 422 and "Choose per day or per session" in bad.get_data(as_text=True)


def test_per_session_needs_sessions(app, world, desk):
    refused = desk.post("/dialogues/d/check-in/mode", data={"mode": "session"})
    assert refused.status_code == 422
    assert "needs a released programme" in refused.get_data(as_text=True)


def test_the_desk_finds_by_name_or_badge_number_and_checks_in(app, world, desk, clock):
    page = desk.get("/dialogues/d/check-in?q=celine nguyen").get_data(as_text=True)
    assert "Céline Nguyễn" in page and "Badge 1" in page
    # only the dialogue's accredited people: not the withdrawn, the registered, another dialogue
    for absent in ("Withdrawn", "Registered", "Elsewhere"):
        assert absent not in page
    assert "Kanya" in desk.get("/dialogues/d/check-in?q=%23 2").get_data(as_text=True)
    assert "Céline Nguyễn" in desk.get("/dialogues/d/check-in?q=1").get_data(as_text=True)
    assert "Nobody accredited" in desk.get("/dialogues/d/check-in?q=nobody").get_data(as_text=True)

    pid = world["ids"]["Céline Nguyễn"]
    admitted = desk.post(f"/dialogues/d/check-in/people/{pid}", data={"q": "céline"})
    page = admitted.get_data(as_text=True)
    assert admitted.status_code == 200 and "Welcome, Céline Nguyễn" in page
    assert "Already in since 09:12" in page  # the results again, showing who is in
    # the page answers a person's check-in: its scan and search forms still go to the desk
    assert page.count('action="/dialogues/d/check-in" method=') == 2
    clock(DAY_ONE_AFTERNOON)
    again = desk.post(f"/dialogues/d/check-in/people/{pid}", data={})
    assert "already in since 09:12" in again.get_data(as_text=True)
    assert entries(app) == [(pid, "day:2030-11-17")]


def test_the_desk_refuses_people_it_cannot_admit(app, world, desk, clock):
    withdrawn = world["ids"]["Celine Withdrawn"]
    response = desk.post(f"/dialogues/d/check-in/people/{withdrawn}")
    assert response.status_code == 409 and "This participation is withdrawn" in response.get_data(
        as_text=True
    )
    elsewhere = world["ids"]["elsewhere"]
    assert desk.post(f"/dialogues/d/check-in/people/{elsewhere}").status_code == 404
    assert desk.post("/dialogues/d/check-in/people/999999").status_code == 404


def test_the_anonymous_are_welcomed_without_a_name(app, world, desk, clock):
    pid = world["ids"]["Kanya Srisuk"]
    page = desk.post(f"/dialogues/d/check-in/people/{pid}").get_data(as_text=True)
    assert "Welcome, Participant" in page


def test_only_the_dialogues_organisers_use_the_desk(app, world):
    with app.app_context():
        other = factories.user(Role.ORGANISER, dialogue=factories.dialogue())
        db_session().commit()
    client = app.test_client()
    factories.login(client, other)
    pid = world["ids"]["Céline Nguyễn"]
    assert client.get("/dialogues/d/check-in?q=celine").status_code == 403
    assert client.post(f"/dialogues/d/check-in/people/{pid}").status_code == 403
    assert client.post("/dialogues/d/check-in/mode", data={"mode": "day"}).status_code == 403
    assert entries(app) == []


def test_the_desks_queries_do_not_grow_with_participants(app, world, desk, clock):
    def add(n: int) -> None:
        with app.app_context():
            dialogue = db_session().scalar(
                sa.select(factories.Dialogue).where(factories.Dialogue.slug == "d")
            )
            for i in range(n):
                p = factories.participation(dialogue, factories.person(name=f"Celine {i}"))
                p.badge_number = 100 + p.id
                if i % 2:
                    db_session().add(
                        CheckInEntry(
                            participation_id=p.id,
                            dialogue_id=dialogue.id,
                            point="day:2030-11-17",
                            day=DAY_ONE_MORNING.date(),
                            checked_in_at=DAY_ONE_MORNING,
                        )
                    )
            db_session().commit()

    url = "/dialogues/d/check-in?q=celine"
    add(4)
    few = count_queries(app, url, desk)
    add(40)
    assert count_queries(app, url, desk) == few
    assert "More people match" in desk.get(url).get_data(as_text=True)

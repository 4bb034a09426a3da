"""Review and accreditation, badges with signed QR tokens, and the check-in desk."""

from __future__ import annotations

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
from core.participation.badges import badge_token, read_token
from core.plugin_api import Finding, hookimpl
from tests import factories


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d", title="7th ASEAN Human Rights Dialogue")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        org = factories.organisation(name="Mekong Rights Collective")
        people = [
            factories.participation(
                dialogue,
                factories.person(name=name, organisation=org),
                status=ParticipationStatus.REGISTERED,
                visibility=visibility,
            )
            for name, visibility in [
                ("Kanya Srisuk", Visibility.PUBLIC),
                ("Canary Anonymous Person", Visibility.ANONYMOUS),
                ("Third Person", Visibility.PARTICIPANTS),
            ]
        ]
        db_session().commit()
        return {"dialogue": dialogue, "organiser": organiser, "ids": [p.id for p in people]}


@pytest.fixture
def desk(app, world):
    client = app.test_client()
    factories.login(client, world["organiser"])
    return client


def statuses(app) -> dict[int, ParticipationStatus]:
    with app.app_context():
        return dict(db_session().execute(sa.select(Participation.id, Participation.status)).all())


def test_accredit_many_gives_badge_numbers_and_audits(app, world, desk):
    ids = world["ids"]
    response = desk.post(
        "/dialogues/d/review/", data={"ids": [str(i) for i in ids[:2]], "decision": "accredit"}
    )
    assert response.status_code == 302
    assert "2 people accredited" in desk.get(response.location).get_data(as_text=True)
    with app.app_context():
        rows = db_session().scalars(sa.select(Participation).order_by(Participation.id)).all()
        assert [r.badge_number for r in rows] == [1, 2, None]
        assert rows[0].decided_by_id == world["organiser"].id and rows[0].decided_at
        events = (
            db_session()
            .scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "participation.status_changed")
            )
            .all()
        )
        assert sum(e.details["new"] == "accredited" for e in events) == 2


def test_reject_needs_a_reason_and_records_it(app, world, desk):
    target = str(world["ids"][2])
    response = desk.post("/dialogues/d/review/", data={"ids": [target], "decision": "reject"})
    assert "Give the reason" in desk.get(response.location).get_data(as_text=True)
    assert statuses(app)[world["ids"][2]] == ParticipationStatus.REGISTERED
    desk.post(
        "/dialogues/d/review/",
        data={"ids": [target], "decision": "reject", "reason": "Not eligible"},
    )
    with app.app_context():
        rejected = db_session().get(Participation, world["ids"][2])
        assert rejected.status == ParticipationStatus.REJECTED and rejected.reason == "Not eligible"


def test_queue_filters(app, world, desk):
    with app.app_context():
        flagged = db_session().get(Participation, world["ids"][0])
        flagged.findings = [{"source": "vetting", "message": "Possible match", "blocking": False}]
        db_session().commit()
    html = desk.get("/dialogues/d/review/?findings=with").get_data(as_text=True)
    assert "Kanya Srisuk" in html and "Third Person" not in html and "Possible match" in html
    html = desk.get("/dialogues/d/review/?findings=without&status=registered").get_data(
        as_text=True
    )
    assert "Kanya Srisuk" not in html and "Third Person" in html
    assert "No registrations match" in desk.get("/dialogues/d/review/?status=attended").get_data(
        as_text=True
    )


def test_only_the_dialogues_organisers_review(app, world):
    client = app.test_client()
    with app.app_context():
        other = factories.user(Role.ORGANISER, dialogue=factories.dialogue())
        db_session().commit()
    factories.login(client, other)
    assert client.get("/dialogues/d/review/").status_code == 403
    response = client.post("/dialogues/d/review/", data={"ids": ["1"], "decision": "accredit"})
    assert response.status_code == 403
    assert set(statuses(app).values()) == {ParticipationStatus.REGISTERED}


class Blocker:
    @hookimpl
    def check_participation(self, step, participation, actor):
        if step == "accredit" and participation.person.name == "Third Person":
            return [Finding(source="lists", code="hit", message="On a list", blocking=True)]
        return None


def test_one_blocked_in_a_batch_does_not_stop_the_others(make_app, world):
    app = make_app(plugins={"blocker": Blocker()})
    client = app.test_client()
    factories.login(client, world["organiser"])
    response = client.post(
        "/dialogues/d/review/",
        data={"ids": [str(i) for i in world["ids"]], "decision": "accredit"},
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "2 people accredited" in page and "Third Person was not accredited: On a list" in page
    assert statuses(app)[world["ids"][2]] == ParticipationStatus.REGISTERED


def accredit_all(app, world, desk):
    desk.post(
        "/dialogues/d/review/",
        data={"ids": [str(i) for i in world["ids"]], "decision": "accredit"},
    )
    with app.app_context():
        return {p.id: badge_token(p) for p in db_session().scalars(sa.select(Participation)).all()}


def test_badge_sheet_honours_anonymity(app, world, desk):
    accredit_all(app, world, desk)
    html = desk.get("/dialogues/d/badges/").get_data(as_text=True)
    assert "Kanya Srisuk" in html and "Mekong Rights Collective" in html
    assert "Canary Anonymous Person" not in html
    assert html.count("<svg") == 3 and "No. 3" in html
    tokens = accredit_all(app, world, desk)
    assert all(token in html for token in tokens.values())  # printed for typing at the desk


def test_a_participant_sees_their_own_badge_only(app, world, desk):
    accredit_all(app, world, desk)
    with app.app_context():
        user = factories.user()
        person = db_session().get(Participation, world["ids"][0]).person
        person.user_id = user.id
        db_session().commit()
    client = app.test_client()
    factories.login(client, user)
    assert "Kanya Srisuk" in client.get(f"/dialogues/d/badges/{world['ids'][0]}").get_data(
        as_text=True
    )
    assert client.get(f"/dialogues/d/badges/{world['ids'][1]}").status_code == 404
    assert client.get("/dialogues/d/badges/").status_code == 403


def test_check_in_admits_once_a_day_and_refuses_forged_revoked_and_foreign_tokens(app, world, desk):
    tokens = accredit_all(app, world, desk)
    first = tokens[world["ids"][0]]
    response = desk.post("/dialogues/d/check-in", data={"token": first})
    assert response.status_code == 200 and "Welcome, Kanya Srisuk" in response.get_data(
        as_text=True
    )
    again = desk.post("/dialogues/d/check-in", data={"token": first})
    assert again.status_code == 200
    assert "is already in since" in again.get_data(as_text=True)
    assert statuses(app)[world["ids"][0]] == ParticipationStatus.ATTENDED
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(CheckInEntry.id))) == 1

    forged = desk.post("/dialogues/d/check-in", data={"token": first[:-2] + "xx"})
    assert forged.status_code == 422 and "not a Parley badge" in forged.get_data(as_text=True)

    revoked_id = world["ids"][2]
    desk.post(
        "/dialogues/d/review/",
        data={"ids": [str(revoked_id)], "decision": "reject", "reason": "Revoked"},
    )
    revoked = desk.post("/dialogues/d/check-in", data={"token": tokens[revoked_id]})
    assert revoked.status_code == 409 and "revoked" in revoked.get_data(as_text=True)

    with app.app_context():
        other = factories.dialogue(slug="other")
        foreign = factories.participation(other, status=ParticipationStatus.ACCREDITED)
        db_session().commit()
        foreign_token = badge_token(foreign)
    response = desk.post("/dialogues/d/check-in", data={"token": foreign_token})
    assert response.status_code == 422 and "another dialogue" in response.get_data(as_text=True)
    assert "Scan a badge" in desk.post("/dialogues/d/check-in", data={"token": " "}).get_data(
        as_text=True
    )


def test_the_anonymous_holder_is_welcomed_without_a_name(app, world, desk):
    tokens = accredit_all(app, world, desk)
    html = desk.post("/dialogues/d/check-in", data={"token": tokens[world["ids"][1]]}).get_data(
        as_text=True
    )
    assert "Welcome, Participant" in html and "Canary" not in html


def test_a_token_signed_with_another_key_is_refused(app, world):
    with app.app_context():
        participation = db_session().get(Participation, world["ids"][0])
        token = badge_token(participation)
    with app.test_request_context():
        app.config["SECRET_KEY"] = "another instance"
        assert read_token(token) is None


def test_check_in_is_audited_and_told_to_plugins(app, world, desk):
    tokens = accredit_all(app, world, desk)
    desk.post("/dialogues/d/check-in", data={"token": tokens[world["ids"][0]]})
    with app.app_context():
        event = (
            db_session()
            .scalars(
                sa.select(AuditEvent)
                .where(AuditEvent.action == "participation.status_changed")
                .order_by(AuditEvent.id.desc())
            )
            .first()
        )
        assert event.details["new"] == "attended" and event.actor_id == world["organiser"].id


def test_a_withdrawn_holders_badge_is_refused_at_the_desk(app, world, desk):
    tokens = accredit_all(app, world, desk)
    with app.app_context():
        from core.participation.withdrawal import withdraw

        withdraw(db_session().get(Participation, world["ids"][0]), actor=None, reason_code="other")
    response = desk.post("/dialogues/d/check-in", data={"token": tokens[world["ids"][0]]})
    assert response.status_code == 409 and "revoked" in response.get_data(as_text=True)


@pytest.mark.parametrize("bad", ["²", "99999999999999999999999", "-1", "1e3"])
def test_odd_ids_in_the_queue_are_ignored_not_500(app, world, desk, bad):
    assert desk.get(f"/dialogues/d/review/?organisation={bad}").status_code == 200
    response = desk.post("/dialogues/d/review/", data={"ids": [bad], "decision": "accredit"})
    assert response.status_code == 302

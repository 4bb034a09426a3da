"""The check-in desk asks the gate: a holder the screening stops is not admitted, and the desk
is told only to send them to the organisers, never why nor which list entry."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, OutboxMessage, Participation, ParticipationStatus, Role
from core.participation.badges import badge_token
from core.plugin_api import Finding, hookimpl
from plugins.vetting.models import VettingFinding
from tests import factories
from tests.plugins.vetting.world import accredited, list_kept_after_accreditation

REFUSED = "Not admitted:</strong> please see the organisers."
# what the desk must never see: the list entry, the list, the reviewers' words
SECRETS = ("KHINE", "Junta and its enterprises", "Minister of Social Welfare", "listed minister")


@pytest.fixture
def door(app):
    """An accredited person who turns out, once the list arrives, to look like a listed
    minister; the dialogue's organiser (also the desk) and a second organiser."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        second = factories.user(Role.ORGANISER, dialogue=dialogue)
        holder = accredited(dialogue, 7, name="Thet Thet Khine", email="ttk@example.org")
        db_session().commit()
        token = badge_token(holder)
        list_kept_after_accreditation()
        finding_id = db_session().scalar(sa.select(VettingFinding.id))
        return {
            "id": holder.id,
            "token": token,
            "finding": f"/dialogues/d/screening/findings/{finding_id}",
            "organiser": organiser,
            "second": second,
        }


def signed_in(app, user):
    client = app.test_client()
    factories.login(client, user)
    return client


def status_of(app, participation_id: int) -> ParticipationStatus:
    with app.app_context():
        return db_session().get(Participation, participation_id).status


def assert_refused_without_a_reason(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 409  # refused, and audited
    assert REFUSED in page
    for secret in SECRETS:
        assert secret not in page, secret


def test_a_confirmed_match_keeps_an_accredited_person_out(app, door):
    desk = signed_in(app, door["organiser"])
    confirmed = desk.post(
        door["finding"],
        data={"action": "confirm", "reason": "Same birth date as the listed minister"},
    )
    assert confirmed.status_code == 302
    assert_refused_without_a_reason(
        desk.post("/dialogues/d/check-in", data={"token": door["token"]})
    )
    assert status_of(app, door["id"]) == ParticipationStatus.SUSPENDED
    with app.app_context():
        told = db_session().scalars(
            sa.select(OutboxMessage.body).where(OutboxMessage.kind == "accreditation_suspended")
        )
        links = ["/dialogues/d/review/?status=suspended" in body for body in told]
        assert links == [True, True]  # both organisers, each with the way to the review page
        refused = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.check_in_refused")
        )
        assert refused.object_id == door["id"] and refused.actor_id == door["organiser"].id


def test_an_alert_found_after_accreditation_stops_the_holder_at_the_door(app, door):
    desk = signed_in(app, door["organiser"])
    assert_refused_without_a_reason(
        desk.post("/dialogues/d/check-in", data={"token": door["token"]})
    )
    assert status_of(app, door["id"]) == ParticipationStatus.ACCREDITED  # nothing else changed
    with app.app_context():
        stop = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.gate_blocked")
        )
        assert stop.details["step"] == "check-in" and stop.object_id == door["id"]
        assert db_session().get(Participation, door["id"]).checked_in_at is None


def test_a_clearance_awaiting_its_second_reviewer_stops_the_holder(app, door):
    first = signed_in(app, door["organiser"])
    first.post(door["finding"], data={"action": "clear", "reason": "Born 1990, a teacher"})
    assert_refused_without_a_reason(
        first.post("/dialogues/d/check-in", data={"token": door["token"]})
    )
    second = signed_in(app, door["second"])
    second.post(door["finding"], data={"action": "approve_clearance", "reason": "Agreed"})
    admitted = second.post("/dialogues/d/check-in", data={"token": door["token"]})
    assert admitted.status_code == 200 and "Welcome, Thet Thet Khine" in admitted.get_data(
        as_text=True
    )
    assert status_of(app, door["id"]) == ParticipationStatus.ATTENDED


class DoorKeeper:
    """A plugin with its own reason to stop people at the door, and only there."""

    @hookimpl
    def check_participation(self, step, participation, actor):
        if step == "check-in":
            return [Finding(source="keeper", code="held", message="Held: KHINE", blocking=True)]
        return None


def test_any_plugins_stop_at_the_door_is_told_without_its_reason(make_app):
    app = make_app(plugins={"keeper": DoorKeeper()})
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        holder = accredited(dialogue, 1, name="Kanya Srisuk")
        db_session().commit()
        token, holder_id = badge_token(holder), holder.id
    response = signed_in(app, organiser).post("/dialogues/d/check-in", data={"token": token})
    assert_refused_without_a_reason(response)
    assert "Held" not in response.get_data(as_text=True)
    assert status_of(app, holder_id) == ParticipationStatus.ACCREDITED


def test_a_badge_suspended_while_the_desk_reads_it_is_refused(app, door):
    from flask_login import login_user

    from core.db import get_engine
    from core.models import Dialogue
    from core.participation.badge_views import check_in_token

    with app.test_request_context():
        login_user(door["organiser"])
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        read = db_session().get(Participation, door["id"])  # the desk has read it
        assert read.status == ParticipationStatus.ACCREDITED
        with get_engine(app).begin() as elsewhere:  # a reviewer's confirmation commits
            table = Participation.__table__
            elsewhere.execute(
                table.update().where(table.c.id == door["id"]).values(status="suspended")
            )
        assert check_in_token(dialogue, door["token"]) == (False, "please see the organisers.")

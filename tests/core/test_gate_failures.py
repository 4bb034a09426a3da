"""A stopped step is a decision, audited whatever a plugin does afterwards.

When the gate stops a step, the plugins are told (``on_gate_checked``,
``on_organisation_gate_checked``) in the transaction that records the stop. A plugin that
fails there must not take the stop's audit entries with it, nor turn the stop into a 500: its
half-done work is rolled back, the failure is logged and audited (``*.findings_lost``), the
other plugins are still told, and the stop stands.
"""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.hooks import PluginError
from core.models import (
    AuditEvent,
    Category,
    Invitation,
    InvitationState,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    Role,
)
from core.participation.invitations import invite_organisation, invite_person
from core.participation.status import change_status
from core.plugin_api import Finding, hookimpl
from core.screened_changes import pass_change_gate
from tests import factories

STOP = "Stopped by the test plugin"
LISTED = "Listed Person"


class Stopper:
    """Stops every step about a person or an organisation named ``LISTED``, then fails when
    told what the gate answered, having added a row of its own first. With ``fail_always``
    it fails when told of a step that goes ahead, too; in the dialogue ``passes_in`` it stops
    nobody."""

    def __init__(self, fail_always: bool = False) -> None:
        self.fail_always = fail_always
        self.passes_in: int | None = None  # a dialogue where nothing is stopped

    def _findings(self, name: str) -> list[Finding]:
        if name != LISTED:
            return []
        return [Finding(source="stopper", code="listed", message=STOP, blocking=True)]

    @hookimpl
    def check_participation(self, participation):
        if participation.dialogue_id == self.passes_in:
            return []
        return self._findings(participation.person.name)

    @hookimpl
    def check_organisation(self, organisation):
        return self._findings(organisation.name)

    def _fail(self, blocked: bool) -> None:
        if not blocked and not self.fail_always:
            return
        db_session().add(AuditEvent(action="stopper.half_done", object_type="test", details={}))
        db_session().flush()
        raise RuntimeError("the stopper's store is down")

    @hookimpl
    def on_gate_checked(self, blocked):
        self._fail(blocked)

    @hookimpl
    def on_organisation_gate_checked(self, blocked):
        self._fail(blocked)


class Keeper:
    """Keeps a row each time it is told what the gate answered."""

    @hookimpl
    def on_gate_checked(self, step, blocked):
        db_session().add(
            AuditEvent(action="keeper.told", object_type="test", details={"blocked": blocked})
        )

    @hookimpl
    def on_organisation_gate_checked(self, step, blocked):
        db_session().add(
            AuditEvent(action="keeper.told", object_type="test", details={"blocked": blocked})
        )


@pytest.fixture
def app(make_app):
    return make_app(plugins={"stopper": Stopper(), "keeper": Keeper()})


def actions() -> list[str]:
    return list(db_session().scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def event(action: str) -> AuditEvent:
    return db_session().scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).one()


def test_a_stopped_accreditation_is_audited_when_a_plugin_fails_to_record_it(app, caplog):
    with app.app_context():
        dialogue = factories.dialogue()
        participation = factories.participation(
            dialogue, factories.person(name=LISTED), status=ParticipationStatus.REGISTERED
        )
        db_session().commit()
        with (
            caplog.at_level(logging.ERROR, "parley.plugins"),
            pytest.raises(GateBlocked, match=STOP),  # the stop, not the plugin's error
        ):
            change_status(participation, ParticipationStatus.ACCREDITED, actor=None)
        assert "'stopper' failed in on_gate_checked" in caplog.text
        db_session().rollback()
        db_session().refresh(participation)
        assert participation.status == ParticipationStatus.REGISTERED
        assert actions() == [
            "participation.gate_blocked",
            "keeper.told",  # the other plugins are still told
            "participation.findings_lost",
        ]
        blocked = event("participation.gate_blocked")
        assert blocked.object_id == participation.id and blocked.reason == STOP
        lost = event("participation.findings_lost")
        assert lost.object_id == participation.id
        assert lost.dialogue_id == dialogue.id
        assert lost.details == {
            "plugin": "stopper",
            "hook": "on_gate_checked",
            "step": "accredit",
            "person_id": participation.person_id,
            "error": "RuntimeError",
        }


def test_a_person_invited_and_stopped_is_audited_too(app):
    """A new participation, never saved: the stop and the lost record name the person."""
    with app.app_context():
        dialogue = factories.dialogue()
        db_session().commit()
        invitation = invite_person(
            dialogue=dialogue,
            category=Category.CSO,
            name=LISTED,
            email="listed@example.org",
            organisation=None,
            actor=None,
            send=lambda _invitation: None,
        )
        assert invitation.state == InvitationState.HELD and invitation.hold_reason == STOP
        assert actions() == [
            "participation.gate_blocked",
            "keeper.told",
            "participation.findings_lost",
        ]
        lost = event("participation.findings_lost")
        assert lost.object_id is None and lost.details["person_id"] == invitation.person_id
        assert db_session().scalar(sa.select(Participation)) is None  # none was made
        assert lost.details["step"] == "invite"


def test_a_rename_stopped_by_the_change_gate_is_answered_and_audited(app):
    """The registry's rename of a person who takes part: 409 and the form again, as for any
    stop; the person is not renamed; the stop is audited for the person and the dialogue."""
    with app.app_context():
        dialogue = factories.dialogue()
        person = factories.person(name="Open Person", email="open@example.org")
        factories.participation(dialogue, person, status=ParticipationStatus.REGISTERED)
        organiser = factories.user(Role.ORGANISER)
        db_session().commit()
        person_id = person.id
    client = app.test_client()
    factories.login(client, organiser)
    with app.app_context():
        before = len(actions())
    response = client.post(
        f"/people/{person_id}/edit",
        data={"name": LISTED, "email": "open@example.org", "organisation_id": "0"},
    )
    assert response.status_code == 409
    assert "screening stopped it" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().get(Person, person_id).name == "Open Person"
        assert actions()[before:] == [
            "participation.gate_blocked",
            "person.change_blocked",
            "keeper.told",
            "participation.findings_lost",
        ]
        assert event("participation.findings_lost").details["step"] == "change"
        assert "stopper.half_done" not in actions()


def test_a_rename_stopped_in_one_dialogue_is_audited_when_the_record_of_another_fails(make_app):
    """The change gate asks every dialogue the person takes part in; the rename is stopped in
    one. In the stop's transaction the other dialogue's record is lost too, and audited."""
    stopper = Stopper(fail_always=True)
    app = make_app(plugins={"stopper": stopper, "keeper": Keeper()})
    with app.app_context():
        stopped, elsewhere = factories.dialogue(), factories.dialogue()
        person = factories.person(name="Open Person")
        for dialogue in (stopped, elsewhere):
            factories.participation(dialogue, person, status=ParticipationStatus.REGISTERED)
        db_session().commit()
        stopper.passes_in = elsewhere.id
        person.name = LISTED
        with pytest.raises(GateBlocked, match=STOP):
            pass_change_gate(db_session(), None)
        db_session().rollback()
        assert db_session().get(Person, person.id).name == "Open Person"
        lost = db_session().scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.findings_lost")
        )
        assert sorted(event.dialogue_id for event in lost) == [stopped.id, elsewhere.id]
        assert event("person.change_blocked").details["dialogues"] == [stopped.id]
        assert event("participation.gate_blocked").dialogue_id == stopped.id
        assert "stopper.half_done" not in actions()


def invite(dialogue, organisation) -> Invitation:
    return invite_organisation(
        dialogue=dialogue,
        category=Category.OBSERVER,
        organisation=organisation,
        email="contact@listed.example",
        actor=None,
        send=lambda _invitation: None,
    )


def test_an_organisation_invitation_held_by_the_gate_is_audited_when_a_plugin_fails(app):
    with app.app_context():
        dialogue = factories.dialogue()
        organisation = factories.organisation(name=LISTED)
        db_session().commit()
        invitation = invite(dialogue, organisation)
        assert invitation.state == InvitationState.HELD and invitation.hold_reason == STOP
        assert actions() == ["keeper.told", "organisation.findings_lost", "invitation.gate_blocked"]
        lost = event("organisation.findings_lost")
        assert (lost.object_type, lost.object_id) == ("organisation", organisation.id)
        assert lost.dialogue_id == dialogue.id
        assert lost.details == {
            "plugin": "stopper",
            "hook": "on_organisation_gate_checked",
            "step": "invite",
            "error": "RuntimeError",
        }


def test_an_organisation_rename_stopped_by_the_change_gate_is_answered_and_audited(app):
    """An organisation invited on its own, renamed in the registry to a listed name."""
    with app.app_context():
        dialogue = factories.dialogue()
        organisation = factories.organisation(name="Open Collective")
        organiser = factories.user(Role.ORGANISER)
        db_session().commit()
        invite(dialogue, organisation)
        organisation_id = organisation.id
    client = app.test_client()
    factories.login(client, organiser)
    response = client.post(
        f"/organisations/{organisation_id}/edit", data={"name": LISTED, "kind": "cso"}
    )
    assert response.status_code == 409
    with app.app_context():
        assert db_session().get(Organisation, organisation_id).name == "Open Collective"
        assert actions()[-3:] == [
            "organisation.change_blocked",
            "keeper.told",
            "organisation.findings_lost",
        ]
        assert "stopper.half_done" not in actions()


def test_a_failure_told_of_a_step_that_goes_ahead_still_stops_it(make_app):
    """Not a stop: the step is not saved without what the plugin records of it, as before."""
    app = make_app(plugins={"stopper": Stopper(fail_always=True)})
    with app.app_context():
        dialogue = factories.dialogue()
        participation = factories.participation(
            dialogue, factories.person(name="Open Person"), status=ParticipationStatus.REGISTERED
        )
        db_session().commit()
        with pytest.raises(PluginError, match="stopper"):
            change_status(participation, ParticipationStatus.ACCREDITED, actor=None)
        db_session().rollback()
        db_session().refresh(participation)
        assert participation.status == ParticipationStatus.REGISTERED
        assert actions() == []

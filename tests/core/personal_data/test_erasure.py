"""Erasure: no trace of the person left, counts and the audit trail intact, plugins told,
all or nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.hooks import PluginError
from core.models import (
    AuditEvent,
    DialogueChair,
    FocalPoint,
    Invitation,
    OutboxMessage,
    Participation,
    Person,
    User,
    Visibility,
)
from core.personal_data.erasure import ERASED_NAME, ErasureRefused, erase_account, erase_person
from core.personal_data.export import export_person
from tests import factories
from tests.core.personal_data.conftest import (
    CANARY_EMAIL,
    CANARY_NAME,
    Holder,
    counts,
    find_everywhere,
    make_world,
)


def _erase(app, world, actor_id=None, reason="asked by e-mail"):
    with app.app_context():
        session = db_session()
        actor = session.get(User, actor_id) if actor_id else None
        return erase_person(session.get(Person, world.person_id), actor=actor, reason=reason)


def _audit(app):
    with app.app_context():
        return [
            (e.id, e.action, e.object_type, e.object_id, e.reason)
            for e in db_session().scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_no_trace_of_the_person_is_left_anywhere(pd_app, holder):
    world = make_world(pd_app, holder)
    before = find_everywhere(pd_app)
    assert "person.name" in before and "user_account.email" in before  # the scan sees them
    assert _erase(pd_app, world, world.organiser_id) is True
    assert find_everywhere(pd_app) == []
    assert holder.notes.get(world.person_id) is None
    # the other people are untouched
    assert find_everywhere(pd_app, ("other@example.org",)) == [
        "invitation.email",
        "outbox_message.to_address",
        "person.email",
        "user_account.email",
    ]
    assert holder.notes[world.other_person_id]


def test_counts_and_the_audit_trail_stay(pd_app, holder):
    world = make_world(pd_app, holder)
    counted, logged = counts(pd_app), _audit(pd_app)
    _erase(pd_app, world, world.organiser_id)
    assert counts(pd_app) == counted
    after = _audit(pd_app)
    assert after[: len(logged)] == logged
    (erased,) = after[len(logged) :]
    assert erased[1:] == ("person.erased", "person", world.person_id, "asked by e-mail")
    with pd_app.app_context():
        event = db_session().get(AuditEvent, erased[0])
        assert event.actor_id == world.organiser_id
        assert event.details == {
            "participations_kept": 2,
            "invitations_blanked": 2,
            "messages_deleted": 2,
            "focal_points_removed": 1,
            "account_closed": True,
        }


def test_what_is_kept_and_what_is_blanked(pd_app, holder):
    world = make_world(pd_app, holder)
    _erase(pd_app, world)
    with pd_app.app_context():
        session = db_session()
        person = session.get(Person, world.person_id)
        assert (person.name, person.email, person.given_name, person.position) == (
            ERASED_NAME,
            None,
            "",
            "",
        )
        assert person.organisation_id is None
        user = session.get(User, world.user_id)
        assert not user.active and user.email == f"erased-{user.id}@invalid"
        assert user.name == ERASED_NAME and not user.check_password("correct horse battery")
        for p in session.scalars(
            sa.select(Participation).where(Participation.person_id == person.id)
        ):
            assert p.visibility is Visibility.ANONYMOUS
            assert (p.reason, p.reason_code, p.badge_number, p.token_version) == (
                "",
                "travel",
                7,
                1,
            )
            assert p.findings == [{"source": "vetting", "code": "name-similar", "blocking": False}]
        assert session.scalar(sa.select(sa.func.count()).select_from(FocalPoint)) == 0
        remaining = session.scalars(sa.select(OutboxMessage.subject)).all()
        assert remaining == ["An invitation for Anita"]
        emails = sorted(session.scalars(sa.select(Invitation.email)))
        assert emails == ["", "", "other@example.org"]
        # what the export says now
        document = export_person(person)
        assert document["person"]["name"] == ERASED_NAME and document["messages"] == []
        assert [e["action"] for e in document["audit"]][-1] == "person.erased"


def test_the_erased_person_cannot_sign_in(pd_app, holder):
    world = make_world(pd_app, holder)
    _erase(pd_app, world)
    client = pd_app.test_client()
    for email in (CANARY_EMAIL, f"erased-{world.user_id}@invalid"):
        response = client.post("/login", data={"email": email, "password": "correct horse battery"})
        assert response.status_code == 422


def test_plugins_are_asked_with_the_person_already_anonymised(pd_app, holder):
    world = make_world(pd_app, holder)
    _erase(pd_app, world, world.organiser_id)
    assert holder.erased == [(world.person_id, ERASED_NAME, world.organiser_id)]


def test_erasure_is_idempotent(pd_app, holder):
    world = make_world(pd_app, holder)
    assert _erase(pd_app, world) is True
    logged = _audit(pd_app)
    assert _erase(pd_app, world) is False
    assert _audit(pd_app) == logged
    assert len(holder.erased) == 1


def test_a_failing_plugin_leaves_nothing_erased(make_app):
    failing = Holder(fail=True)
    app = make_app(plugins={"holder": failing})
    world = make_world(app, failing)
    before, counted, logged = find_everywhere(app), counts(app), _audit(app)
    with pytest.raises(PluginError, match="holder"):
        _erase(app, world)
    assert find_everywhere(app) == before
    assert counts(app) == counted and _audit(app) == logged
    with app.app_context():
        person = db_session().get(Person, world.person_id)
        assert person.name == CANARY_NAME
        assert db_session().get(User, world.user_id).active
        assert db_session().scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 3


def test_a_chair_is_not_erased(pd_app, holder):
    world = make_world(pd_app, holder)
    with pd_app.app_context():
        db_session().add(
            DialogueChair(dialogue_id=world.dialogue_ids[1], person_id=world.person_id)
        )
        db_session().commit()
    logged = _audit(pd_app)
    with pytest.raises(ErasureRefused, match="public office"):
        _erase(pd_app, world)
    assert _audit(pd_app) == logged and holder.erased == []
    with pd_app.app_context():
        assert db_session().get(Person, world.person_id).name == CANARY_NAME


def test_an_account_without_a_person_is_erased_too(pd_app):
    with pd_app.app_context():
        user = factories.user(email="focal.point@example.org")
        user.name = "Ko Focal"
        org = factories.organisation()
        db_session().add(FocalPoint(user_id=user.id, organisation_id=org.id))
        db_session().commit()
        assert erase_account(user, actor=user, reason="asked for by the person") is True
        assert erase_account(user, actor=user, reason="asked for by the person") is False
        event = db_session().scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.erased"))
        assert event.object_id == user.id
    assert find_everywhere(pd_app, ("focal.point", "Ko Focal")) == []

"""Erasure: no trace of the person left, counts and the audit trail intact, plugins told,
all or nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.hooks import PluginError
from core.models import (
    AuditEvent,
    Category,
    DialogueCategory,
    DialogueChair,
    FocalPoint,
    Invitation,
    InvitationState,
    OutboxMessage,
    Participation,
    ParticipationStatus,
    Person,
    RegistrationMode,
    User,
    Visibility,
)
from core.participation.registration import register
from core.participation.withdrawal import withdrawal_report
from core.personal_data.erasure import ERASED_NAME, ErasureRefused, erase_account, erase_person
from core.personal_data.export import export_person
from tests import factories
from tests.core.personal_data.conftest import (
    ADDRESS_ONLY,
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
    assert find_everywhere(pd_app) == ADDRESS_ONLY
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
    counted, logged = counts(pd_app, statuses=False), _audit(pd_app)
    _erase(pd_app, world, world.organiser_id)
    assert counts(pd_app, statuses=False) == counted
    after = _audit(pd_app)
    assert after[: len(logged)] == logged
    *withdrawn, erased = after[len(logged) :]
    assert [w[1:] for w in withdrawn] == [
        ("participation.status_changed", "participation", p, "person erased")
        for p in world.participation_ids
    ]
    assert erased[1:] == ("person.erased", "person", world.person_id, "asked by e-mail")
    with pd_app.app_context():
        event = db_session().get(AuditEvent, erased[0])
        assert event.actor_id == world.organiser_id
        assert event.details == {
            "participations_kept": 2,
            "participations_withdrawn": 2,
            "invitations_blanked": 1,
            "invitations_cancelled": 0,
            "messages_deleted": 1,
            "focal_points_removed": 1,
            "account_closed": True,
        }
        first = db_session().get(AuditEvent, withdrawn[0][0])
        assert first.actor_id == world.organiser_id
        assert first.details == {"old": "accredited", "new": "withdrawn", "findings": []}


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
            assert p.status is ParticipationStatus.WITHDRAWN
            assert (p.reason, p.reason_code, p.badge_number, p.token_version) == (
                "",
                "other",
                7,
                1,
            )
            assert p.findings == [{"source": "vetting", "code": "name-similar", "blocking": False}]
        assert session.scalar(sa.select(sa.func.count()).select_from(FocalPoint)) == 0
        # what is only at the person's address, not linked to them, is left alone
        remaining = session.execute(
            sa.select(OutboxMessage.subject, OutboxMessage.person_id).order_by(
                OutboxMessage.subject
            )
        ).all()
        assert remaining == [
            ("An invitation", None),
            ("An invitation for Anita", world.other_person_id),
        ]
        emails = session.execute(
            sa.select(Invitation.email, Invitation.person_id).order_by(Invitation.id)
        ).all()
        assert emails == [
            ("", world.person_id),
            (CANARY_EMAIL.upper(), None),
            ("other@example.org", world.other_person_id),
        ]
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


def _full_categories(app, *, starts_at=None):
    """A dialogue whose CSO category has one place, held by the person who will be erased
    (who has an account), with two waiting; and a delegate category with one place, held,
    and one waiting. Returns the participations' ids by name."""
    from datetime import UTC, datetime, timedelta

    with app.app_context():
        session = db_session()
        dialogue = factories.dialogue(starts_at=starts_at or datetime(2030, 11, 17, tzinfo=UTC))
        categories = {}
        for kind in (Category.CSO, Category.DELEGATE):
            categories[kind] = DialogueCategory(
                dialogue_id=dialogue.id,
                category=kind,
                capacity=1,
                registration=RegistrationMode.FOCAL_POINTS,
            )
            session.add(categories[kind])
        holder_user = factories.user(email="holder@example.org")
        ids = {}
        for name, kind in (
            ("Holder", Category.CSO),
            ("Second", Category.CSO),
            ("Third", Category.CSO),
            ("Delegate", Category.DELEGATE),
            ("Delegate waiting", Category.DELEGATE),
        ):
            person = factories.person(
                name=name,
                email=f"{name.lower().replace(' ', '.')}@example.org",
                user_id=holder_user.id if name == "Holder" else None,
            )
            participation = register(
                category=categories[kind],
                person=person,
                organisation=None,
                visibility=Visibility.PUBLIC,
                actor=None,
                # a dialogue in the past was registered for before it began
                now=None if starts_at is None else starts_at - timedelta(days=30),
            )
            ids[name] = participation.id
        return dialogue.id, ids


def _statuses(app, ids):
    with app.app_context():
        session = db_session()
        return {name: session.get(Participation, pid).status.value for name, pid in ids.items()}


def test_erasing_a_registered_person_gives_their_place_to_the_waitlist(pd_app):
    dialogue_id, ids = _full_categories(pd_app)
    assert _statuses(pd_app, ids) == {
        "Holder": "registered",
        "Second": "waitlisted",
        "Third": "waitlisted",
        "Delegate": "registered",
        "Delegate waiting": "waitlisted",
    }
    counted = counts(pd_app, statuses=False)
    with pd_app.app_context():
        session = db_session()
        holder = session.get(Participation, ids["Holder"])
        version = holder.token_version
        user = session.scalar(sa.select(User).where(User.email == "holder@example.org"))
        assert erase_account(user, actor=user, reason="asked for by the person") is True
    assert _statuses(pd_app, ids) == {
        "Holder": "withdrawn",
        "Second": "registered",  # the first on the waitlist, in the freed category only
        "Third": "waitlisted",
        "Delegate": "registered",
        "Delegate waiting": "waitlisted",
    }
    assert counts(pd_app, statuses=False) == counted  # nobody is deleted
    with pd_app.app_context():
        session = db_session()
        holder = session.get(Participation, ids["Holder"])
        assert holder.reason_code == "other" and holder.token_version == version + 1
        assert holder.person.name == ERASED_NAME
        assert withdrawal_report(dialogue_id) == [(Category.CSO, "other reasons", 1)]
        # the promoted person is told; the erased one is not written to
        mails = session.execute(
            sa.select(OutboxMessage.to_address, OutboxMessage.kind).where(
                OutboxMessage.kind.not_like("registration%")
            )
        ).all()
        assert mails == [("second@example.org", "waitlist_promotion")]
        promoted = session.scalar(
            sa.select(AuditEvent)
            .where(
                AuditEvent.object_type == "participation",
                AuditEvent.object_id == ids["Second"],
            )
            .order_by(AuditEvent.id.desc())
        )
        assert (promoted.reason, promoted.details["new"]) == (
            "promoted from waitlist",
            "registered",
        )


def test_erasing_a_waitlisted_person_frees_no_place(pd_app):
    _dialogue_id, ids = _full_categories(pd_app)
    with pd_app.app_context():
        session = db_session()
        waiting = session.get(Participation, ids["Second"])
        assert erase_person(waiting.person, actor=None, reason="asked") is True
    statuses = _statuses(pd_app, ids)
    assert (statuses["Holder"], statuses["Second"], statuses["Third"]) == (
        "registered",
        "withdrawn",
        "waitlisted",
    )


def test_erasing_a_suspended_person_withdraws_them_and_frees_the_place(pd_app):
    """A suspended accreditation holds a place; once its person is erased, nobody is left to
    suspend, so it is withdrawn like an accreditation and the waitlist moves up."""
    _dialogue_id, ids = _full_categories(pd_app)
    with pd_app.app_context():
        session = db_session()
        holder = session.get(Participation, ids["Holder"])
        holder.status = ParticipationStatus.SUSPENDED
        session.commit()
        assert erase_person(holder.person, actor=None, reason="asked") is True
    statuses = _statuses(pd_app, ids)
    assert (statuses["Holder"], statuses["Second"]) == ("withdrawn", "registered")


def test_participations_in_ended_dialogues_keep_their_status(pd_app):
    """Retention erases people long after their dialogues: what happened stays on the record,
    and nobody is offered a place in a dialogue that is over."""
    from datetime import UTC, datetime

    _dialogue_id, ids = _full_categories(pd_app, starts_at=datetime(2020, 1, 1, tzinfo=UTC))
    with pd_app.app_context():
        session = db_session()
        holder = session.get(Participation, ids["Holder"])
        holder.status = ParticipationStatus.ATTENDED
        session.commit()
        assert erase_person(holder.person, actor=None, reason="retention") is True
        event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person.erased"))
        assert event.details["participations_withdrawn"] == 0
    statuses = _statuses(pd_app, ids)
    assert (statuses["Holder"], statuses["Second"]) == ("attended", "waitlisted")


def test_an_open_invitation_of_the_erased_person_is_cancelled(pd_app):
    with pd_app.app_context():
        session = db_session()
        dialogue = factories.dialogue()
        person = factories.person(name="Invited Person", email="invited@example.org")
        participation = factories.participation(
            dialogue, person, status=ParticipationStatus.INVITED
        )
        invitation = Invitation(
            dialogue_id=dialogue.id,
            category=Category.CSO,
            person_id=person.id,
            email="invited@example.org",
            state=InvitationState.SENT,
            personal_message="Dear Invited Person, we hope you can come.",
        )
        session.add(invitation)
        session.commit()
        assert erase_person(person, actor=None, reason="asked") is True
        session.expire_all()
        assert (invitation.state, invitation.email) == (InvitationState.CANCELLED, "")
        assert invitation.personal_message == ""
        assert participation.status is ParticipationStatus.WITHDRAWN
        event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person.erased"))
        assert event.details["invitations_cancelled"] == 1
        assert event.details["participations_withdrawn"] == 1

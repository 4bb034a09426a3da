"""Registration into categories: rules, capacity and the waitlist, also under concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.models import (
    Category,
    DialogueCategory,
    OrganisationStatus,
    Participation,
    ParticipationStatus,
    RegistrationMode,
    User,
    Visibility,
)
from core.participation.registration import RegistrationRefused, register
from core.plugin_api import Finding, hookimpl
from tests import factories


def make_category(dialogue, **fields) -> DialogueCategory:
    values = {
        "dialogue_id": dialogue.id,
        "category": Category.CSO,
        "capacity": 2,
        "registration": RegistrationMode.OPEN,
    }
    values.update(fields)
    category = DialogueCategory(**values)
    db_session().add(category)
    db_session().flush()
    return category


def sign_up(category, person, organisation=None, **kwargs) -> Participation:
    return register(
        category=category,
        person=person,
        organisation=organisation,
        visibility=Visibility.PUBLIC,
        actor=None,
        **kwargs,
    )


def test_places_then_waitlist_in_order(ctx):
    category = make_category(factories.dialogue(), capacity=2)
    people = [factories.person() for _ in range(4)]
    statuses = [sign_up(category, p).status for p in people]
    assert statuses == [ParticipationStatus.REGISTERED] * 2 + [ParticipationStatus.WAITLISTED] * 2


def test_unlimited_category_never_waitlists(ctx):
    category = make_category(factories.dialogue(), capacity=None)
    assert all(
        sign_up(category, factories.person()).status == ParticipationStatus.REGISTERED
        for _ in range(5)
    )


def test_registration_window_is_enforced(ctx):
    now = datetime(2030, 1, 10, tzinfo=UTC)
    category = make_category(
        factories.dialogue(), opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=5)
    )
    with pytest.raises(RegistrationRefused, match="has not opened yet"):
        sign_up(category, factories.person(), now=now)
    with pytest.raises(RegistrationRefused, match="has closed"):
        sign_up(category, factories.person(), now=now + timedelta(days=5))
    assert sign_up(category, factories.person(), now=now + timedelta(days=2)).id


def test_required_status_must_be_valid_on_the_first_day(ctx):
    dialogue = factories.dialogue(starts_at=datetime(2025, 11, 17, 2, tzinfo=UTC))
    category = make_category(
        dialogue, required_status="Consultative relationship", required_status_issuer="AICHR"
    )
    lapsed = factories.organisation(name="Lapsed Org")
    lapsed.statuses.append(
        OrganisationStatus(
            name="Consultative relationship",
            issuer="AICHR",
            expires_on=datetime(2024, 12, 31).date(),
        )
    )
    valid = factories.organisation(name="Valid Org")
    valid.statuses.append(OrganisationStatus(name="Consultative relationship", issuer="AICHR"))
    before = datetime(2025, 11, 1, tzinfo=UTC)  # registering before this (past) dialogue
    with pytest.raises(RegistrationRefused, match="valid “Consultative relationship” from AICHR"):
        sign_up(category, factories.person(), lapsed, now=before)
    with pytest.raises(RegistrationRefused):
        sign_up(category, factories.person(), None, now=before)
    registered = sign_up(category, factories.person(), valid, now=before)
    assert registered.status == ParticipationStatus.REGISTERED


def test_a_person_cannot_register_twice_but_may_return_after_withdrawing(ctx):
    category = make_category(factories.dialogue())
    person = factories.person()
    first = sign_up(category, person)
    with pytest.raises(RegistrationRefused, match="already registered"):
        sign_up(category, person)
    first.status = ParticipationStatus.WITHDRAWN
    db_session().commit()
    assert sign_up(category, person).id == first.id


class Blocker:
    @hookimpl
    def check_participation(self, step, participation, actor):
        if participation.person.name == "Listed Person":
            return [Finding(source="test", code="listed", message="Listed", blocking=True)]
        return [Finding(source="test", code="seen", message="Checked")]


def test_the_gate_is_asked_and_a_blocking_finding_saves_nothing(make_app):
    app = make_app(plugins={"blocker": Blocker()})
    with app.app_context():
        category = make_category(factories.dialogue())
        listed = factories.person(name="Listed Person")
        db_session().commit()
        with pytest.raises(GateBlocked, match="Listed"):
            sign_up(category, listed)
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Participation)) == 0
        ok = sign_up(category, factories.person())
        assert ok.findings[0]["code"] == "seen"


def test_fifty_simultaneous_registrations_for_twenty_places(make_app):
    # a connection per registration, so that all fifty really run at once
    app = make_app(DATABASE_ENGINE_OPTIONS={"pool_size": 50, "max_overflow": 0})
    with app.app_context():
        category = make_category(factories.dialogue(), capacity=20)
        people = [factories.person() for _ in range(50)]
        db_session().commit()
        category_id, person_ids = category.id, [p.id for p in people]

    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def attempt(person_id: int) -> None:
        try:
            with app.app_context():
                from core.models import Person

                session = db_session()
                category = session.get(DialogueCategory, category_id)
                person = session.get(Person, person_id)
                barrier.wait(timeout=30)
                sign_up(category, person)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(pid,)) for pid in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        counts = dict(
            db_session()
            .execute(
                sa.select(Participation.status, sa.func.count()).group_by(Participation.status)
            )
            .all()
        )
    assert counts == {ParticipationStatus.REGISTERED: 20, ParticipationStatus.WAITLISTED: 30}


def test_a_category_without_approval_accredits_at_once(ctx):
    category = make_category(factories.dialogue(), capacity=1, needs_approval=False)
    first = sign_up(category, factories.person())
    second = sign_up(category, factories.person())
    assert first.status == ParticipationStatus.ACCREDITED and first.badge_number == 1
    assert second.status == ParticipationStatus.WAITLISTED


def test_a_change_decided_on_stale_data_is_refused(app):
    """Two hands on one participation: the second, decided on what it read before the first
    committed, is refused instead of overwriting it."""
    from core.participation.review import accredit
    from core.participation.status import ParticipationChanged
    from core.participation.withdrawal import withdraw

    with app.app_context():
        category = make_category(factories.dialogue(), capacity=5)
        participation = sign_up(category, factories.person())
        organiser = factories.user()
        db_session().commit()
        ids = participation.id, organiser.id
    with app.app_context():
        seen_by_organiser = db_session().get(Participation, ids[0])  # read: registered
        with app.app_context():  # meanwhile, the focal point withdraws
            withdraw(db_session().get(Participation, ids[0]), actor=None, reason_code="security")
        with pytest.raises(ParticipationChanged, match="now withdrawn"):
            accredit(seen_by_organiser, actor=db_session().get(User, ids[1]))
    with app.app_context():
        assert db_session().get(Participation, ids[0]).status == ParticipationStatus.WITHDRAWN

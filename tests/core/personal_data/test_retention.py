"""``parley retention purge``: who is erased when, who is kept, and the dry run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, DialogueChair, Invitation, InvitationState, Person, Role
from core.personal_data.erasure import ERASED_NAME, erase_person
from core.personal_data.retention import purge
from tests import factories
from tests.core.personal_data.conftest import counts, find_everywhere

ENDS = datetime(2025, 11, 18, 9, 0, tzinfo=UTC)
DUE = ENDS + timedelta(days=30)  # the retention period's last moment


def _dialogue(retention_days=30, ends_at=ENDS, **fields):
    return factories.dialogue(
        starts_at=ends_at - timedelta(days=1),
        ends_at=ends_at,
        retention_days=retention_days,
        **fields,
    )


def _names(app) -> dict[int, str]:
    with app.app_context():
        return {row.id: row.name for row in db_session().execute(sa.select(Person.id, Person.name))}


def _setup(app) -> dict[str, int]:
    """One person of each kind, in a dialogue that ended on ENDS with 30 days' retention."""
    with app.app_context():
        past = _dialogue(slug="past")
        later = _dialogue(ends_at=ENDS + timedelta(days=365), slug="later")
        forever = _dialogue(retention_days=None, ends_at=ENDS - timedelta(days=3000))
        people = {}
        people["due"] = factories.participation(past).person_id
        both = factories.participation(past).person
        factories.participation(later, both)
        people["also_later"] = both.id
        kept = factories.participation(past).person
        factories.participation(forever, kept)
        people["also_no_retention"] = kept.id
        invited = factories.participation(past).person
        db_session().add(
            Invitation(
                dialogue_id=later.id,
                category="cso",
                person_id=invited.id,
                email="invited@example.org",
                state=InvitationState.SENT,
            )
        )
        people["invited_later"] = invited.id
        chair = factories.participation(past).person
        db_session().add(DialogueChair(dialogue_id=past.id, person_id=chair.id))
        people["chair"] = chair.id
        staff_user = factories.user(Role.RAPPORTEUR, dialogue=past)
        staff = factories.person(name="Staff Member", user_id=staff_user.id)
        factories.participation(past, staff)
        people["staff"] = staff.id
        people["unattached"] = factories.person(name="Nobody Yet").id
        db_session().commit()
        return people


def _purge(app, now, dry_run=False):
    with app.app_context():
        return purge(now, dry_run=dry_run)


def test_nobody_is_erased_on_the_last_day_of_retention(pd_app):
    people = _setup(pd_app)
    before = _names(pd_app)
    report = _purge(pd_app, DUE)
    assert report.erased == [] and _names(pd_app) == before
    assert people


def test_the_purge_erases_only_people_all_of_whose_dialogues_expired(pd_app, holder):
    people = _setup(pd_app)
    counted = counts(pd_app)
    report = _purge(pd_app, DUE + timedelta(seconds=1))
    assert report.erased == [people["due"]]
    assert report.kept_chairs == [people["chair"]]
    assert report.kept_roles == [people["staff"]]
    assert report.failed == [] and not report.dry_run
    names = _names(pd_app)
    assert names[people["due"]] == ERASED_NAME
    for kept in set(people) - {"due"}:
        assert names[people[kept]] != ERASED_NAME, kept
    assert counts(pd_app) == counted
    assert holder.erased == [(people["due"], ERASED_NAME, None)]
    with pd_app.app_context():
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "person.erased")
        )
        assert (event.reason, event.actor_id, event.object_id) == ("retention", None, people["due"])
    # once more: nothing left to do
    again = _purge(pd_app, DUE + timedelta(days=1))
    assert again.erased == [] and again.kept_chairs == [people["chair"]]


def test_the_later_dialogue_expiring_lets_its_people_go(pd_app):
    people = _setup(pd_app)
    report = _purge(pd_app, DUE + timedelta(days=366))
    assert sorted(report.erased) == sorted(
        [people["due"], people["also_later"], people["invited_later"]]
    )


def test_a_dry_run_changes_nothing(pd_app, holder):
    people = _setup(pd_app)
    names = _names(pd_app)
    with pd_app.app_context():
        logged = db_session().scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    report = _purge(pd_app, DUE + timedelta(days=1), dry_run=True)
    assert report.dry_run and report.erased == [people["due"]]
    assert _names(pd_app) == names and holder.erased == []
    with pd_app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == logged
    assert "Would erase 1 person" in report.lines()[0]


def test_a_person_erased_meanwhile_is_not_erased_again(pd_app, holder):
    people = _setup(pd_app)
    with pd_app.app_context():
        erase_person(db_session().get(Person, people["due"]), actor=None, reason="asked")
    report = _purge(pd_app, DUE + timedelta(days=1))
    assert report.erased == [] and len(holder.erased) == 1


def test_the_command_prints_what_it_did_by_id(pd_app):
    with pd_app.app_context():
        gone = _dialogue(ends_at=datetime(2020, 1, 10, tzinfo=UTC), retention_days=10)
        person = factories.participation(gone, factories.person(name="Khin Canary")).person
        db_session().commit()
        person_id = person.id
    runner = pd_app.test_cli_runner()
    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"Would erase 1 person (ids {person_id})." in dry.output
    assert "Dry run: nothing was changed." in dry.output
    assert _names(pd_app)[person_id] == "Khin Canary"
    done = runner.invoke(args=["retention", "purge"])
    assert done.exit_code == 0, done.output
    assert f"Erased 1 person (ids {person_id})." in done.output
    assert "Canary" not in done.output
    assert find_everywhere(pd_app, ("Khin Canary",)) == []
    assert "Erased 0 people." in runner.invoke(args=["retention", "purge"]).output

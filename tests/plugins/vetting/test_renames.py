"""A change of a screened field is screened before it is committed, in every dialogue the
person takes part in, by every path; a clearance is bound to the name that was decided."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.models import (
    AuditEvent,
    FocalPoint,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    ScreenedFieldChange,
    User,
)
from core.participation.review import accredit
from core.screened_changes import ChangeRefused, UnscreenedChange, pass_change_gate
from plugins.vetting.models import FindingState, VettingFinding, VettingFindingDialogue
from plugins.vetting.review import decide
from tests import factories

from .world import clear, keep_list, open_category, sign_up

CLEARED_NAME = "Ma Thet Thet Khaing"  # an invented paralegal, not the listed minister
LISTED_NAME = "Thet Thet Khine"
EMAIL = "thet@example.org"


def findings() -> list[VettingFinding]:
    return db_session().scalars(sa.select(VettingFinding).order_by(VettingFinding.id)).all()


def dialogues_of(finding: VettingFinding) -> set[int]:
    return set(
        db_session().scalars(
            sa.select(VettingFindingDialogue.dialogue_id).where(
                VettingFindingDialogue.finding_id == finding.id
            )
        )
    )


@pytest.fixture
def world(app):
    """A person cleared as not the listed minister and accredited in a first dialogue; their
    organisation's focal point; a second dialogue open to the organisation."""
    with app.app_context():
        keep_list()
        first = factories.dialogue(slug="first", title="First dialogue")
        second = factories.dialogue(slug="second", title="Second dialogue")
        organisation = factories.organisation(name="Mekong Rights Collective")
        focal = factories.user()
        organisers = [factories.user(Role.ORGANISER) for _ in range(2)]
        db_session().add(FocalPoint(user_id=focal.id, organisation_id=organisation.id))
        one, two = open_category(first), open_category(second)
        person = factories.person(name=CLEARED_NAME, email=EMAIL, organisation=organisation)
        db_session().commit()
        participation = sign_up(one, person, organisation)  # found, to review
        (finding,) = findings()
        clear(finding, "A paralegal from Yangon, not the minister", *organisers)
        accredit(participation, actor=organisers[0])
        db_session().commit()
        return {
            "first": first.id,
            "second": second.id,
            "two": two.id,
            "organisation": organisation.id,
            "person": person.id,
            "participation": participation.id,
            "focal": focal,
            "organiser": organisers[0],
        }


def test_a_rename_while_registering_elsewhere_is_screened_in_the_first_dialogue(app, world):
    client = app.test_client()
    factories.login(client, world["focal"])
    response = client.post(
        f"/dialogues/second/delegations/{world['organisation']}",
        data={
            "name": LISTED_NAME,
            "email": EMAIL,
            "category_id": str(world["two"]),
            "visibility": "public",
        },
        follow_redirects=True,
    )
    assert "cannot go ahead" in response.get_data(as_text=True)
    with app.app_context():
        session = db_session()
        person = session.get(Person, world["person"])
        assert person.name == CLEARED_NAME  # nothing renamed
        first = session.get(Participation, world["participation"])
        assert first.status == ParticipationStatus.ACCREDITED
        assert not session.scalar(
            sa.select(Participation).where(Participation.dialogue_id == world["second"])
        )
        new = [f for f in findings() if f.state == FindingState.OPEN]
        assert len(new) == 1 and new[0].subject_name == LISTED_NAME and new[0].level == "alert"
        assert world["first"] in dialogues_of(new[0])  # the first dialogue's queue shows it
        blocked = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "person.change_blocked")
        ).all()
        assert [e.object_id for e in blocked] == [world["person"]]
        assert blocked[0].details["fields"] == ["name"]
        assert LISTED_NAME not in str(blocked[0].details)  # the audit log names nobody
        stopped = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.gate_blocked")
        ).all()
        assert any(e.details["step"] == "change" for e in stopped)
    page = client.get(f"/dialogues/second/delegations/{world['organisation']}")
    assert LISTED_NAME not in page.get_data(as_text=True)


def test_a_clearance_does_not_cover_a_new_name(app, world):
    """Renamed to the listed name where nothing is live, the remembered clearance of the old
    name does not let the new one through."""
    with app.app_context():
        session = db_session()
        session.get(Participation, world["participation"]).status = ParticipationStatus.WITHDRAWN
        session.commit()
        person = session.get(Person, world["person"])
        person.name = LISTED_NAME
        assert pass_change_gate(session, None) == []  # nowhere live: nothing to stop
        session.commit()
        category = factories.dialogue(slug="third")
        with pytest.raises(GateBlocked) as stopped:
            sign_up(open_category(category), person)
        assert "awaiting review" in stopped.value.reason
        states = sorted(f.state.value for f in findings())
        assert states == ["cleared", "open"]


def test_the_registry_refuses_a_rename_to_a_listed_name(app, world):
    client = app.test_client()
    factories.login(client, world["organiser"])
    form = {"name": LISTED_NAME, "email": EMAIL, "organisation_id": str(world["organisation"])}
    response = client.post(f"/people/{world['person']}/edit", data=form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This change was not saved: screening stopped it" in page
    assert f'value="{LISTED_NAME}"' in page  # what was typed is kept on the form
    with app.app_context():
        assert db_session().get(Person, world["person"]).name == CLEARED_NAME
        assert not db_session().scalars(sa.select(ScreenedFieldChange)).all()


def test_a_screened_rename_keeps_old_and_new_values_and_is_audited(app, world):
    client = app.test_client()
    factories.login(client, world["organiser"])
    form = {
        "name": "Ma Thet Thet Khaing Oo",
        "email": EMAIL,
        "organisation_id": str(world["organisation"]),
        "nationality": "Myanmar",
    }
    assert client.post(f"/people/{world['person']}/edit", data=form).status_code == 302
    with app.app_context():
        session = db_session()
        changes = session.scalars(sa.select(ScreenedFieldChange).order_by("field")).all()
        assert [(c.field, c.old_value, c.new_value) for c in changes] == [
            ("name", CLEARED_NAME, "Ma Thet Thet Khaing Oo"),
            ("nationality", "", "Myanmar"),
        ]
        assert {c.actor_id for c in changes} == {world["organiser"].id}
        event = session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "person.screened_fields_changed")
        )
        assert event.details["fields"] == ["name", "nationality"]
        assert event.details["dialogues"] == [world["first"]]
        assert "Khaing Oo" not in str(event.details)


def test_a_direct_rename_cannot_be_committed_unscreened(app, world):
    """A side door (a command, a script, a path that forgets) cannot commit a rename."""
    with app.app_context():
        session = db_session()
        session.get(Person, world["person"]).name = LISTED_NAME
        with pytest.raises(UnscreenedChange):
            session.commit()
        session.rollback()
        session.get(Person, world["person"]).nationality = "Burma"
        session.flush()  # flushed before the commit: still noticed
        with pytest.raises(UnscreenedChange):
            session.commit()


def test_only_those_who_may_rename_a_person_do(app, world):
    with app.app_context():
        session = db_session()
        stranger = factories.user()
        other = factories.organisation(name="Another Collective")
        session.add(FocalPoint(user_id=stranger.id, organisation_id=other.id))
        session.commit()
        session.get(Person, world["person"]).name = "Someone Else"
        with pytest.raises(ChangeRefused):
            pass_change_gate(session, stranger)
        session.rollback()
        person = session.get(Person, world["person"])
        person.name = "Ma Thet Thet Khaing Oo"
        focal = session.get(User, world["focal"].id)
        pass_change_gate(session, focal)  # the focal point of the person's organisation
        session.commit()
        assert session.get(Person, world["person"]).name == "Ma Thet Thet Khaing Oo"


def test_an_organisation_renamed_to_a_listed_body_is_stopped(app, world):
    client = app.test_client()
    factories.login(client, world["organiser"])
    form = {"name": "Myanmar Economic Corporation Limited", "kind": "cso", "acronym": ""}
    response = client.post(f"/organisations/{world['organisation']}/edit", data=form)
    assert response.status_code == 409
    assert "screening stopped it" in response.get_data(as_text=True)
    with app.app_context():
        organisation = db_session().get(Person, world["person"]).organisation
        assert organisation.name == "Mekong Rights Collective"
        (finding,) = [f for f in findings() if f.subject_kind == "organisation"]
        assert world["first"] in dialogues_of(finding)


@pytest.mark.parametrize(
    "name",
    [
        "Thet Thet\u200bKhine",  # a zero-width space inside the name
        "\u0422het Thet Khine",  # a Cyrillic Te (U+0422) for the Latin T
        "Thet\u00a0Thet Khi\u0334ne",  # a no-break space and a stray combining mark
        "\uff34het Thet Khine",  # a full-width T
    ],
)
def test_a_disguised_name_is_found_and_stopped(ctx, name):
    """Looks like the listed minister on every page: found as her, and as disguised."""
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name=name)
    db_session().commit()
    with pytest.raises(GateBlocked) as stopped:
        sign_up(category, person)
    codes = [f.code for f in stopped.value.found]
    assert "review_disguised_name" in codes
    assert any("KHINE, Thet Thet" in f.message and f.blocking for f in stopped.value.found)


def test_a_disguised_name_that_matches_nobody_is_still_a_finding(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Kanya\u200d Srisuk")
    db_session().commit()
    participation = sign_up(category, person)
    (finding,) = participation.findings
    assert finding["code"] == "review_disguised_name" and not finding["blocking"]
    assert "hidden characters" in finding["message"] and "Kanya" not in finding["message"]


@pytest.mark.parametrize("name", ["\u200b\u200c\u2060", "\u00a0 \u3000", "x" * 10_000])
def test_names_no_one_can_read_are_refused_by_the_forms(app, world, name):
    client = app.test_client()
    factories.login(client, world["focal"])
    response = client.post(
        f"/dialogues/second/delegations/{world['organisation']}",
        data={
            "name": name,
            "email": "new@example.org",
            "category_id": str(world["two"]),
            "visibility": "public",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        "Enter a name with letters in it" in page or "Enter the person" in page or ("300" in page)
    )
    with app.app_context():
        assert not db_session().scalar(sa.select(Person).where(Person.email == "new@example.org"))


def test_a_clearance_awaiting_its_second_reviewer_stands_after_a_rename(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Thet Thet Khine")
    reviewer = factories.user(Role.ORGANISER)
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(category, person)
    (finding,) = findings()
    decide(finding, "clear", "Another Thet Thet Khine, a teacher", reviewer)
    assert finding.state == FindingState.CLEARANCE_REQUESTED
    person.name = "Daw Khin Khin"
    pass_change_gate(db_session(), None)
    db_session().commit()
    with pytest.raises(GateBlocked) as stopped:
        sign_up(category, person)
    assert "a second reviewer must agree" in stopped.value.reason


def test_an_organisation_invited_on_its_own_is_screened_when_renamed(ctx):
    """No one of the organisation takes part yet: its own invitation is where it stands."""
    from core.models import Category
    from core.participation.invitations import invite_organisation

    keep_list()
    dialogue = factories.dialogue(slug="invited")
    organisation = factories.organisation(name="Golden Valley Trading")
    db_session().commit()
    invitation = invite_organisation(
        dialogue=dialogue,
        category=Category.OBSERVER,
        organisation=organisation,
        email="contact@golden-valley.example",
        actor=None,
        send=lambda _invitation: None,
    )
    assert invitation.state.value == "sent" and findings() == []
    organisation.name = "Myanmar Economic Corporation Ltd"
    with pytest.raises(GateBlocked):
        pass_change_gate(db_session(), None)
    db_session().refresh(organisation)
    assert organisation.name == "Golden Valley Trading"
    (finding,) = findings()
    assert finding.subject_kind == "organisation" and dialogues_of(finding) == {dialogue.id}
    blocked = db_session().scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "organisation.change_blocked")
    )
    assert blocked.details["dialogues"] == [dialogue.id]

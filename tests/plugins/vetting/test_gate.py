"""Screening at the gate: an alert stops the step until reviewed, a decision is remembered per
(subject, entry) until the entry changes, a confirmed match needs two reviewers to override."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.models import AuditEvent, Participation, ParticipationStatus, Role
from core.participation.review import accredit
from core.screened_changes import pass_change_gate
from plugins.vetting import screening
from plugins.vetting.models import FindingState, VettingDecision, VettingFinding
from plugins.vetting.review import ReviewRefused, decide
from tests import factories

from .world import HEADER, JUNTA, clear, keep_list, open_category, sign_up


def findings() -> list[VettingFinding]:
    return db_session().scalars(sa.select(VettingFinding).order_by(VettingFinding.id)).all()


def blocked_registration(category, person):
    with pytest.raises(GateBlocked) as stopped:
        sign_up(category, person)
    return stopped.value


def test_an_alert_stops_registration_and_the_finding_is_kept_for_review(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Senior General Min Aung Hlaing")
    db_session().commit()
    stopped = blocked_registration(category, person)
    assert "Possible match with HLAING, Min Aung" in stopped.findings[0].message
    assert "awaiting review" in stopped.findings[0].message
    assert "Senior General" not in stopped.findings[0].message  # the person is not named
    (kept,) = findings()
    assert (kept.subject_kind, kept.subject_id, kept.state) == ("person", person.id, "open")
    assert kept.level == "alert" and kept.entry.name == "HLAING, Min Aung"
    assert "title or rank" in kept.explanation
    assert db_session().scalar(sa.select(Participation)) is None
    assert (
        db_session()
        .scalar(
            sa.select(AuditEvent.reason).where(AuditEvent.action == "participation.gate_blocked")
        )
        .startswith("Possible match with HLAING, Min Aung")
    )


def test_a_cleared_pair_does_not_come_back(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Thet Thet Khaing")
    reviewer, second = factories.user(Role.ORGANISER), factories.user(Role.ORGANISER)
    db_session().commit()
    blocked_registration(category, person)
    (finding,) = findings()
    clear(finding, "Born 1996, a paralegal; the listed minister was born 1967", reviewer, second)
    participation = sign_up(category, person)
    assert participation.status == ParticipationStatus.REGISTERED
    assert participation.findings == []
    assert [f.state for f in findings()] == [FindingState.CLEARED]
    assert (
        db_session()
        .scalar(sa.select(AuditEvent.reason).where(AuditEvent.action == "vetting.finding_clear"))
        .startswith("Born 1996")
    )


def test_a_changed_entry_brings_a_cleared_pair_back(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Thet Thet Khaing")
    reviewer, second = factories.user(Role.ORGANISER), factories.user(Role.ORGANISER)
    db_session().commit()
    blocked_registration(category, person)
    clear(findings()[0], "not the minister", reviewer, second)
    keep_list(JUNTA)  # the same content again: nothing changed, the clearance holds
    assert sign_up(category, person).status == ParticipationStatus.REGISTERED
    changed = JUNTA.replace("Minister of Social Welfare", "Minister of Social Welfare and Relief")
    keep_list(changed)
    with pytest.raises(GateBlocked):
        accredit(db_session().scalar(sa.select(Participation)), actor=reviewer)
    assert [f.state for f in findings()] == [FindingState.CLEARED, FindingState.OPEN]


def test_a_confirmed_match_needs_a_second_reviewer_to_override(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Min Aung Hlaing")
    first, second = factories.user(Role.ORGANISER), factories.user(Role.ORGANISER)
    db_session().commit()
    blocked_registration(category, person)
    finding = findings()[0]
    decide(finding, "confirm", "Same birth date and position", first)
    assert (
        "Confirmed match with HLAING" in blocked_registration(category, person).findings[0].message
    )
    decide(finding, "request_override", "Invited by the host as head of delegation", first)
    assert "awaits a second reviewer" in blocked_registration(category, person).findings[0].message
    with pytest.raises(ReviewRefused, match="second reviewer"):
        decide(finding, "approve_override", "I agree with myself", first)
    db_session().rollback()
    decide(finding, "approve_override", "Agreed by the co-chairs in writing", second)
    participation = sign_up(category, person)
    assert participation.status == ParticipationStatus.REGISTERED
    assert "allowed by an override" in participation.findings[0]["message"]
    actions = (
        db_session().scalars(sa.select(VettingDecision.action).order_by(VettingDecision.id)).all()
    )
    assert actions == ["confirm", "request_override", "approve_override"]


def test_one_reviewer_overrides_when_configured(make_app):
    app = make_app(VETTING_OVERRIDE_REVIEWERS=1)
    with app.app_context():
        keep_list()
        category = open_category(factories.dialogue())
        person = factories.person(name="Min Aung Hlaing")
        reviewer = factories.user(Role.ORGANISER)
        db_session().commit()
        blocked_registration(category, person)
        finding = findings()[0]
        decide(finding, "confirm", "the same", reviewer)
        decide(finding, "request_override", "host's decision", reviewer)
        assert finding.state == FindingState.OVERRIDDEN
        assert sign_up(category, person).status == ParticipationStatus.REGISTERED


def test_a_decision_needs_a_reason(ctx):
    keep_list()
    person = factories.person(name="Min Aung Hlaing")
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(open_category(factories.dialogue()), person)
    with pytest.raises(ReviewRefused, match="reason"):
        decide(findings()[0], "clear", "   ", factories.user(Role.ORGANISER))


def test_a_review_level_finding_is_kept_and_shown_but_does_not_stop(ctx):
    keep_list()
    person = factories.person(name="Ma Thet Thet Khaing")  # reordered, with an honorific
    db_session().commit()
    participation = sign_up(open_category(factories.dialogue()), person)
    assert participation.status == ParticipationStatus.REGISTERED
    (finding,) = participation.findings
    assert finding["blocking"] is False and "to review" in finding["message"]
    assert [(f.level, f.state) for f in findings()] == [("review", "open")]


def test_the_organisation_is_screened_too(ctx):
    keep_list()
    organisation = factories.organisation(name="Myanmar Economic Corporation Ltd")
    person = factories.person(name="Aye Aye", organisation=organisation)
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(open_category(factories.dialogue()), person, organisation)
    (kept,) = findings()
    assert (kept.subject_kind, kept.subject_id) == ("organisation", organisation.id)


def test_civil_society_passes_without_findings(ctx):
    keep_list()
    organisation = factories.organisation(name="Network for Human Rights Documentation - Burma")
    category = open_category(factories.dialogue())
    for name in ("Aung Myo Min", "Min Ko Naing", "Daw Aung San Suu Kyi"):
        person = factories.person(name=name, organisation=organisation)
        db_session().commit()
        assert sign_up(category, person, organisation).findings == []
    assert findings() == []


def test_without_lists_nothing_is_found(ctx):
    person = factories.person(name="Min Aung Hlaing")
    db_session().commit()
    participation = sign_up(open_category(factories.dialogue()), person)
    assert participation.status == ParticipationStatus.REGISTERED and findings() == []


def test_a_screening_that_cannot_run_stops_the_step(ctx, monkeypatch):
    keep_list(HEADER + "x,person,Someone Else,,,,,,\n")
    person = factories.person(name="Aye Aye")
    db_session().commit()

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(screening, "_build", broken)
    screening.forget()
    with pytest.raises(GateBlocked) as stopped:
        sign_up(open_category(factories.dialogue()), person)
    assert "Screening could not run (MemoryError)" in stopped.value.findings[0].message
    assert db_session().scalar(sa.select(Participation)) is None


def test_a_switched_off_list_screens_nobody(ctx):
    from plugins.vetting.models import VettingList

    keep_list()
    db_session().scalar(sa.select(VettingList)).active = False
    person = factories.person(name="Min Aung Hlaing")
    db_session().commit()
    assert sign_up(open_category(factories.dialogue()), person).findings == []


def test_an_organisation_invited_is_screened_and_held(ctx):
    from core.models import Category, InvitationState
    from core.participation.invitations import invite_organisation

    keep_list()
    dialogue = factories.dialogue()
    organisation = factories.organisation(name="Myanmar Economic Corporation Ltd.")
    db_session().commit()
    sent = []
    invitation = invite_organisation(
        dialogue=dialogue,
        category=Category.DELEGATE,
        organisation=organisation,
        email="mec@example.org",
        actor=None,
        send=sent.append,
    )
    assert invitation.state == InvitationState.HELD and sent == []
    assert "MYANMAR ECONOMIC CORPORATION LIMITED" in invitation.hold_reason
    (kept,) = findings()
    assert (kept.subject_kind, kept.subject_id) == ("organisation", organisation.id)
    from plugins.vetting.statement import statement_for

    assert statement_for(dialogue.id).unresolved == 1


def confirmed_person(name="Min Aung Hlaing"):
    """A person stopped at registration and confirmed as the listed commander."""
    category = open_category(factories.dialogue())
    person = factories.person(name=name)
    reviewer = factories.user(Role.ORGANISER)
    db_session().commit()
    blocked_registration(category, person)
    decide(findings()[0], "confirm", "same birth date and position", reviewer)
    return category, person


def test_a_confirmed_match_stands_when_the_name_is_changed(ctx):
    keep_list()
    category, person = confirmed_person()
    person.name = "M. A. Hlaing"  # no longer near the listed name
    pass_change_gate(db_session(), None)
    db_session().commit()
    stopped = blocked_registration(category, person)
    assert "the decision stands until overridden" in stopped.findings[0].message


def test_a_confirmed_match_stands_when_its_list_is_switched_off(ctx):
    from plugins.vetting.models import VettingList

    keep_list()
    category, person = confirmed_person()
    db_session().scalar(sa.select(VettingList)).active = False
    db_session().commit()
    assert (
        "Confirmed match with HLAING, Min Aung"
        in blocked_registration(category, person).findings[0].message
    )


def test_a_confirmed_match_stands_when_its_entry_changes(ctx):
    keep_list()
    category, person = confirmed_person()
    keep_list(JUNTA.replace("Commander-in-Chief", "Chairman of the SAC"))
    messages = [f.message for f in blocked_registration(category, person).findings]
    assert any("decision stands" in m for m in messages)
    assert len(findings()) == 2  # the changed entry is a new pair, to review


def test_an_alert_not_reviewed_stands_when_the_name_is_changed(ctx):
    keep_list()
    category = open_category(factories.dialogue())
    person = factories.person(name="Min Aung Hlaing")
    db_session().commit()
    blocked_registration(category, person)
    person.name = "Someone Else Entirely"
    pass_change_gate(db_session(), None)
    db_session().commit()
    assert (
        "found earlier: awaiting review"
        in blocked_registration(category, person).findings[0].message
    )

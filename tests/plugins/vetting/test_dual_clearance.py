"""Clearing a strong alert takes two reviewers: the first says "not the same", a different one
agrees (cleared) or refuses (open again); until then the finding stops every step."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.models import AuditEvent, ParticipationStatus, Role
from plugins.vetting.models import FindingState, VettingDecision, VettingFinding
from plugins.vetting.review import ReviewRefused, decide
from tests import factories

from .world import keep_list, open_category, sign_up


@pytest.fixture
def strong(ctx):
    """A registration stopped by a perfect alert (score 1.00), two reviewers of dialogue "d"."""
    keep_list()
    dialogue = factories.dialogue(slug="d")
    first = factories.user(Role.ORGANISER, dialogue=dialogue)
    second = factories.user(Role.ORGANISER, dialogue=dialogue)
    person = factories.person(name="Thet Thet Khine")
    category = open_category(dialogue)
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(category, person)
    finding = db_session().scalar(sa.select(VettingFinding))
    assert finding.score >= 0.97 and finding.level == "alert"
    return finding, first, second, category, person


def test_one_reviewer_cannot_clear_a_strong_alert(strong):
    finding, first, second, category, person = strong
    decide(finding, "clear", "A teacher born in 1990, not the minister", first)
    assert finding.state == FindingState.CLEARANCE_REQUESTED
    assert finding.clearance_requested_by_id == first.id
    with pytest.raises(GateBlocked):  # not cleared yet: every step still stops
        sign_up(category, person)
    with pytest.raises(ReviewRefused, match="second reviewer"):
        decide(finding, "approve_clearance", "I agree with myself", first)
    db_session().rollback()
    decide(finding, "approve_clearance", "Her passport shows 1990; agreed", second)
    assert finding.state == FindingState.CLEARED
    assert sign_up(category, person).status == ParticipationStatus.REGISTERED
    decisions = db_session().execute(
        sa.select(VettingDecision.action, VettingDecision.state, VettingDecision.user_id).order_by(
            VettingDecision.id
        )
    )
    assert decisions.all() == [
        ("clear", FindingState.CLEARANCE_REQUESTED, first.id),
        ("approve_clearance", FindingState.CLEARED, second.id),
    ]
    audited = db_session().execute(
        sa.select(AuditEvent.action, AuditEvent.reason, AuditEvent.actor_id)
        .where(AuditEvent.action.like("vetting.finding_%"))
        .order_by(AuditEvent.id)
    )
    assert audited.all() == [
        ("vetting.finding_clear", "A teacher born in 1990, not the minister", first.id),
        ("vetting.finding_approve_clearance", "Her passport shows 1990; agreed", second.id),
    ]


def test_a_refused_clearance_is_open_again_and_can_be_confirmed(strong):
    finding, first, second, category, person = strong
    decide(finding, "clear", "Not her, I think", first)
    decide(finding, "refuse_clearance", "Same birth date as the listed minister", second)
    assert finding.state == FindingState.OPEN and finding.clearance_requested_by_id is None
    with pytest.raises(GateBlocked):
        sign_up(category, person)
    decide(finding, "confirm", "Same birth date as the listed minister", second)
    assert finding.state == FindingState.CONFIRMED


def test_a_finding_under_the_configured_score_is_cleared_by_one(make_app):
    app = make_app(VETTING_DUAL_CLEARANCE_SCORE=1.01)
    with app.app_context():
        keep_list()
        category = open_category(factories.dialogue())
        person = factories.person(name="Thet Thet Khine")
        reviewer = factories.user(Role.ORGANISER)
        db_session().commit()
        with pytest.raises(GateBlocked):
            sign_up(category, person)
        finding = db_session().scalar(sa.select(VettingFinding))
        decide(finding, "clear", "A teacher born in 1990", reviewer)
        assert finding.state == FindingState.CLEARED
        assert sign_up(category, person).status == ParticipationStatus.REGISTERED


def test_the_finding_page_says_two_reviewers_are_needed_before_the_first_decides(
    app, client, strong
):
    finding, first, second, *_ = strong
    url = f"/dialogues/d/screening/findings/{finding.id}"
    factories.login(client, first)
    page = client.get(url).get_data(as_text=True)
    assert "This is a strong match (score 1.00): clearing it needs a second reviewer." in page
    response = client.post(url, data={"action": "clear", "reason": "A teacher born in 1990"})
    page = client.get(response.location).get_data(as_text=True)
    assert "a second, different reviewer must agree" in page.lower()
    assert "You asked: another reviewer decides." in page
    assert 'value="approve_clearance"' not in page  # not offered to the one who asked
    refused = client.post(url, data={"action": "approve_clearance", "reason": "me again"})
    assert refused.status_code == 422
    queue = client.get("/dialogues/d/screening").get_data(as_text=True)
    assert "A second reviewer is asked" in queue
    client.post("/logout")
    factories.login(client, second)
    page = client.get(url).get_data(as_text=True)
    assert 'value="approve_clearance"' in page and 'value="refuse_clearance"' in page
    agreed = client.post(url, data={"action": "approve_clearance", "reason": "Agreed"})
    assert agreed.status_code == 302
    db_session().expire_all()
    assert db_session().get(VettingFinding, finding.id).state == FindingState.CLEARED

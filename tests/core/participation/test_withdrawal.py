"""Withdrawal with a reason, the waitlist moving up, and the organisers' count of reasons."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    DialogueCategory,
    FocalPoint,
    Participation,
    ParticipationStatus,
    RegistrationMode,
    Role,
    Visibility,
)
from core.participation.badges import badge_token
from core.participation.registration import register
from core.participation.withdrawal import WithdrawalRefused, withdraw, withdrawal_report
from tests import factories


@pytest.fixture
def full_category(ctx):
    """A CSO category with one place: the first registrant holds it, two wait."""
    dialogue = factories.dialogue(slug="d")
    category = DialogueCategory(
        dialogue_id=dialogue.id,
        category=Category.CSO,
        capacity=1,
        registration=RegistrationMode.FOCAL_POINTS,
    )
    db_session().add(category)
    org = factories.organisation(name="Karen Rights Group")
    people = [
        register(
            category=category,
            person=factories.person(name=name, organisation=org),
            organisation=org,
            visibility=Visibility.ANONYMOUS,
            actor=None,
        )
        for name in ("First Holder", "Second Waiting", "Third Waiting")
    ]
    return dialogue, category, org, people


def test_withdrawing_gives_the_place_to_the_first_on_the_waitlist(full_category):
    _dialogue, _category, _org, (first, second, third) = full_category
    promoted = withdraw(first, actor=None, reason_code="security")
    assert [p.id for p in promoted] == [second.id]
    db_session().expire_all()
    assert first.status == ParticipationStatus.WITHDRAWN and first.reason_code == "security"
    assert second.status == ParticipationStatus.REGISTERED
    assert third.status == ParticipationStatus.WAITLISTED


def test_withdrawing_from_the_waitlist_promotes_nobody(full_category):
    _dialogue, _category, _org, (_first, second, third) = full_category
    assert withdraw(second, actor=None, reason_code="scheduling") == []
    db_session().expire_all()
    assert third.status == ParticipationStatus.WAITLISTED


def test_withdrawal_needs_a_known_reason_and_happens_once(full_category):
    _dialogue, _category, _org, (first, *_rest) = full_category
    with pytest.raises(WithdrawalRefused, match="Choose a reason"):
        withdraw(first, actor=None, reason_code="because")
    withdraw(first, actor=None, reason_code="other", reason="Travel ban")
    with pytest.raises(WithdrawalRefused, match="already withdrawn"):
        withdraw(first, actor=None, reason_code="other")


def test_withdrawal_revokes_the_badge(full_category):
    _dialogue, _category, _org, (first, *_rest) = full_category
    token_before = badge_token(first)
    withdraw(first, actor=None, reason_code="security")
    assert badge_token(first) != token_before


def test_report_counts_reasons_without_names(full_category):
    dialogue, _category, _org, people = full_category
    withdraw(people[0], actor=None, reason_code="non-engagement")
    withdraw(people[1], actor=None, reason_code="non-engagement")
    withdraw(people[2], actor=None, reason_code="security")
    assert withdrawal_report(dialogue.id) == [
        (Category.CSO, "non-engagement policy", 2),
        (Category.CSO, "security concerns", 1),
    ]


def test_focal_point_withdraws_a_representative_through_the_page(app, client, full_category):
    dialogue, _category, org, (first, _second, _third) = full_category
    focal = factories.user()
    db_session().add(FocalPoint(user_id=focal.id, organisation_id=org.id))
    organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
    db_session().commit()
    factories.login(client, focal)
    url = f"/dialogues/d/participations/{first.id}/withdraw"
    assert "Why are you withdrawing?" in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"reason_code": ""})
    assert refused.status_code == 422 and "Choose a reason" in refused.get_data(as_text=True)
    response = client.post(url, data={"reason_code": "non-engagement", "reason": "Junta invited"})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "1 person moved up from the waitlist" in page
    client.post("/logout")
    factories.login(client, organiser)
    report = client.get("/dialogues/d/withdrawals").get_data(as_text=True)
    assert "1 CSO withdrew citing non-engagement policy" in report
    assert "First Holder" not in report and "Junta invited" not in report


def test_nobody_else_can_withdraw_someone(app, client, full_category):
    _dialogue, _category, _org, (first, *_rest) = full_category
    stranger = factories.user()
    db_session().commit()
    factories.login(client, stranger)
    url = f"/dialogues/d/participations/{first.id}/withdraw"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"reason_code": "other"}).status_code == 404
    db_session().expire_all()
    assert db_session().get(Participation, first.id).status == ParticipationStatus.REGISTERED
    assert client.get("/dialogues/d/withdrawals").status_code == 403


def test_rejecting_a_place_holder_promotes_the_waitlist(full_category):
    from core.participation.review import reject

    dialogue, _category, _org, (first, second, _third) = full_category
    organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
    reject(first, actor=organiser, reason="Not eligible")
    db_session().expire_all()
    assert second.status == ParticipationStatus.REGISTERED
    assert (
        db_session().scalar(
            sa.select(sa.func.count())
            .select_from(Participation)
            .where(Participation.status == ParticipationStatus.WAITLISTED)
        )
        == 1
    )

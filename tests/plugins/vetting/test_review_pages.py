"""The review queue of a dialogue and the page of one finding, beside its list entry."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.models import AuditEvent, Dialogue, Person, Role
from plugins.vetting.models import FindingState, VettingFinding
from tests import factories

from .world import keep_list, open_category, sign_up


@pytest.fixture
def stopped(ctx):
    """A registration to dialogue "d" stopped by an alert; its organiser; another dialogue's."""
    keep_list()
    dialogue = factories.dialogue(slug="d")
    other = factories.dialogue(slug="e")
    organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
    second = factories.user(Role.ORGANISER, dialogue=dialogue)
    stranger = factories.user(Role.ORGANISER, dialogue=other)
    person = factories.person(name="Snr-Gen Min Aung Hlaing", position="Commander-in-Chief")
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(open_category(dialogue), person)
    finding = db_session().scalar(sa.select(VettingFinding))
    return finding.id, organiser, second, stranger


def test_the_queue_shows_the_dialogues_findings_to_its_organisers_only(client, stopped):
    finding_id, organiser, _second, stranger = stopped
    assert client.get("/dialogues/d/screening").status_code == 302  # to the log-in page
    factories.login(client, stranger)
    assert client.get("/dialogues/d/screening").status_code == 403
    assert client.get(f"/dialogues/e/screening/findings/{finding_id}").status_code == 404
    client.post("/logout")
    factories.login(client, organiser)
    page = client.get("/dialogues/d/screening").get_data(as_text=True)
    assert "Snr-Gen Min Aung Hlaing" in page and "HLAING, Min Aung" in page
    assert "Awaiting review" in page and "Alert" in page


def test_the_finding_page_sets_subject_and_entry_side_by_side(client, stopped):
    finding_id, organiser, *_ = stopped
    factories.login(client, organiser)
    page = client.get(f"/dialogues/d/screening/findings/{finding_id}").get_data(as_text=True)
    for expected in (
        "Snr-Gen Min Aung Hlaing",  # as screened
        "Commander-in-Chief",  # the person's position and the entry's
        "1956-07-03",  # the entry's birth date
        "BURMA-EO14014",  # why listed
        "treated as a title or rank",  # the explanation
        "Not the same",
        "Confirmed match",
    ):
        assert expected in page, expected


def test_a_decision_without_a_reason_is_refused_and_nothing_is_saved(client, stopped):
    finding_id, organiser, *_ = stopped
    factories.login(client, organiser)
    url = f"/dialogues/d/screening/findings/{finding_id}"
    response = client.post(url, data={"action": "clear", "reason": ""})
    assert response.status_code == 422
    assert "Give the reason for the decision." in response.get_data(as_text=True)
    response = client.post(url, data={"action": "override", "reason": "x"})
    assert response.status_code == 422
    assert db_session().get(VettingFinding, finding_id).state == FindingState.OPEN


def test_a_decision_is_recorded_audited_and_listed(client, stopped):
    finding_id, organiser, *_ = stopped
    factories.login(client, organiser)
    url = f"/dialogues/d/screening/findings/{finding_id}"
    response = client.post(url, data={"action": "confirm", "reason": "Same birth date"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Decision recorded: Confirmed match." in page
    assert "Same birth date" in page and "Override asked" in page  # the next choice offered
    db_session().expire_all()
    assert db_session().get(VettingFinding, finding_id).state == FindingState.CONFIRMED
    assert (
        db_session().scalar(
            sa.select(AuditEvent.actor_id).where(AuditEvent.action == "vetting.finding_confirm")
        )
        == organiser.id
    )


def test_a_decision_taken_meanwhile_is_not_overwritten(app, stopped):
    finding_id, organiser, second, _ = stopped
    first_client, second_client = app.test_client(), app.test_client()
    factories.login(first_client, organiser)
    factories.login(second_client, second)
    url = f"/dialogues/d/screening/findings/{finding_id}"
    both_read = {"seen": "open", "action": "clear"}
    assert first_client.post(url, data={**both_read, "reason": "a"}).status_code == 302
    late = second_client.post(url, data={**both_read, "reason": "b"})
    assert late.status_code == 422
    assert "Someone decided on this finding meanwhile" in late.get_data(as_text=True)
    db_session().expire_all()
    assert db_session().get(VettingFinding, finding_id).reason == "a"


def test_a_finding_about_someone_in_two_dialogues_is_decided_by_an_organiser_of_both(
    app, client, stopped
):
    from core.models import ParticipationStatus

    finding_id, organiser, *_ = stopped
    with app.app_context():
        finding = db_session().get(VettingFinding, finding_id)
        other = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "e"))
        person = db_session().get(Person, finding.subject_id)
        factories.participation(other, person, status=ParticipationStatus.REGISTERED)
        db_session().commit()
    client.post("/vetting/rescreen")  # nobody signed in: refused, nothing linked
    with app.app_context():
        from plugins.vetting.rescreen import rescreen

        rescreen(trigger="test", actor=None)  # links the finding to "e" as well
        everywhere = factories.user(Role.ORGANISER)
        db_session().commit()
    factories.login(client, organiser)
    url = f"/dialogues/d/screening/findings/{finding_id}"
    page = client.get(url).get_data(as_text=True)
    assert "also concerns" in page and "taken by an organiser of all of them" in page
    assert "Record the decision" not in page
    assert (
        client.post(url, data={"seen": "open", "action": "clear", "reason": "x"}).status_code == 403
    )
    client.post("/logout")
    factories.login(client, everywhere)
    done = client.post(url, data={"seen": "open", "action": "clear", "reason": "not him"})
    assert done.status_code == 302

"""What vetting holds about a person is in their export and loses their name on erasure; the
demo carries a list, a held invitation and a cleared finding."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.hooks import hooks
from core.models import Invitation, InvitationState
from plugins.vetting.models import FindingState, VettingFinding
from plugins.vetting.personal_data import ERASED, erase
from tests import factories

from .world import keep_list, open_category, sign_up


def test_a_persons_findings_are_exported_and_their_name_erased(ctx):
    keep_list()
    person = factories.person(name="Min Aung Hlaing")
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(open_category(factories.dialogue()), person)
    (exported,) = hooks().personal_data(person=person)["vetting"]["findings"]
    assert exported["name_screened"] == "Min Aung Hlaing"
    assert exported["entry"] == "HLAING, Min Aung" and exported["state"] == "open"
    from plugins.vetting.models import VettingDecision
    from plugins.vetting.review import decide

    decide(
        db_session().scalar(sa.select(VettingFinding)),
        "confirm",
        "Min Aung Hlaing, born 1956, as listed",
        factories.user(),
    )
    erase(person)
    db_session().commit()
    finding = db_session().scalar(sa.select(VettingFinding))
    assert finding.state == FindingState.CONFIRMED  # the decision stays, without the person
    assert {finding.subject_name, finding.explanation, finding.reason} == {ERASED}
    assert db_session().scalar(sa.select(VettingDecision.reason)) == ERASED


def test_the_demo_holds_an_invitation_and_shows_a_cleared_finding(app, runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # again: nothing new
    with app.app_context():
        held = (
            db_session()
            .scalars(sa.select(Invitation).where(Invitation.state == InvitationState.HELD))
            .all()
        )
        assert len(held) == 1 and "HLAING, Ko Ko" in held[0].hold_reason
        states = db_session().scalars(sa.select(VettingFinding.state)).all()
        assert sorted(states) == [FindingState.CLEARED, FindingState.OPEN]
        cleared = db_session().scalar(
            sa.select(VettingFinding).where(VettingFinding.state == FindingState.CLEARED)
        )
        assert cleared.reason.startswith("Not the same")
    page = client.get("/dialogues/8th-ahrd-demo").get_data(as_text=True)
    assert "Myanmar military junta, its appointees and enterprises (demo), version 1" in page
    assert "1 possible match</strong> is awaiting review" in page
    assert "Ko Ko Hlaing" not in page
    client.post(
        "/login", data={"email": "organiser@parley.example", "password": "parley-demo-2025"}
    )
    queue = client.get("/dialogues/8th-ahrd-demo/screening?show=all").get_data(as_text=True)
    assert "Ko Ko Hlaing" in queue and "Thet Thet Khaing" in queue

"""Screening everyone again after a list changes: only what is new, linked to its dialogues."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import DialogueStatus, Invitation, InvitationState, ParticipationStatus, Role
from plugins.vetting.models import VettingFinding, VettingFindingDialogue
from plugins.vetting.review import decide
from plugins.vetting.statement import statement_for
from tests import factories

from .world import HEADER, JUNTA


def test_an_import_screens_everyone_again_and_reports_only_new_findings(ctx, runner, tmp_path):
    dialogue = factories.dialogue(slug="d")
    closed = factories.dialogue(slug="old", status=DialogueStatus.CLOSED)
    general = factories.person(name="Min Aung Hlaing")
    factories.participation(dialogue, general, status=ParticipationStatus.ACCREDITED)
    factories.participation(closed, factories.person(name="Thet Thet Khine"))
    factories.participation(
        dialogue, factories.person(name="Soe Win"), status=ParticipationStatus.WITHDRAWN
    )
    db_session().commit()
    first = tmp_path / "first.csv"
    first.write_text(JUNTA, encoding="utf-8")
    args = ["vetting", "import", "parley-csv", str(first), "--list", "Junta"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    # the closed dialogue's participant and the one who withdrew are left alone
    assert "screened again: 1 person or organisation, 1 new finding(s)" in result.output
    assert f"person #{general.id} looks like HLAING, Min Aung" in result.output
    statement = statement_for(dialogue.id)
    assert statement.unresolved == 1 and statement.lists[0].rescreened
    assert db_session().scalar(sa.select(VettingFindingDialogue.dialogue_id)) == dialogue.id
    decide(
        db_session().scalar(sa.select(VettingFinding)),
        "confirm",
        "the same",
        factories.user(Role.ORGANISER),
    )
    second = tmp_path / "second.csv"
    second.write_text(JUNTA + 'sw,person,"WIN, Soe",,Burma,1960-03-01,,,OFAC\n', encoding="utf-8")
    again = runner.invoke(args=["vetting", "import", "parley-csv", str(second), "--list", "Junta"])
    assert "0 new finding(s)" in again.output  # Soe Win withdrew; the general is decided
    assert runner.invoke(args=["vetting", "rescreen"]).output.endswith("0 new finding(s).\n")
    assert db_session().scalar(sa.select(sa.func.count()).select_from(VettingFinding)) == 1


def test_a_held_invitation_is_screened_again_and_sent_once_cleared(app, client, runner, tmp_path):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        second = factories.user(Role.ORGANISER, dialogue=dialogue)
        from .world import keep_list, open_category

        keep_list()
        open_category(dialogue)
        db_session().commit()
    factories.login(client, organiser)
    client.post(
        "/dialogues/d/invitations/person",
        data={
            "person-name": "Daw Thet Thet Khine",
            "person-email": "ttk@example.org",
            "person-organisation": "",
            "person-category": "cso",
        },
    )
    with app.app_context():
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.state == InvitationState.HELD
        finding_id = db_session().scalar(sa.select(VettingFinding.id))
    queue = client.get("/dialogues/d/screening").get_data(as_text=True)
    assert "Daw Thet Thet Khine" in queue
    finding_url = f"/dialogues/d/screening/findings/{finding_id}"
    client.post(finding_url, data={"action": "clear", "reason": "A teacher, born 1990"})
    client.post(f"/dialogues/d/invitations/{invitation.id}/send")
    with app.app_context():  # a strong alert: one reviewer's clearance is not enough
        assert db_session().get(Invitation, invitation.id).state == InvitationState.HELD
    client.post("/logout")
    factories.login(client, second)
    client.post(finding_url, data={"action": "approve_clearance", "reason": "Agreed: a teacher"})
    client.post(f"/dialogues/d/invitations/{invitation.id}/send")
    with app.app_context():
        assert db_session().get(Invitation, invitation.id).state == InvitationState.SENT
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "x,person,Somebody Else,,,,,,\n", encoding="utf-8")
    runner.invoke(args=["vetting", "import", "parley-csv", str(path), "--list", "Other"])
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(VettingFinding)) == 1

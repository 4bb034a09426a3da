"""A held invitation follows the screening decision taken on what held it: released (sent)
when nothing stops it any more, held with the new reason otherwise; the invitations page
shows its state once, and a reason only while it is held."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import Invitation, InvitationState, OutboxMessage
from core.plugin_api import Finding, hookimpl, release_held_invitations
from tests import factories

from .test_invitations import NOT_ACCOUNT_MAIL, PERSON
from .test_invitations import setup as setup  # the fixture


class Reviewed:
    """Stops invitations with a message that follows a reviewer's decision."""

    message: str | None = "Possible match with HLAING, Min Aung (score 0.91): awaiting review."

    @hookimpl
    def check_participation(self, step, participation, actor):
        if self.message is None:
            return None
        return [Finding(source="vetting", code="match", message=self.message, blocking=True)]


def held(make_app, setup):
    plugin = Reviewed()
    app = make_app(plugins={"reviewed": plugin})
    client = app.test_client()
    factories.login(client, setup.organiser)
    response = client.post("/dialogues/d/invitations/person", data=PERSON)
    client.get(response.location)  # the message that it is held, read
    with app.app_context():
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.state == InvitationState.HELD
        person_id = invitation.person_id
    return app, client, plugin, person_id


def test_a_decision_that_still_stops_it_changes_the_reason_shown(make_app, setup):
    app, client, plugin, person_id = held(make_app, setup)
    plugin.message = "Confirmed match with HLAING, Min Aung."
    with app.app_context():
        assert release_held_invitations(person_id=person_id, actor=None) == []
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.state == InvitationState.HELD
        assert invitation.hold_reason == "Confirmed match with HLAING, Min Aung."
        assert db_session().scalar(sa.select(sa.func.count()).where(NOT_ACCOUNT_MAIL)) == 0
    page = client.get("/dialogues/d/invitations/").get_data(as_text=True)
    assert "Confirmed match with HLAING, Min Aung." in page
    assert "awaiting review" not in page
    assert "Held Held" not in " ".join(page.replace("<br>", " ").split())


def test_a_decision_that_lets_it_through_sends_it(make_app, setup):
    app, client, plugin, person_id = held(make_app, setup)
    plugin.message = None
    with app.test_request_context():
        sent = release_held_invitations(person_id=person_id, actor=None)
        assert [i.email for i in sent] == ["aye@example.org"]
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.state == InvitationState.SENT and invitation.hold_reason == ""
        assert db_session().scalar(
            sa.select(sa.func.count()).where(OutboxMessage.to_address == "aye@example.org")
        )
    page = client.get("/dialogues/d/invitations/").get_data(as_text=True)
    assert "awaiting review" not in page and "tag-warning" not in page


def test_the_state_is_shown_once_and_a_cancelled_one_shows_no_hold(make_app, setup):
    app, client, _plugin, _person_id = held(make_app, setup)
    page = client.get("/dialogues/d/invitations/").get_data(as_text=True)
    cell = page.split("aye@example.org</span></td>")[1].split("</tr>")[0]
    assert cell.count("Held") == 1 and "awaiting review" in cell
    with app.app_context():
        invitation_id = db_session().scalar(sa.select(Invitation.id))
    client.post(f"/dialogues/d/invitations/{invitation_id}/cancel")
    page = client.get("/dialogues/d/invitations/").get_data(as_text=True)
    cell = page.split("aye@example.org</span></td>")[1].split("</tr>")[0]
    assert "Cancelled" in cell and "Held" not in cell and "awaiting review" not in cell

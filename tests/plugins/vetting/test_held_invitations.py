"""A reviewer's decision on a finding releases or refuses the invitations it held."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import Category, InvitationState, Role
from core.participation.invitations import invite_organisation
from plugins.vetting.models import VettingFinding
from plugins.vetting.review import decide
from tests import factories

from .world import keep_list


def held_invitation():
    keep_list()
    dialogue = factories.dialogue()
    organisation = factories.organisation(name="Myanmar Economic Corporation Ltd.")
    reviewer = factories.user(Role.ORGANISER)
    db_session().commit()
    invitation = invite_organisation(
        dialogue=dialogue,
        category=Category.DELEGATE,
        organisation=organisation,
        email="mec@example.org",
        actor=None,
        send=lambda _invitation: None,
    )
    assert invitation.state == InvitationState.HELD
    assert "awaiting review" in invitation.hold_reason
    return invitation, db_session().scalar(sa.select(VettingFinding)), reviewer


def test_a_confirmed_match_keeps_it_held_with_the_decision_as_reason(ctx):
    invitation, finding, reviewer = held_invitation()
    decide(finding, "confirm", "same registration number", reviewer)
    db_session().refresh(invitation)
    assert invitation.state == InvitationState.HELD
    assert invitation.hold_reason.startswith("Confirmed match with")
    assert "awaiting review" not in invitation.hold_reason


def test_not_the_same_sends_it(ctx):
    invitation, finding, reviewer = held_invitation()
    # a weaker alert, cleared by one reviewer
    finding.score = 0.9
    db_session().commit()
    with ctx.test_request_context():  # the e-mail's links are built for the site
        assert decide(finding, "clear", "another company, other address", reviewer) == 1
    db_session().refresh(invitation)
    assert invitation.state == InvitationState.SENT and invitation.hold_reason == ""
    assert invitation.sent_at is not None

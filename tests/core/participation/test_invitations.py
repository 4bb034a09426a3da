"""Invitations: the gate before sending, signed expiring links, answers, CSV import."""

from __future__ import annotations

import io
import re
import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    DialogueCategory,
    FocalPoint,
    Invitation,
    InvitationState,
    OutboxMessage,
    Participation,
    ParticipationStatus,
    RegistrationMode,
    Role,
    Visibility,
)
from core.participation.invitations import invitation_token
from core.plugin_api import Finding, hookimpl
from tests import factories


@pytest.fixture
def setup(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d", title="7th ASEAN Human Rights Dialogue")
        for category in (Category.CSO, Category.DELEGATE):
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=category,
                    capacity=1,
                    registration=RegistrationMode.INVITATION,
                )
            )
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    client.organiser = organiser
    return client


PERSON = {
    "person-name": "Daw Aye Aye",
    "person-email": "aye@example.org",
    "person-organisation": "Women's League of Burma",
    "person-category": "cso",
}


# signing in from a second test client is a new browser, told to its owner: not an invitation
NOT_ACCOUNT_MAIL = ~OutboxMessage.kind.startswith("account_", autoescape=True)


def invite(client, **change):
    return client.post("/dialogues/d/invitations/person", data={**PERSON, **change})


def link_in_mail(app, to: str) -> str:
    with app.app_context():
        message = db_session().scalar(
            sa.select(OutboxMessage).where(OutboxMessage.to_address == to)
        )
    return re.search(r"http://localhost(/invitations/[^\s?]+)", message.body).group(1)


def test_inviting_sends_a_link_and_marks_the_person_invited(app, setup):
    assert invite(setup).status_code == 302
    with app.app_context():
        participation = db_session().scalar(sa.select(Participation))
        invitation = db_session().scalar(sa.select(Invitation))
        assert participation.status == ParticipationStatus.INVITED
        assert invitation.state == InvitationState.SENT and invitation.sent_at
        assert participation.organisation.name == "Women's League of Burma"
    assert link_in_mail(app, "aye@example.org").startswith("/invitations/")


def test_the_invitation_link_points_to_the_site_not_to_the_host_the_request_named(make_app):
    """A request's Host header is the sender's to choose: the link an invitee follows is built
    on ``PUBLIC_URL`` (set in production), so nobody can send an invitation pointing elsewhere."""
    app = make_app(PUBLIC_URL="https://parley.example.org")
    client = setup.__wrapped__(app)
    # the organiser's own session, sent to a host of the sender's choosing
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    sent = client.post(
        "/dialogues/d/invitations/person", data=PERSON, headers={"Host": "evil.example"}
    )
    assert sent.status_code == 302 and "/login" not in sent.location
    with app.app_context():
        body = db_session().scalar(
            sa.select(OutboxMessage.body).where(OutboxMessage.to_address == "aye@example.org")
        )
    assert "https://parley.example.org/invitations/" in body
    assert "evil.example" not in body


def test_accepting_registers_with_the_chosen_visibility_once(app, setup):
    invite(setup)
    link = link_in_mail(app, "aye@example.org")
    visitor = app.test_client()
    page = visitor.get(link).get_data(as_text=True)
    assert "You are invited to 7th ASEAN Human Rights Dialogue" in page
    refused = visitor.post(link, data={"answer": "accept"})
    assert refused.status_code == 422 and "Choose who may see" in refused.get_data(as_text=True)
    accepted = visitor.post(link, data={"answer": "accept", "visibility": "organisers"})
    assert "your registration is received" in accepted.get_data(as_text=True)
    with app.app_context():
        participation = db_session().scalar(sa.select(Participation))
        assert participation.status == ParticipationStatus.REGISTERED
        assert participation.visibility == Visibility.ORGANISERS
        assert db_session().scalar(sa.select(Invitation.state)) == InvitationState.ACCEPTED
    again = visitor.get(link)
    assert again.status_code == 410 and "already accepted" in again.get_data(as_text=True)


def test_declining_withdraws_with_the_declined_code(app, setup):
    invite(setup)
    link = link_in_mail(app, "aye@example.org")
    page = app.test_client().get(link + "?answer=decline").get_data(as_text=True)
    assert "Do you want to decline" in page
    app.test_client().post(link, data={"answer": "decline"})
    with app.app_context():
        participation = db_session().scalar(sa.select(Participation))
        assert participation.status == ParticipationStatus.WITHDRAWN
        assert participation.reason_code == "declined"
    report = setup.get("/dialogues/d/withdrawals").get_data(as_text=True)
    assert "withdrew citing declining the invitation" in report


@pytest.mark.parametrize(
    ("answer", "done"),
    [
        ({"answer": "accept", "visibility": "organisers"}, "your registration is received"),
        ({"answer": "decline"}, "decline"),
    ],
)
def test_an_answer_taken_is_a_page_of_its_own_not_the_invitation_refused(app, setup, answer, done):
    """Found by fuzzing: an answer taken was shown as the invitation page's error, with 422."""
    invite(setup)
    link = link_in_mail(app, "aye@example.org")
    response = app.test_client().post(link, data=answer)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and done in page
    assert "&lt;" not in page and "You are invited to" not in page


def test_forged_expired_and_cancelled_links_get_a_clear_page(app, setup, monkeypatch):
    invite(setup)
    link = link_in_mail(app, "aye@example.org")
    forged = app.test_client().get(link[:-3] + "abc")
    assert forged.status_code == 410 and "not a valid invitation" in forged.get_data(as_text=True)

    with app.app_context():
        invitation = db_session().scalar(sa.select(Invitation))
        # a link signed 31 days ago: invitations last 30 days
        monkeypatch.setattr(
            TimestampSigner, "get_timestamp", lambda self: int(time.time() - 31 * 86400)
        )
        old_link = f"/invitations/{invitation_token(invitation)}"
        monkeypatch.undo()
    expired = app.test_client().get(old_link)
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)

    with app.app_context():
        invitation_id = db_session().scalar(
            sa.select(Invitation.id).where(Invitation.email == "aye@example.org")
        )
    setup.post(f"/dialogues/d/invitations/{invitation_id}/cancel")
    cancelled = app.test_client().get(link)
    assert cancelled.status_code == 410 and "withdrawn by the organisers" in cancelled.get_data(
        as_text=True
    )


class Blocker:
    @hookimpl
    def check_participation(self, step, participation, actor):
        if step == "invite":
            return [
                Finding(
                    source="vetting",
                    code="match",
                    message="Matches: junta appointee",
                    blocking=True,
                )
            ]
        return None


def test_a_blocked_invitation_is_held_with_its_reason_and_not_sent(make_app, setup):
    app = make_app(plugins={"blocker": Blocker()})
    client = app.test_client()
    factories.login(client, setup.organiser)
    response = client.post("/dialogues/d/invitations/person", data=PERSON)
    page = client.get(response.location).get_data(as_text=True)
    assert "is held: Matches: junta appointee" in page
    with app.app_context():
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.state == InvitationState.HELD
        assert db_session().scalar(sa.select(sa.func.count()).where(NOT_ACCOUNT_MAIL)) == 0
        assert db_session().scalar(sa.select(Participation)) is None


class BlockerUntilCleared:
    """Blocks invitations until ``cleared`` is set, as a screening review would."""

    cleared = False

    @hookimpl
    def check_participation(self, step, participation, actor):
        if self.cleared:
            return None
        return [Finding(source="vetting", code="match", message="Awaiting review", blocking=True)]


def test_a_held_invitation_is_sent_once_nothing_holds_it(make_app, setup):
    blocker = BlockerUntilCleared()
    app = make_app(plugins={"blocker": blocker})
    client = app.test_client()
    factories.login(client, setup.organiser)
    client.post("/dialogues/d/invitations/person", data=PERSON)
    with app.app_context():
        invitation_id = db_session().scalar(sa.select(Invitation.id))
    send = f"/dialogues/d/invitations/{invitation_id}/send"
    still = client.get(client.post(send).location).get_data(as_text=True)
    assert "still held: Awaiting review" in still
    blocker.cleared = True
    response = client.post(send)
    assert "the e-mail is on its way" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        invitation = db_session().get(Invitation, invitation_id)
        assert invitation.state == InvitationState.SENT and invitation.hold_reason == ""
        assert db_session().scalar(sa.select(Participation.status)) == "invited"
        assert db_session().scalar(sa.select(sa.func.count()).where(NOT_ACCOUNT_MAIL)) == 1
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
    again = client.post(send)
    assert "is sent, not held" in client.get(again.location).get_data(as_text=True)


class OrganisationBlocker:
    """Holds organisation invitations until ``cleared`` is set."""

    cleared = False

    @hookimpl
    def check_organisation(self, step, organisation, dialogue, actor):
        if self.cleared:
            return None
        message = f"{organisation.name} is listed"
        return [Finding(source="vetting", code="match", message=message, blocking=True)]


def test_an_organisation_invitation_passes_the_gate_too(make_app, setup):
    blocker = OrganisationBlocker()
    app = make_app(plugins={"blocker": blocker})
    client = app.test_client()
    factories.login(client, setup.organiser)
    data = {
        "org-organisation": "State Administration Council",
        "org-email": "sac@example.org",
        "org-category": "delegate",
    }
    response = client.post("/dialogues/d/invitations/organisation", data=data)
    page = client.get(response.location).get_data(as_text=True)
    assert "is held: State Administration Council is listed" in page
    with app.app_context():
        invitation = db_session().scalar(sa.select(Invitation))
        assert invitation.state == InvitationState.HELD and invitation.sent_at is None
        assert db_session().scalar(sa.select(sa.func.count()).where(NOT_ACCOUNT_MAIL)) == 0
        assert (
            db_session().scalar(
                sa.select(AuditEvent.reason).where(AuditEvent.action == "invitation.gate_blocked")
            )
            == "State Administration Council is listed"
        )
    blocker.cleared = True
    client.post(f"/dialogues/d/invitations/{invitation.id}/send")
    with app.app_context():
        assert db_session().get(Invitation, invitation.id).state == InvitationState.SENT
        assert db_session().scalar(sa.select(sa.func.count()).where(NOT_ACCOUNT_MAIL)) == 1


def test_an_organisation_contact_becomes_its_focal_point(app, setup):
    data = {
        "org-organisation": "Karen Human Rights Group",
        "org-email": "khrg@example.org",
        "org-category": "cso",
    }
    assert setup.post("/dialogues/d/invitations/organisation", data=data).status_code == 302
    link = link_in_mail(app, "khrg@example.org")
    contact = app.test_client()
    assert "to accept" in contact.get(link).get_data(as_text=True)
    with app.app_context():
        stranger = factories.user(email="stranger@example.org")
        user = factories.user(email="khrg@example.org")
        db_session().commit()
    factories.login(contact, stranger)
    refused = contact.post(link, data={"answer": "accept"})
    assert refused.status_code == 422 and "sent to another address" in refused.get_data(
        as_text=True
    )
    contact.post("/logout")
    factories.login(contact, user)
    response = contact.post(link, data={"answer": "accept"})
    assert response.status_code == 302 and "/delegations/" in response.location
    with app.app_context():
        assert db_session().scalars(sa.select(FocalPoint.user_id)).all() == [user.id]
        assert db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "focal_point.added")
        )


def test_a_dialogue_organiser_cannot_invite_a_known_organisation(app, setup):
    with app.app_context():
        factories.organisation(name="Highland Women's Voice")
        db_session().commit()
    data = {
        "org-organisation": "highland women's voice",
        "org-email": "me@example.org",
        "org-category": "cso",
    }
    response = setup.post("/dialogues/d/invitations/organisation", data=data)
    assert response.status_code == 422
    assert "Parley already knows this organisation" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(Invitation)) is None


def test_inviting_a_known_address_does_not_reveal_who_holds_it(app, setup):
    with app.app_context():
        factories.person(
            name="Naw Secret Paw",
            email="director@highland.example",
            organisation=factories.organisation(name="Highland Women's Voice"),
        )
        db_session().commit()
    invite(
        setup,
        **{
            "person-email": "director@highland.example",
            "person-name": "Whoever",
            "person-organisation": "",
        },
    )
    for page in ("/dialogues/d/invitations/", "/dialogues/d/review/"):
        html = setup.get(page).get_data(as_text=True)
        assert "Naw Secret Paw" not in html and "Highland" not in html


def test_a_withdrawn_invitee_cannot_come_back_through_the_link(app, setup):
    invite(setup)
    link = link_in_mail(app, "aye@example.org")
    with app.app_context():
        participation_id = db_session().scalar(sa.select(Participation.id))
    setup.post(
        f"/dialogues/d/participations/{participation_id}/withdraw", data={"reason_code": "other"}
    )
    response = app.test_client().post(link, data={"answer": "accept", "visibility": "public"})
    assert response.status_code == 410
    with app.app_context():
        assert (
            db_session().get(Participation, participation_id).status
            == ParticipationStatus.WITHDRAWN
        )


CSV_GOOD = (
    "name,email,organisation,category\nAye,aye@example.org,WLB,cso\nBo,bo@example.org,,delegate\n"
)


def upload(client, content: bytes):
    return client.post(
        "/dialogues/d/invitations/import",
        data={"import-file": (io.BytesIO(content), "people.csv")},
        content_type="multipart/form-data",
    )


def test_csv_import_invites_everyone_and_reports_each_line(app, setup):
    response = upload(setup, CSV_GOOD.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Line 2, Aye: invited" in html and "Line 3, Bo: invited" in html
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Invitation)) == 2


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (CSV_GOOD + "Cy,not-an-email,,cso\n", "Line 4: “not-an-email” is not an e-mail address."),
        (CSV_GOOD + "Di,di@example.org,,press\n", "Line 4: this dialogue has no press category."),
        (CSV_GOOD + "Ed,aye@example.org,,cso\n", "Line 4: aye@example.org is already on line 2."),
        (CSV_GOOD + ",x@example.org,,cso\n", "Line 4: the name is empty."),
        (CSV_GOOD + "N\x00ul,n@example.org,,cso\n", "Line 4: it contains a NUL character."),
        (
            "name,mail\nA,a@example.org\n",
            "the header lacks the column(s) email, organisation, category",
        ),
    ],
)
def test_a_bad_csv_invites_nobody_and_names_the_line(app, setup, content, problem):
    response = upload(setup, content.encode())
    assert response.status_code == 422
    assert problem.replace("“", "&#8220;").replace("”", "&#8221;") in response.get_data(
        as_text=True
    ) or problem in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_a_file_that_is_not_utf8_is_refused(app, setup):
    response = upload(
        setup, "name,email,organisation,category\nÉ,e@example.org,,cso\n".encode("latin-1")
    )
    assert response.status_code == 422 and "not UTF-8" in response.get_data(as_text=True)


def test_only_the_dialogues_organisers_invite(app, setup):
    with app.app_context():
        stranger = factories.user(Role.ORGANISER, dialogue=factories.dialogue())
        db_session().commit()
    client = app.test_client()
    factories.login(client, stranger)
    assert client.get("/dialogues/d/invitations/").status_code == 403
    assert client.post("/dialogues/d/invitations/person", data=PERSON).status_code == 403


def test_a_file_naming_someone_already_taking_part_invites_nobody(app, setup):
    invite(setup)  # aye@example.org is invited
    response = upload(setup, CSV_GOOD.encode())
    assert response.status_code == 422
    assert "Line 2: aye@example.org already takes part" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1


@pytest.mark.parametrize("written", ["Delegate", "delegate", "  DELEGATE ", "Government delegates"])
def test_the_import_takes_a_category_by_its_name_as_shown_in_any_case(app, setup, written):
    with app.app_context():
        delegates = db_session().scalar(
            sa.select(DialogueCategory).where(DialogueCategory.category == Category.DELEGATE)
        )
        delegates.label = "Government delegates"
        db_session().commit()
    content = (
        "name,email,organisation,category\n"
        f"Bo,bo@example.org,,{written}\nAye,aye@example.org,WLB,cso\n"
    )
    response = upload(setup, content.encode())
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        categories = dict(
            db_session().execute(sa.select(Invitation.email, Invitation.category)).all()
        )
    assert categories == {"bo@example.org": Category.DELEGATE, "aye@example.org": Category.CSO}


def test_a_category_unknown_to_the_import_is_named_with_the_accepted_ones(app, setup):
    response = upload(setup, (CSV_GOOD + "Cy,cy@example.org,,Delegates\n").encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 4: “Delegates” is not a category of this dialogue." in page
    assert "Use one of: CSO, Delegate." in page
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0

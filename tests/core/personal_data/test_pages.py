"""The pages: who may download and erase what, and the erase forms."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    DialogueChair,
    Invitation,
    InvitationState,
    OutboxMessage,
    Person,
    Role,
    User,
)
from core.personal_data.erasure import ERASED_NAME
from tests import factories
from tests.core.personal_data.conftest import (
    ADDRESS_ONLY,
    CANARY_EMAIL,
    CANARY_NAME,
    Holder,
    find_everywhere,
    make_world,
)

PASSWORD = factories.PASSWORD


def sign_in(app, client, user_id):
    with app.app_context():
        user = db_session().get(User, user_id)
    factories.login(client, user)


def new_user(app, role=None, dialogue_id=None):
    with app.app_context():
        dialogue = None
        if dialogue_id:
            from core.models import Dialogue

            dialogue = db_session().get(Dialogue, dialogue_id)
        user = factories.user(role, dialogue=dialogue)
        db_session().commit()
        return user.id


def person_name(app, person_id):
    with app.app_context():
        return db_session().get(Person, person_id).name


@pytest.mark.parametrize(
    "url", ["/account/data", "/account/data.json", "/account/erase", "/people/1/data.json"]
)
def test_visitors_are_sent_to_sign_in(pd_app, url):
    response = pd_app.test_client().get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = pd_app.test_client().post("/people/1/erase", data={"reason": "x"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_person_downloads_their_own_data(pd_app, holder):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, world.user_id)
    page = client.get("/account/data")
    assert page.status_code == 200
    assert "Download your data" in page.get_data(as_text=True)
    assert 'href="/account/data">Your data</a>' in client.get("/").get_data(as_text=True)
    response = client.get("/account/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.get_data(as_text=True))
    assert document["person"]["name"] == CANARY_NAME and "holder" in document["plugins"]


def test_another_user_gets_only_their_own_data(pd_app, holder):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, world.other_user_id)
    text = client.get("/account/data.json").get_data(as_text=True)
    assert "Anita Wahid" in text
    assert CANARY_NAME not in text and CANARY_EMAIL not in text
    assert client.get(f"/people/{world.person_id}/data.json").status_code == 403
    assert client.get(f"/people/{world.person_id}/erase").status_code == 403
    response = client.post(f"/people/{world.person_id}/erase", data={"reason": "x"})
    assert response.status_code == 403
    assert person_name(pd_app, world.person_id) == CANARY_NAME


def test_an_organiser_of_one_dialogue_may_not_reach_the_registry(pd_app, holder):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, new_user(pd_app, Role.ORGANISER, world.dialogue_ids[0]))
    assert client.get(f"/people/{world.person_id}/data.json").status_code == 403
    assert client.post(f"/people/{world.person_id}/erase", data={"reason": "x"}).status_code == 403


def test_an_organiser_downloads_a_persons_data_and_it_is_audited(pd_app, holder):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, world.organiser_id)
    person_page = client.get(f"/people/{world.person_id}").get_data(as_text=True)
    assert f'href="/people/{world.person_id}/data.json"' in person_page
    assert f'href="/people/{world.person_id}/erase"' in person_page
    response = client.get(f"/people/{world.person_id}/data.json")
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True))["person"]["email"] == CANARY_EMAIL
    assert client.get("/people/999999/data.json").status_code == 404
    assert client.get("/people/999999/erase").status_code == 404
    with pd_app.app_context():
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "person.data_exported")
        )
        assert (event.object_id, event.actor_id) == (world.person_id, world.organiser_id)


def test_an_organiser_erases_a_person_after_confirming(pd_app, holder):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, world.organiser_id)
    page = client.get(f"/people/{world.person_id}/erase")
    assert page.status_code == 200
    assert "What erasing does not do" in page.get_data(as_text=True)
    empty = client.post(f"/people/{world.person_id}/erase", data={"reason": "  "})
    assert empty.status_code == 422
    assert "Enter the reason for the erasure" in empty.get_data(as_text=True)
    assert person_name(pd_app, world.person_id) == CANARY_NAME
    done = client.post(f"/people/{world.person_id}/erase", data={"reason": "asked on 3 March"})
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/people/{world.person_id}"
    )
    assert person_name(pd_app, world.person_id) == ERASED_NAME
    with pd_app.app_context():
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "person.erased")
        )
        assert (event.reason, event.actor_id) == ("asked on 3 March", world.organiser_id)
    again = client.get(f"/people/{world.person_id}/erase").get_data(as_text=True)
    assert "already been erased" in again
    repeat = client.post(
        f"/people/{world.person_id}/erase", data={"reason": "again"}, follow_redirects=True
    )
    assert "already been erased" in repeat.get_data(as_text=True)


def test_erasing_a_chair_is_refused_with_the_reason(pd_app, holder):
    world = make_world(pd_app, holder)
    with pd_app.app_context():
        db_session().add(
            DialogueChair(dialogue_id=world.dialogue_ids[0], person_id=world.person_id)
        )
        db_session().commit()
    client = pd_app.test_client()
    sign_in(pd_app, client, world.organiser_id)
    assert "public office" in client.get(f"/people/{world.person_id}/erase").get_data(as_text=True)
    response = client.post(f"/people/{world.person_id}/erase", data={"reason": "asked"})
    assert response.status_code == 422 and "public office" in response.get_data(as_text=True)
    assert person_name(pd_app, world.person_id) == CANARY_NAME


def test_a_failing_plugin_is_reported_and_nothing_erased(make_app):
    failing = Holder(fail=True)
    app = make_app(plugins={"holder": failing})
    world = make_world(app, failing)
    client = app.test_client()
    sign_in(app, client, world.organiser_id)
    response = client.post(f"/people/{world.person_id}/erase", data={"reason": "asked"})
    assert response.status_code == 422
    assert "Nothing was erased" in response.get_data(as_text=True)
    assert person_name(app, world.person_id) == CANARY_NAME


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Type ERASE to confirm"),
        ({"confirm": "erase", "password": PASSWORD}, "Type the word ERASE in capital letters"),
        ({"confirm": "ERASE"}, "Enter your password"),
        ({"confirm": "ERASE", "password": "not my password"}, "The password is not right"),
    ],
)
def test_the_erase_form_says_what_is_wrong(pd_app, holder, data, message):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, world.user_id)
    response = client.post("/account/erase", data=data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and "<title>Error: " in text
    assert person_name(pd_app, world.person_id) == CANARY_NAME


def test_a_person_erases_their_data_and_is_signed_out(pd_app, holder):
    world = make_world(pd_app, holder)
    client = pd_app.test_client()
    sign_in(pd_app, client, world.user_id)
    page = client.get("/account/erase").get_data(as_text=True)
    assert "What erasing does" in page and "cannot be undone" in page
    response = client.post("/account/erase", data={"confirm": "ERASE", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/data").status_code == 302  # signed out
    assert find_everywhere(pd_app) == ADDRESS_ONLY
    assert holder.erased == [(world.person_id, ERASED_NAME, world.user_id)]
    with pd_app.app_context():
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "person.erased")
        )
        assert event.actor_id == world.user_id


def test_a_chair_cannot_erase_themselves(pd_app, holder):
    world = make_world(pd_app, holder)
    with pd_app.app_context():
        db_session().add(
            DialogueChair(dialogue_id=world.dialogue_ids[0], person_id=world.person_id)
        )
        db_session().commit()
    client = pd_app.test_client()
    sign_in(pd_app, client, world.user_id)
    assert "public office" in client.get("/account/erase").get_data(as_text=True)
    response = client.post("/account/erase", data={"confirm": "ERASE", "password": PASSWORD})
    assert response.status_code == 422 and "public office" in response.get_data(as_text=True)
    assert person_name(pd_app, world.person_id) == CANARY_NAME


def test_erase_forms_need_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    world = make_world(app)
    client = app.test_client()
    with app.app_context():
        user = db_session().get(User, world.organiser_id)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    signed_in = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    assert client.get(f"/people/{world.person_id}/erase").status_code == 200
    response = client.post(f"/people/{world.person_id}/erase", data={"reason": "asked"})
    assert response.status_code == 400
    response = client.post("/account/erase", data={"confirm": "ERASE", "password": PASSWORD})
    assert response.status_code == 400
    assert person_name(app, world.person_id) == CANARY_NAME


VICTIM_EMAIL = "victim@example.org"
VICTIM_LINK = "https://parley.example.org/invitations/secret-token-of-the-victim"


def _victim(app) -> int:
    """A person in the registry, with no account, invited by the organisers: an invitation
    and its e-mail to them, and one to their address for their organisation."""
    with app.app_context():
        session = db_session()
        dialogue = factories.dialogue()
        org = factories.organisation(name="Victim's Organisation")
        victim = factories.person(name="Daw Victim", email=VICTIM_EMAIL, organisation=org)
        session.add_all(
            [
                Invitation(
                    dialogue_id=dialogue.id,
                    category=Category.CSO,
                    person_id=victim.id,
                    email=VICTIM_EMAIL,
                    state=InvitationState.SENT,
                ),
                Invitation(
                    dialogue_id=dialogue.id,
                    category=Category.CSO,
                    organisation_id=org.id,
                    email=VICTIM_EMAIL,
                    state=InvitationState.SENT,
                ),
                OutboxMessage(
                    kind="invitation",
                    to_address=VICTIM_EMAIL,
                    subject="You are invited",
                    body=f"Dear Daw Victim, answer here: {VICTIM_LINK}",
                    person_id=victim.id,
                    dialogue_id=dialogue.id,
                ),
                OutboxMessage(
                    kind="invitation",
                    to_address=VICTIM_EMAIL.upper(),
                    subject="Your organisation is invited",
                    body=f"Answer here: {VICTIM_LINK}/org",
                    dialogue_id=dialogue.id,
                ),
            ]
        )
        session.commit()
        return victim.id


def _victims_records(app) -> list[tuple]:
    with app.app_context():
        session = db_session()
        invitations = session.execute(
            sa.select(
                Invitation.id, Invitation.email, Invitation.state, Invitation.person_id
            ).order_by(Invitation.id)
        ).all()
        messages = session.execute(
            sa.select(
                OutboxMessage.id,
                OutboxMessage.to_address,
                OutboxMessage.body,
                OutboxMessage.person_id,
            ).order_by(OutboxMessage.id)
        ).all()
        return [*invitations, *messages]


def _stranger_signs_up(app, client, *, registers_self: bool) -> int:
    """Someone opens an account with the victim's address, signs in (an unconfirmed account
    may), and perhaps registers themselves, which makes a person with that address."""
    response = client.post(
        "/signup",
        data={
            "name": "A Stranger",
            "email": VICTIM_EMAIL,
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    signed_in = client.post("/login", data={"email": VICTIM_EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    with app.app_context():
        user = db_session().scalar(sa.select(User).where(User.email == VICTIM_EMAIL))
        if registers_self:  # as /dialogues/<slug>/register/self does
            factories.person(name=user.name, email=user.email, user_id=user.id)
            db_session().commit()
        return user.id


@pytest.mark.parametrize("registers_self", [False, True])
def test_an_account_at_someone_elses_address_gets_none_of_their_e_mails(pd_app, registers_self):
    _victim(pd_app)
    client = pd_app.test_client()
    _stranger_signs_up(pd_app, client, registers_self=registers_self)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    document = json.loads(response.get_data(as_text=True))
    assert document["account"]["email"] == VICTIM_EMAIL  # their own account, nothing else
    assert document["invitations"] == [] and document["messages"] == []
    text = response.get_data(as_text=True)
    for secret in (VICTIM_LINK, "Daw Victim", "You are invited", "Your organisation is invited"):
        assert secret not in text
    page = client.get("/account/data").get_data(as_text=True)
    assert "Daw Victim" not in page


@pytest.mark.parametrize("registers_self", [False, True])
def test_erasing_an_account_at_someone_elses_address_leaves_their_e_mails(pd_app, registers_self):
    victim_id = _victim(pd_app)
    client = pd_app.test_client()
    stranger_id = _stranger_signs_up(pd_app, client, registers_self=registers_self)
    # taken after the sign-up, whose confirmation link went to the victim's address too
    before = _victims_records(pd_app)
    response = client.post("/account/erase", data={"confirm": "ERASE", "password": PASSWORD})
    assert response.status_code == 302
    assert _victims_records(pd_app) == before
    with pd_app.app_context():
        session = db_session()
        assert session.get(User, stranger_id).email == f"erased-{stranger_id}@invalid"
        assert session.get(Person, victim_id).email == VICTIM_EMAIL
        event = session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action.in_(["person.erased", "user.erased"]))
        )
        assert (event.details["invitations_blanked"], event.details["messages_deleted"]) == (0, 0)

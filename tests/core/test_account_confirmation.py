"""An account whose address is not confirmed signs in, but registers nobody, answers no
organisation's invitation, is made nobody's focal point and sees nothing only participants see;
once confirmed, it does all of these."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    DialogueCategory,
    FocalPoint,
    Organisation,
    RegistrationMode,
    Role,
    User,
    Visibility,
)
from core.visibility import Standing, Viewer
from tests import factories
from tests.authorisation import fingerprint
from tests.core.account_support import link, mails, make_user, sign_in, sign_up, user

ADDRESS = "focal@cso.example.org"
CONFIRM_FIRST = "Confirm your e-mail address first"


@pytest.fixture
def world(app):
    """Dialogue ``d`` open to focal points (CSO) and to anyone (observers), an organisation
    invitation to ``ADDRESS``, and the unconfirmed account at ``ADDRESS``, a focal point."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d", title="7th ASEAN Human Rights Dialogue")
        for category, mode in (
            (Category.CSO, RegistrationMode.FOCAL_POINTS),
            (Category.OBSERVER, RegistrationMode.OPEN),
        ):
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id, category=category, capacity=5, registration=mode
                )
            )
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        account = factories.user(email=ADDRESS)
        account.email_verified_at = None
        organisation = factories.organisation(name="Karen Women's Organisation")
        db_session().add(FocalPoint(user_id=account.id, organisation_id=organisation.id))
        db_session().commit()
        ids = {
            "organisation": organisation.id,
            "observer": db_session().scalar(
                sa.select(DialogueCategory.id).where(DialogueCategory.category == Category.OBSERVER)
            ),
            "cso": db_session().scalar(
                sa.select(DialogueCategory.id).where(DialogueCategory.category == Category.CSO)
            ),
        }
    organisers = app.test_client()
    factories.login(organisers, organiser)
    invited = organisers.post(
        "/dialogues/d/invitations/organisation",
        data={
            "org-organisation": "Shan Human Rights Foundation",
            "org-email": ADDRESS,
            "org-category": "cso",
        },
    )
    assert invited.status_code == 302
    with app.app_context():
        body = mails(app, "invitation", ADDRESS)[-1].body
    ids["invitation"] = re.search(r"http://localhost(/invitations/[^\s?]+)", body).group(1)
    client = app.test_client()
    assert sign_in(client, ADDRESS).status_code == 302  # an unconfirmed account signs in
    return client, ids


def requests(ids: dict) -> dict[str, tuple[str, str, dict]]:
    delegation = f"/dialogues/d/delegations/{ids['organisation']}"
    return {
        "see the registration page": ("GET", "/dialogues/d/register", {}),
        "register an organisation": ("POST", "/dialogues/d/register", {"name": "New CSO"}),
        "register oneself": (
            "POST",
            "/dialogues/d/register/self",
            {"self-category_id": ids["observer"], "self-visibility": "participants"},
        ),
        "see a delegation": ("GET", delegation, {}),
        "register a representative": (
            "POST",
            delegation,
            {
                "name": "Naw Htoo Paw",
                "email": "htoo@example.org",
                "visibility": "anonymous",
                "category_id": ids["cso"],
            },
        ),
        "accept an organisation's invitation": ("POST", ids["invitation"], {"answer": "accept"}),
    }


ACTIONS = list(requests({"organisation": 0, "observer": 0, "cso": 0, "invitation": ""}))


def confirm(app, client) -> None:
    assert client.post("/verify-email/resend").status_code == 302
    assert client.get(link(app, "account_verify", ADDRESS)).status_code == 302
    assert user(app, ADDRESS).is_verified


@pytest.mark.parametrize("action", ACTIONS)
def test_an_unconfirmed_account_is_sent_to_confirm_first(app, world, action):
    client, ids = world
    method, path, data = requests(ids)[action]
    before = fingerprint(app)
    response = client.open(path, method=method, data=data)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert CONFIRM_FIRST in page and "Send the link again" in page and ADDRESS in page
    assert fingerprint(app) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_confirmed_account_goes_ahead(app, world, action):
    client, ids = world
    confirm(app, client)
    method, path, data = requests(ids)[action]
    response = client.open(path, method=method, data=data)
    assert response.status_code in (200, 302), response.get_data(as_text=True)
    assert CONFIRM_FIRST not in response.get_data(as_text=True)


def test_the_button_sends_the_link_again_and_it_leads_back(app, world):
    client, _ids = world
    refused = client.get("/dialogues/d/register").get_data(as_text=True)
    action = re.search(r'action="(/verify-email/resend[^"]*)"', refused).group(1)
    sent = client.post(action.replace("&amp;", "&"))
    assert sent.status_code == 302 and sent.location == "/account"
    assert "We sent a new link to" in client.get("/account").get_data(as_text=True)
    followed = client.get(link(app, "account_verify", ADDRESS))
    assert followed.location == "/dialogues/d/register"
    assert client.get("/dialogues/d/register").status_code == 200


def test_sending_the_link_again_is_rate_limited(make_app):
    app = make_app(RESEND_VERIFICATION_RATE_LIMIT="2 per hour")
    client = app.test_client()
    sign_up(client, ADDRESS)
    sign_in(client, ADDRESS)
    codes = [client.post("/verify-email/resend").status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_asking_for_the_link_signed_out_answers_the_same_for_any_address(app, client):
    make_user(app, "confirmed@example.org")
    sign_up(client, ADDRESS)
    before = len(mails(app, "account_verify", ADDRESS))
    pages = {}
    for address in (ADDRESS, "confirmed@example.org", "nobody@example.org"):
        response = client.post("/verify-email/resend", data={"email": address})
        assert response.status_code == 200
        pages[address] = response.get_data(as_text=True).replace(address, "ADDRESS")
    assert len(set(pages.values())) == 1
    assert len(mails(app, "account_verify", ADDRESS)) == before + 1
    assert mails(app, "account_verify", "confirmed@example.org") == []


def test_an_unconfirmed_account_stands_as_a_visitor_until_confirmed(app, world):
    client, _ids = world
    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        account = db_session().scalar(sa.select(User).where(User.email == ADDRESS))
        own = factories.person(name="Naw Own", user_id=account.id)
        factories.participation(dialogue, own, visibility=Visibility.PARTICIPANTS)
        factories.participation(
            dialogue,
            factories.person(name="Daw Participants Only"),
            visibility=Visibility.PARTICIPANTS,
        )
        db_session().commit()
        viewer = Viewer.for_dialogue(account, dialogue)
        assert viewer.standing is Standing.VISITOR
        assert viewer.person_id is None and viewer.focal_organisation_ids == frozenset()
    page = client.get("/dialogues/d/participants").get_data(as_text=True)
    assert "Daw Participants Only" not in page
    confirm(app, client)
    with app.app_context():
        account = db_session().scalar(sa.select(User).where(User.email == ADDRESS))
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        assert Viewer.for_dialogue(account, dialogue).standing is Standing.PARTICIPANT
    assert "Daw Participants Only" in client.get("/dialogues/d/participants").get_data(as_text=True)


def test_an_unconfirmed_account_is_not_made_a_focal_point(app):
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        factories.user(email=ADDRESS).email_verified_at = None
        organisation = factories.organisation()
        db_session().commit()
        organisation_id = organisation.id
    client = app.test_client()
    factories.login(client, organiser)
    response = client.post(
        f"/organisations/{organisation_id}/focal-points", data={"email": ADDRESS}
    )
    assert response.status_code == 302
    assert "has not confirmed its e-mail address" in client.get(response.location).get_data(
        as_text=True
    )
    with app.app_context():
        assert db_session().scalars(sa.select(FocalPoint)).all() == []
        assert db_session().get(Organisation, organisation_id) is not None

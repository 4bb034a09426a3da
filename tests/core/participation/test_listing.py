"""The participant list and CSV: each viewer sees what the visibility function allows."""

from __future__ import annotations

import csv
import io

import pytest

from core.db import db_session
from core.models import ParticipationStatus, Role, Visibility
from tests import factories


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        org = factories.organisation(name="Open Org")
        for name, visibility in [
            ("Public Person", Visibility.PUBLIC),
            ("Members Person", Visibility.PARTICIPANTS),
            ("Hidden Person", Visibility.ANONYMOUS),
        ]:
            factories.participation(
                dialogue, factories.person(name=name, organisation=org), visibility=visibility
            )
        factories.participation(
            dialogue, factories.person(name="Pending Person"), status=ParticipationStatus.REGISTERED
        )
        participant = factories.user()
        factories.participation(
            dialogue,
            factories.person(name="Logged Participant", user_id=participant.id),
            visibility=Visibility.ORGANISERS,
        )
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
        return {"participant": participant, "organiser": organiser}


def page(client) -> str:
    return client.get("/dialogues/d/participants").get_data(as_text=True)


def test_a_visitor_sees_public_names_and_counts_the_rest(client, world):
    html = page(client)
    assert "Public Person" in html
    for hidden in ("Members Person", "Hidden Person", "Logged Participant", "Pending Person"):
        assert hidden not in html
    assert "3 more participants take part without being named here" in html


def test_a_participant_also_sees_participants_only_names_and_themselves(client, world):
    factories.login(client, world["participant"])
    html = page(client)
    assert "Members Person" in html and "Logged Participant" in html
    assert "Hidden Person" not in html and "Pending Person" not in html


def test_organisers_see_every_registration_with_emails_in_the_csv(client, world):
    factories.login(client, world["organiser"])
    html = page(client)
    assert "Hidden Person" in html and "Pending Person" in html
    response = client.get("/dialogues/d/participants.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["name"] for r in rows} >= {"Pending Person"}
    assert "email" in rows[0] and "visibility" in rows[0]
    # the anonymous are left out of a file unless the organiser includes them, with a reason
    assert "Hidden Person" not in {r["name"] for r in rows}
    response = client.post(
        "/dialogues/d/participants.csv",
        data={"include_unnamed": "y", "reason": "Door list for the venue"},
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["name"] for r in rows} >= {"Hidden Person", "Pending Person"}


def test_the_visitors_csv_names_what_the_page_names(client, world):
    rows = list(
        csv.reader(io.StringIO(client.get("/dialogues/d/participants.csv").get_data(as_text=True)))
    )
    assert rows[0] == ["name", "organisation", "category", "status"]
    assert rows[1][0] == "Public Person"
    assert rows[2][0] == "3 not named at their request"
    assert len(rows) == 3


def test_csv_cells_cannot_become_formulas(app, client, world):
    with app.app_context():
        from core.models import Dialogue

        dialogue = db_session().query(Dialogue).filter_by(slug="d").one()
        factories.participation(dialogue, factories.person(name='=HYPERLINK("http://x")'))
        db_session().commit()
    body = client.get("/dialogues/d/participants.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body

"""Marked exports: the organiser's participant list shows how visible each person chose to be,
and the CSV leaves out those who asked not to be named (organisers only, anonymous) unless the
organiser includes them, with a reason, which is audited."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Role, Visibility
from tests import factories

PEOPLE = [
    ("Public Person", Visibility.PUBLIC, "public@example.org"),
    ("Members Person", Visibility.PARTICIPANTS, "members@example.org"),
    ("Organisers Person", Visibility.ORGANISERS, "organisers@example.org"),
    ("Hidden Person", Visibility.ANONYMOUS, "hidden@example.org"),
    ("=Formula Hidden", Visibility.ANONYMOUS, "formula@example.org"),
]
LEFT_OUT = {"Organisers Person", "Hidden Person", "'=Formula Hidden"}


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        org = factories.organisation(name="Open Org")
        for name, visibility, email in PEOPLE:
            factories.participation(
                dialogue,
                factories.person(name=name, organisation=org, email=email),
                visibility=visibility,
            )
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        focal = factories.user()
        from core.models import FocalPoint

        db_session().add(FocalPoint(user_id=focal.id, organisation_id=org.id))
        participant = factories.user()
        factories.participation(
            dialogue,
            factories.person(name="Signed Participant", user_id=participant.id),
            visibility=Visibility.PUBLIC,
        )
        db_session().commit()
        return {
            "organiser": organiser,
            "focal": focal,
            "participant": participant,
            "dialogue_id": dialogue.id,
        }


def signed_in(app, user):
    client = app.test_client()
    factories.login(client, user)
    return client


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def audit(app) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db_session().scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "participants.exported_unnamed")
            )
        )


def test_the_organisers_list_marks_each_persons_visibility_in_words(app, world):
    html = (
        signed_in(app, world["organiser"]).get("/dialogues/d/participants").get_data(as_text=True)
    )
    assert '<th scope="col">Visibility</th>' in html
    for name, words in [
        ("Public Person", "Public"),
        ("Members Person", "Participants only"),
        ("Organisers Person", "Organisers only"),
        ("Hidden Person", "Anonymous"),
    ]:
        row = next(r for r in html.split("<tr>") if name in r)
        assert f">{words}<" in row, row
    assert "The CSV leaves out 3 people who asked not to be named" in html


def test_the_default_csv_marks_visibility_and_leaves_out_who_asked_not_to_be_named(app, world):
    client = signed_in(app, world["organiser"])
    for response in (
        client.get("/dialogues/d/participants.csv"),
        client.post("/dialogues/d/participants.csv", data={}),
    ):
        table = rows(response)
        header, body = table[0], table[1:]
        assert header == ["name", "organisation", "category", "status", "visibility", "email"]
        listed = {r[0]: r for r in body if len(r) > 1 and r[1]}
        assert set(listed) == {"Public Person", "Members Person"}
        assert listed["Members Person"][4] == "participants"
        assert "hidden@example.org" not in response.get_data(as_text=True)
        assert "organisers@example.org" not in response.get_data(as_text=True)
        assert body[-1][0] == (
            "3 people left out of this file: they asked not to be named "
            "(organisers only or anonymous)"
        )
    assert audit(app) == []


def test_including_them_takes_a_reason_and_is_audited_without_personal_data(app, world):
    client = signed_in(app, world["organiser"])
    response = client.post(
        "/dialogues/d/participants.csv",
        data={"include_unnamed": "y", "reason": "Security desk list for the venue"},
    )
    table = rows(response)
    names = {r[0] for r in table[1:]}
    assert names >= LEFT_OUT  # and the formula is still neutralised
    assert "hidden@example.org" in response.get_data(as_text=True)
    hidden = next(r for r in table if r[0] == "Hidden Person")
    assert hidden[4] == "anonymous"
    assert not any("left out" in r[0] for r in table)
    [event] = audit(app)
    assert event.reason == "Security desk list for the venue"
    assert event.details == {"count": 3}
    assert event.dialogue_id == world["dialogue_id"]
    assert event.actor_id == world["organiser"].id


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_including_them_without_a_proper_reason_is_refused_and_nothing_is_audited(
    app, world, reason
):
    client = signed_in(app, world["organiser"])
    response = client.post(
        "/dialogues/d/participants.csv", data={"include_unnamed": "y", "reason": reason}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "There is a problem" in html
    assert 'id="reason-error"' in html
    [box] = re.findall(r'<input[^>]*name="include_unnamed"[^>]*>', html)
    assert "checked" in box  # nothing ticked is lost
    assert audit(app) == []


@pytest.mark.parametrize("who", ["visitor", "focal", "participant"])
def test_only_the_dialogues_organisers_may_include_them(app, world, who):
    client = app.test_client()
    if who != "visitor":
        factories.login(client, world[who])
    response = client.post(
        "/dialogues/d/participants.csv", data={"include_unnamed": "y", "reason": "Because"}
    )
    assert response.status_code in (302, 401, 403)
    assert audit(app) == []


def test_a_focal_points_csv_leaves_out_their_own_anonymous_representatives(app, world):
    """The focal point sees their organisation's people named on the page; a file is passed
    on, so it leaves out those who asked not to be named, as the organisers' does."""
    client = signed_in(app, world["focal"])
    page = client.get("/dialogues/d/participants").get_data(as_text=True)
    assert "Hidden Person" in page
    table = rows(client.get("/dialogues/d/participants.csv"))
    names = {r[0] for r in table}
    assert "Hidden Person" not in names and "Organisers Person" not in names
    assert "Public Person" in names
    assert table[-1][0].startswith("3 people left out of this file")


def test_the_page_offers_the_organiser_the_choice(app, world):
    html = (
        signed_in(app, world["organiser"]).get("/dialogues/d/participants").get_data(as_text=True)
    )
    assert 'name="include_unnamed"' in html
    assert "Include people who asked not to be named" in html
    assert 'name="reason"' in html
    visitor = app.test_client().get("/dialogues/d/participants").get_data(as_text=True)
    assert 'name="include_unnamed"' not in visitor


# every route serving a CSV or JSON file, and where the rule "a file names nobody who asked not
# to be named, unless an organiser includes them with a reason" is proven for it
FILES_REVIEWED = {
    "participants.csv_export": "this module",
    "participants.csv_export_chosen": "this module",
    "personal_data.account_json": "exempt: one person's own data, for that person",
    "personal_data.person_json": "exempt: one person's data, for an organiser of every dialogue",
    "vetting.template": "this module: a blank non-engagement list, it names no participant",
    "audit_log.export": "exempt: the audit log of dialogues whose organisers read every name "
    "anyway, for them and administrators only (tests/core/test_audit_log_page.py)",
    "minutes.export_json": "tests/plugins/minutes/test_registry_scope.py",
    "minutes.series_scorecard_csv": "tests/plugins/minutes/test_registry_scope.py",
    "minutes.series_scorecard_json": "tests/plugins/minutes/test_registry_scope.py",
}


def test_every_csv_or_json_route_is_reviewed(app):
    files = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.endswith((".csv", ".json"))
    }
    assert files == set(FILES_REVIEWED), "review the new file route against the rule above"


def test_the_vetting_list_template_names_no_participant(app, world):
    response = signed_in(app, world["organiser"]).get("/vetting/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    for name, _visibility, email in PEOPLE:
        assert name not in body and email not in body

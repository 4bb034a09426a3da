"""A confirmed match suspends the subject's accreditations at once: badge revoked, place kept,
organisers e-mailed, audited; an organiser may reject it, an agreed override reinstates it.
Badge pages and the sheet show no badge for a holder the screening stops."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    DialogueStatus,
    OutboxMessage,
    Participation,
    ParticipationStatus,
    Role,
)
from core.participation.badges import badge_token
from plugins.vetting.models import VettingFinding
from plugins.vetting.review import decide
from tests import factories
from tests.core.test_dialogues import count_queries

from .world import accredited, list_kept_after_accreditation, open_category

S = ParticipationStatus


def finding_about(kind: str) -> VettingFinding:
    return db_session().scalar(sa.select(VettingFinding).where(VettingFinding.subject_kind == kind))


def statuses() -> dict[int, ParticipationStatus]:
    rows = db_session().execute(sa.select(Participation.id, Participation.status))
    return dict(rows.all())


@pytest.fixture
def minister(ctx):
    """The listed minister, accredited in two open dialogues (checked in at one) and in a
    closed one, before the list came; a bystander; each dialogue's organiser, and two
    reviewers who organise every dialogue."""
    here, there = factories.dialogue(slug="d"), factories.dialogue(slug="e")
    past = factories.dialogue(slug="past", status=DialogueStatus.CLOSED)
    bystander = accredited(here, 3, name="Kanya Srisuk")
    minister = factories.person(name="Thet Thet Khine", email="ttk@example.org")
    held = [factories.participation(d, minister) for d in (here, there, past)]
    for number, participation in zip((4, 1, 9), held, strict=True):
        participation.badge_number = number
    held[1].status = S.ATTENDED
    world = {
        "here": here,
        "there": there,
        "organisers": [factories.user(Role.ORGANISER, dialogue=d) for d in (here, there)],
        "first": factories.user(Role.ORGANISER),
        "second": factories.user(Role.ORGANISER),
        "ids": [p.id for p in held],
        "tokens": [badge_token(p) for p in held],
        "bystander": bystander.id,
    }
    db_session().commit()
    list_kept_after_accreditation()
    return world


def test_a_confirmed_match_suspends_every_open_accreditation_at_once(minister):
    here, there, past = minister["ids"]
    finding = finding_about("person")
    decide(finding, "confirm", "Same birth date as the listed minister", minister["first"])
    db_session().expire_all()
    now = statuses()
    assert (now[here], now[there], now[past]) == (S.SUSPENDED, S.SUSPENDED, S.ACCREDITED)
    assert now[minister["bystander"]] == S.ACCREDITED
    suspended = db_session().get(Participation, here)
    assert suspended.badge_number == 4  # the place and the number are kept
    assert badge_token(suspended) != minister["tokens"][0]  # the old badge is revoked
    assert "Minister" not in suspended.reason and "KHINE" not in suspended.reason
    events = db_session().scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "participation.suspended")
    )
    assert {(e.object_id, e.details["old"], e.details["reason_code"]) for e in events} == {
        (here, "accredited", f"vetting-finding-{finding.id}"),
        (there, "attended", f"vetting-finding-{finding.id}"),
    }


def test_the_organisers_of_each_dialogue_are_emailed_without_the_entry(minister):
    decide(finding_about("person"), "confirm", "Same birth date", minister["first"])
    messages = db_session().scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "accreditation_suspended")
    )
    to: dict[int, set[str]] = {}
    bodies = {}
    for message in messages:
        to.setdefault(message.dialogue_id, set()).add(message.to_address)
        bodies[message.dialogue_id] = message.body
    everywhere = {minister["first"].email, minister["second"].email}
    here, there = minister["organisers"]
    assert to == {
        minister["here"].id: {here.email, *everywhere},
        minister["there"].id: {there.email, *everywhere},
    }
    body = bodies[minister["here"].id]
    assert "(badge 4)" in body and "suspended" in body
    for secret in ("Thet", "KHINE", "Junta", "Same birth date", "ttk@example.org"):
        assert secret not in body, secret


def test_an_organisation_confirmed_suspends_everyone_accredited_with_it(ctx):
    dialogue = factories.dialogue(slug="d")
    reviewer = factories.user(Role.ORGANISER)
    company = factories.organisation(name="Myanmar Economic Corporation Limited")
    staff = [accredited(dialogue, n, organisation=company).id for n in (1, 2)]
    other = accredited(dialogue, 3).id
    db_session().commit()
    list_kept_after_accreditation()
    decide(finding_about("organisation"), "confirm", "The listed company itself", reviewer)
    db_session().expire_all()
    now = statuses()
    assert [now[i] for i in staff] == [S.SUSPENDED, S.SUSPENDED] and now[other] == S.ACCREDITED


def test_an_organiser_may_reject_a_suspension_and_the_waitlist_moves_up(app, minister):
    here = minister["ids"][0]
    category = open_category(minister["here"])
    category.capacity = 2  # the bystander and the minister hold both places
    waiting = factories.participation(minister["here"], status=S.WAITLISTED).id
    db_session().commit()
    decide(finding_about("person"), "confirm", "Same birth date", minister["first"])
    db_session().expire_all()
    assert statuses()[waiting] == S.WAITLISTED  # a suspension keeps the place
    client = app.test_client()
    factories.login(client, minister["organisers"][0])
    page = client.get("/dialogues/d/review/?status=suspended").get_data(as_text=True)
    assert "Suspended: a screening match was confirmed — see the Screening tab" in page
    accredit = client.post("/dialogues/d/review/", data={"ids": [here], "decision": "accredit"})
    page = client.get(accredit.location).get_data(as_text=True)
    assert "suspended because a screening match was confirmed" in page
    db_session().expire_all()
    assert statuses()[here] == S.SUSPENDED
    client.post(
        "/dialogues/d/review/",
        data={"ids": [here], "decision": "reject", "reason": "Not engaged: listed"},
    )
    db_session().expire_all()
    assert (statuses()[here], statuses()[waiting]) == (S.REJECTED, S.REGISTERED)


def test_an_agreed_override_reinstates_with_the_same_number_and_a_new_token(minister):
    here, there, _past = minister["ids"]
    finding = finding_about("person")
    first, second = minister["first"], minister["second"]
    decide(finding, "confirm", "Same birth date", first)
    decide(finding, "request_override", "Invited by the host as head of delegation", first)
    assert statuses()[here] == S.SUSPENDED  # an override asked is not an override agreed
    suspended_token = badge_token(db_session().get(Participation, here))
    decide(finding, "approve_override", "Agreed by the co-chairs in writing", second)
    db_session().expire_all()
    back = db_session().get(Participation, here)
    assert (statuses()[here], statuses()[there]) == (S.ACCREDITED, S.ACCREDITED)
    assert back.badge_number == 4
    assert badge_token(back) not in (minister["tokens"][0], suspended_token)
    assert "allowed by an override" in back.findings[0]["message"]  # the gate was asked
    reinstated = db_session().scalars(
        sa.select(AuditEvent.object_id).where(AuditEvent.action == "participation.reinstated")
    )
    assert sorted(reinstated) == [here, there]


def test_an_override_does_not_reinstate_while_another_match_stands(minister):
    here = minister["ids"][0]
    first, second = minister["first"], minister["second"]
    finding = finding_about("person")
    decide(finding, "confirm", "Same birth date", first)
    company = factories.organisation(name="Myanmar Economic Corporation Limited")
    db_session().get(Participation, here).organisation_id = company.id
    db_session().commit()
    list_kept_after_accreditation()  # finds the company: an alert not yet reviewed
    decide(finding, "request_override", "Head of delegation", first)
    decide(finding, "approve_override", "Agreed", second)
    db_session().expire_all()
    assert statuses()[here] == S.SUSPENDED
    stop = db_session().scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "participation.gate_blocked", AuditEvent.object_id == here
        )
    )
    assert stop.details["step"] == "accredit"


def badges_page(app, user, url: str) -> str:
    client = app.test_client()
    factories.login(client, user)
    return client.get(url).get_data(as_text=True)


def test_no_badge_is_shown_for_a_holder_the_screening_stops(app, minister):
    organiser = minister["organisers"][0]
    here = minister["ids"][0]
    # an alert found after accreditation: not yet reviewed, the badge is withheld already
    sheet = badges_page(app, organiser, "/dialogues/d/badges/")
    assert sheet.count("<svg") == 1 and "No. 3" in sheet and "No. 4" not in sheet
    assert "1 badge is withheld" in sheet
    own = badges_page(app, organiser, f"/dialogues/d/badges/{here}")
    assert "<svg" not in own and "This badge is withheld" in own
    with app.app_context():
        decide(
            db_session().get(VettingFinding, finding_about("person").id),
            "confirm",
            "Same",
            minister["first"],
        )
    own = badges_page(app, organiser, f"/dialogues/d/badges/{here}")
    assert "<svg" not in own and "This badge is withheld" in own
    assert minister["tokens"][0] not in own


def test_the_sheet_asks_the_plugins_once_however_many_badges(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        company = factories.organisation(name="Myanmar Economic Corporation Limited")
        accredited(dialogue, 1, name="Thet Thet Khine")
        accredited(dialogue, 2, organisation=company)
        for n in range(3, 6):
            accredited(dialogue, n)
        db_session().commit()
        list_kept_after_accreditation()
        dialogue_id = dialogue.id
    client = app.test_client()
    factories.login(client, organiser)
    few = count_queries(app, "/dialogues/d/badges/", client)
    with app.app_context():
        dialogue = db_session().get(factories.Dialogue, dialogue_id)
        for n in range(6, 51):
            accredited(dialogue, n)
        db_session().commit()
    many = count_queries(app, "/dialogues/d/badges/", client)
    assert many == few
    page = client.get("/dialogues/d/badges/").get_data(as_text=True)
    assert page.count("<svg") == 48 and "2 badges are withheld" in page

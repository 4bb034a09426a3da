"""A person's data export: every section, the plugins' part, nothing about anyone else."""

from __future__ import annotations

import json

from core.db import db_session
from core.models import Person, User
from core.personal_data.export import FORMAT, VERSION, export_account, export_person, to_json
from tests import factories
from tests.core.personal_data.conftest import CANARY_EMAIL, CANARY_NAME, CANARY_REASON, make_world

SECTIONS = {
    "format",
    "version",
    "exported_at",
    "person",
    "account",
    "participations",
    "check_ins",
    "changes",
    "invitations",
    "focal_point_for",
    "messages",
    "audit",
    "plugins",
}


def test_export_holds_every_section_and_the_plugins_part(pd_app, holder):
    world = make_world(pd_app, holder)
    with pd_app.app_context():
        document = export_person(db_session().get(Person, world.person_id))
        text = to_json(document)
    assert set(document) == SECTIONS
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    assert document["person"]["name"] == CANARY_NAME
    assert document["person"]["email"] == CANARY_EMAIL
    assert document["person"]["organisation"] == "Burma Human Rights Network (BHRN)"
    account = document["account"]
    assert account["email"] == CANARY_EMAIL and account["roles"] == []
    assert "password" not in text and "scrypt" not in text
    titles = [p["dialogue"]["title"] for p in document["participations"]]
    assert titles == ["5th EU-ASEAN Policy Dialogue", "7th ASEAN Human Rights Dialogue"]
    first = document["participations"][0]
    assert first["dialogue"]["slug"] == "5th-eu-asean"
    assert (first["category"], first["status"], first["visibility"]) == (
        "cso",
        "accredited",
        "public",
    )
    assert (first["reason"], first["reason_code"], first["badge_number"]) == (
        CANARY_REASON,
        "travel",
        7,
    )
    (check_in,) = document["check_ins"]
    assert (check_in["dialogue"]["slug"], check_in["point"], check_in["day"]) == (
        "5th-eu-asean",
        "day:2030-11-17",
        "2030-11-17",
    )
    # the invitation to the person; not the one sent to their address for their organisation
    (invitation,) = document["invitations"]
    assert (invitation["state"], invitation["email"]) == ("accepted", CANARY_EMAIL)
    assert document["focal_point_for"][0]["organisation"].startswith("Burma Human Rights")
    subjects = sorted(m["subject"] for m in document["messages"])
    assert subjects == ["You are accredited"]
    sent = next(m for m in document["messages"] if m["subject"] == "You are accredited")
    assert sent["status"] == "sent" and CANARY_NAME in sent["body"]
    actions = [e["action"] for e in document["audit"]]
    assert actions.count("participation.status_changed") == 2
    assert "person.created" in actions and "user.created" in actions
    changed = next(e for e in document["audit"] if e["action"] == "participation.status_changed")
    assert changed["reason"] == "accredited after review"
    assert changed["details"] == {"old": "registered", "new": "accredited"}
    assert document["plugins"] == {"holder": {"notes": [f"{CANARY_NAME} speaks on panel 2"]}}
    json.loads(text)


def test_export_leaves_out_screening_and_other_people(pd_app, holder):
    world = make_world(pd_app, holder)
    with pd_app.app_context():
        text = to_json(export_person(db_session().get(Person, world.person_id)))
    document = json.loads(text)
    blocked = next(e for e in document["audit"] if e["action"] == "participation.gate_blocked")
    assert blocked["reason"] is None
    assert "non-engagement" not in text and "resembles an entry" not in text
    assert "findings" not in text and "person_id" not in text
    for other in ("Anita", "other@example.org", "panel 3"):
        assert other not in text


def test_an_account_without_a_person_exports_the_account(pd_app):
    with pd_app.app_context():
        user = factories.user(email="alone@example.org")
        db_session().commit()
        document = export_account(db_session().get(User, user.id))
    assert document["person"] is None and document["participations"] == []
    assert document["account"]["email"] == "alone@example.org"
    assert document["plugins"] == {}

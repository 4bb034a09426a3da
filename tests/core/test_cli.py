"""The ``parley`` command line."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import Dialogue, Participation, Person, Role, User
from tests import factories


def test_users_create_admin(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Chair@Example.org",
            "--name",
            "Chair",
            "--password",
            "long enough pass",
            "--admin",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db_session().scalar(sa.select(User))
        assert user.email == "chair@example.org" and user.is_admin
        assert user.check_password("long enough pass")


def test_users_create_refuses_bad_input_clearly(app, runner):
    args = ["users", "create", "a@example.org", "--name", "A", "--password"]
    short = runner.invoke(args=[*args, "short"])
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    bad = runner.invoke(
        args=["users", "create", "not-an-email", "--name", "A", "--password", "long enough pass"]
    )
    assert bad.exit_code == 1 and "not a valid e-mail address" in bad.output
    assert runner.invoke(args=[*args, "long enough pass"]).exit_code == 0
    again = runner.invoke(args=[*args, "long enough pass"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_users_grant_for_one_dialogue(app, runner):
    with app.app_context():
        user = factories.user()
        dialogue = factories.dialogue(slug="7th-ahrd")
        db_session().commit()
    result = runner.invoke(
        args=["users", "grant", user.email, "organiser", "--dialogue", "7th-ahrd"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db_session().get(User, user.id)
        assert user.has_role(Role.ORGANISER, dialogue.id)
        assert not user.has_role(Role.ORGANISER, dialogue.id + 1)
    missing = runner.invoke(args=["users", "grant", user.email, "organiser", "--dialogue", "nope"])
    assert missing.exit_code == 1 and "No dialogue" in missing.output


def test_demo_is_idempotent_and_realistic(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "5 dialogues" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "0 dialogues" in second.output
    with app.app_context():
        session = db_session()
        assert session.scalar(sa.select(sa.func.count()).select_from(Dialogue)) == 5
        ahrd = session.scalar(sa.select(Dialogue).where(Dialogue.slug == "7th-ahrd-2025"))
        assert ahrd.timezone == "Asia/Jakarta"
        assert ahrd.local(ahrd.starts_at).strftime("%d %b %Y %H:%M") == "17 Nov 2025 09:00"
        assert [c.person.name for c in ahrd.chairs] == [
            "Anita Ashvini Wahid",
            "Edmund Bon Tai Soon",
            "Bhanubhatra Jittiang",
        ]
        forum = session.scalar(
            sa.select(Dialogue).where(Dialogue.slug == "3rd-eu-sea-cso-forum-2023")
        )
        assert forum.related_dialogue.slug == "5th-eu-asean-hrd-2023"
        people = session.scalar(sa.select(sa.func.count()).select_from(Person))
        participations = session.scalar(sa.select(sa.func.count()).select_from(Participation))
    page = app.test_client().get("/dialogues/7th-ahrd-2025").get_data(as_text=True)
    assert "Highland Women" not in page  # anonymous in the demo: counted, not named
    assert "not named here" in page
    third = runner.invoke(args=["demo"])
    assert third.exit_code == 0
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Person)) == people
        assert (
            db_session().scalar(sa.select(sa.func.count()).select_from(Participation))
            == participations
        )


def test_db_upgrade_reports_heads(app, runner):
    from core import migrate

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0 and "heads" in result.output
    heads = runner.invoke(args=["db", "heads"]).output.split()
    assert set(heads) == migrate.script_heads(app)
    assert {head.split("_")[0] for head in heads} >= {"sessions", "minutes"}
    assert runner.invoke(args=["db", "current"]).output.split() == heads


def test_demo_has_registrations_badges_waitlist_invitations_and_a_withdrawal(app, runner):
    from core.models import (
        FocalPoint,
        Invitation,
        InvitationState,
        ParticipationStatus,
        Visibility,
    )

    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        session = db_session()
        demo = session.scalar(sa.select(Dialogue).where(Dialogue.slug == "8th-ahrd-demo"))
        rows = session.scalars(
            sa.select(Participation).where(Participation.dialogue_id == demo.id)
        ).all()
        by_status = {}
        for row in rows:
            by_status.setdefault(row.status, []).append(row)
        assert all(p.badge_number for p in by_status[ParticipationStatus.ACCREDITED])
        assert len(by_status[ParticipationStatus.WAITLISTED]) == 1
        assert by_status[ParticipationStatus.WITHDRAWN][0].reason_code == "security"
        assert {Visibility.ANONYMOUS, Visibility.ORGANISERS} <= {p.visibility for p in rows}
        sent = sa.select(sa.func.count()).where(Invitation.state == InvitationState.SENT)
        assert session.scalar(sent) == 2
        assert session.scalar(sa.select(FocalPoint)) is not None
    client = app.test_client()
    client.post(
        "/login", data={"email": "organiser@parley.example", "password": "parley-demo-2025"}
    )
    for page in (
        "review/",
        "badges/",
        "invitations/",
        "withdrawals",
        "participants",
        "categories/",
    ):
        assert client.get(f"/dialogues/8th-ahrd-demo/{page}").status_code == 200, page
    public = app.test_client().get("/dialogues/8th-ahrd-demo/participants").get_data(as_text=True)
    assert "Thida Demo" not in public and "Anita Ashvini Wahid" in public

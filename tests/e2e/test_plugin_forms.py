"""The plugins' forms no other journey meets, each submitted as a user would: an organiser works
on a programme (edits and moves a session, releases, cancels and reinstates one, deletes one
never released); a participant makes and stops their personal calendar link; an administrator
keeps a non-engagement list by hand and by file and screens everyone again; a drafter records
the response to a published recommendation."""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.db import db_session
from core.models import Dialogue, Participation, ParticipationStatus, Person
from plugins.minutes.models import Recommendation
from plugins.vetting.lists.parley_csv import TEMPLATE
from tests.e2e.browser import expect

from .conftest import PASSWORD

PROGRAMME = "8th-ahrd-demo"
HELD = "7th-ahrd-2025"  # its programme was released, its outcome record published


def test_organiser_edits_releases_cancels_reinstates_and_deletes_sessions(ui):
    page = ui.page
    ui.sign_in("organiser@parley.example")
    for title, start, end in (
        ("Opening of the 8th dialogue", "2027-11-15T09:00", "2027-11-15T09:30"),
        ("A session added by mistake", "2027-11-15T11:00", "2027-11-15T12:00"),
    ):
        ui.goto(f"/dialogues/{PROGRAMME}/programme/sessions/new")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Kind").select_option(label="Opening")
        page.get_by_label("Starts").fill(start)
        page.get_by_label("Ends").fill(end)
        page.get_by_label("Room").fill("Main hall")
        ui.step("new session form")
        page.get_by_role("button", name=re.compile("Save|Add")).click()
        expect(page.get_by_text(title).first).to_be_visible()
        ui.step(f"session {title} added")

    # the mistaken one was never released: it can be deleted, after a confirmation
    page.get_by_role("link", name="Delete A session added by mistake").click()
    ui.step("delete confirmation")
    page.get_by_role("button", name="Delete the session").click()
    expect(page.get_by_role("status")).to_contain_text("was deleted")
    expect(page.get_by_role("row", name=re.compile("A session added by mistake"))).to_have_count(0)
    ui.step("session deleted")

    # the opening moves to half past nine
    page.get_by_role("link", name="Edit or move Opening of the 8th dialogue").click()
    ui.step("edit session")
    page.get_by_label("Starts").fill("2027-11-15T09:30")
    page.get_by_label("Ends").fill("2027-11-15T10:00")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_role("row", name=re.compile("Opening of the 8th dialogue"))).to_contain_text(
        "09:30"
    )
    ui.step("session moved")

    page.get_by_label("Version name").fill("First programme")
    page.get_by_role("button", name="Release this version").click()
    expect(page.get_by_role("status")).to_contain_text("“First programme” is released")
    ui.step("programme released")
    ui.goto(f"/dialogues/{PROGRAMME}/programme/manage")
    expect(page.get_by_text("No changes since the last release.")).to_be_visible()

    page.get_by_label("Why “Opening of the 8th dialogue” is cancelled").fill("Venue unavailable")
    page.get_by_role("button", name="Cancel Opening of the 8th dialogue").click()
    row = page.get_by_role("row", name=re.compile("Opening of the 8th dialogue"))
    expect(row).to_contain_text("Cancelled")
    ui.step("session cancelled")
    page.get_by_role("button", name="Reinstate Opening of the 8th dialogue").click()
    expect(row).not_to_contain_text("Cancelled")
    ui.step("session reinstated")
    ui.assert_accessible()


def give_account(app, email: str) -> None:
    """An account for a person who attended the held dialogue, so they have an agenda."""
    result = app.test_cli_runner().invoke(
        args=["users", "create", email, "--name", "Demo Participant", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        session = db_session()
        from core.models import User

        user = session.scalar(sa.select(User).where(User.email == email))
        person = session.scalar(
            sa.select(Person)
            .join(Participation, Participation.person_id == Person.id)
            .join(Dialogue, Dialogue.id == Participation.dialogue_id)
            .where(
                Dialogue.slug == HELD,
                Participation.status == ParticipationStatus.ATTENDED,
                Person.user_id.is_(None),
            )
            .order_by(Person.id)
            .limit(1)
        )
        person.user_id = user.id
        session.commit()


def test_participant_makes_and_stops_a_personal_calendar_link(ui, live_app):
    give_account(live_app, "participant@parley.example")
    page = ui.page
    ui.sign_in("participant@parley.example")
    ui.goto(f"/dialogues/{HELD}/programme")
    ui.step("programme with an agenda panel")
    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_label("Your link")
    expect(link).to_have_value(re.compile(r"\.ics$|/calendar/"))
    first = link.input_value()
    ui.step("personal link made")
    page.get_by_role("button", name="Get a new link (the old one stops working)").click()
    expect(page.get_by_label("Your link")).not_to_have_value(first)
    ui.step("personal link renewed")
    page.get_by_role("button", name="Stop the link").click()
    expect(page.get_by_role("button", name="Make my calendar link")).to_be_visible()
    ui.step("personal link stopped")
    ui.assert_accessible()


def test_administrator_keeps_a_list_by_hand_and_by_file(ui, tmp_path):
    page = ui.page
    ui.sign_in("admin@parley.example")
    ui.goto("/vetting/lists/")
    ui.step("non-engagement lists")
    page.get_by_label("Name of the list").fill("Organisers' own list (e2e)")
    page.get_by_label("Description").fill("People the organisers decided not to engage.")
    page.get_by_role("button", name="Create the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisers' own list (e2e)")
    ui.step("list created")

    for name in ("DOE, Example", "ROE, Example"):
        page.get_by_role("link", name="Add an entry by hand").click()
        ui.step("new entry form")
        page.get_by_label("Person").check()
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Other names").fill(f"Example {name.split(',')[0].title()}")
        page.get_by_role("button", name="Save the entry").click()
        expect(page.get_by_role("link", name=name)).to_be_visible()
        ui.step(f"entry {name} added")
    page.get_by_role("link", name="DOE, Example").click()
    ui.step("entry form")
    page.get_by_label("Position").fill("Invented for the journey")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_text("Invented for the journey")).to_be_visible()
    ui.step("entry edited")
    page.get_by_role("button", name="Remove ROE, Example").click()
    expect(page.get_by_role("link", name="ROE, Example")).to_have_count(0)
    ui.step("entry removed")

    upload = tmp_path / "list.csv"
    upload.write_text(TEMPLATE, encoding="utf-8")
    page.get_by_label("Format").select_option(label="Parley's list CSV")
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    ui.step("file imported")
    ui.goto("/vetting/lists/")
    page.get_by_role("link", name="Organisers' own list (e2e)").click()
    expect(page.get_by_role("link", name="State Administration Council")).to_be_visible()
    ui.step("list holds the file's entries")

    switch = page.get_by_role("button", name=re.compile("^Switch screening"))
    before = switch.inner_text()
    switch.click()
    expect(page.get_by_role("button", name=re.compile("^Switch screening"))).not_to_have_text(
        before
    )
    ui.step("screening switched")
    ui.goto("/vetting/lists/")
    page.get_by_role("button", name="Screen everyone again now").click()
    expect(page.get_by_role("status")).to_be_visible()
    ui.step("everyone screened again")
    ui.assert_accessible()


def published_recommendation(app) -> int:
    with app.app_context():
        return db_session().scalar(
            sa.select(Recommendation.id)
            .join(Dialogue, Dialogue.id == Recommendation.dialogue_id)
            .where(Dialogue.slug == HELD, Recommendation.published_version.is_not(None))
            .order_by(Recommendation.number)
            .limit(1)
        )


def test_drafter_records_the_response_to_a_recommendation(ui, live_app):
    recommendation = published_recommendation(live_app)
    page = ui.page
    ui.sign_in("chair@parley.example")
    ui.goto(f"/dialogues/{HELD}/recommendations/{recommendation}")
    ui.step("published recommendation")
    page.get_by_role("link", name="Record a response").click()
    ui.step("response form")
    page.get_by_label("Date of the response").fill("2026-03-15")
    page.get_by_role("group", name="Where does the recommendation stand?").get_by_role(
        "radio"
    ).first.check()
    page.get_by_label("What the response says").fill("The ministry replied in writing.")
    page.get_by_label("Evidence links").fill("https://example.org/reply")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_role("status")).to_contain_text("The response is recorded.")
    expect(page.get_by_text("The ministry replied in writing.")).to_be_visible()
    ui.step("response recorded")
    ui.assert_accessible()

"""A CSO focal point registers a new organisation for the demo's 8th ASEAN dialogue, registers
two representatives of their organisation (one anonymous), subscribes to the agenda and
withdraws one representative with a reason."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from core.db import db_session
from core.forms import to_utc
from core.models import Dialogue, DialogueCategory
from core.models.enums import Category
from plugins.sessions import releases
from plugins.sessions.models import ProgrammeSession, SessionKind
from tests.e2e.browser import expect

SLUG = "8th-ahrd-demo"


def prepare(app) -> None:
    """What the organisers did before: ten places for CSOs, and a released programme."""
    with app.app_context():
        session = db_session()
        dialogue = session.scalar(sa.select(Dialogue).where(Dialogue.slug == SLUG))
        cso = session.scalar(
            sa.select(DialogueCategory).filter_by(dialogue_id=dialogue.id, category=Category.CSO)
        )
        cso.capacity = 10
        for title, kind, start, end in (
            ("Opening", SessionKind.OPENING, (9, 0), (9, 30)),
            ("Stakeholders' segment", SessionKind.STAKEHOLDERS, (10, 0), (12, 0)),
        ):
            session.add(
                ProgrammeSession(
                    dialogue_id=dialogue.id,
                    title=title,
                    kind=kind,
                    starts_at=to_utc(datetime(2027, 11, 15, *start), dialogue.timezone),
                    ends_at=to_utc(datetime(2027, 11, 15, *end), dialogue.timezone),
                    room="Main hall",
                )
            )
        session.flush()
        releases.release(dialogue, "First programme", None)
        session.commit()


def test_focal_point_registers_subscribes_and_withdraws(ui, live_app):
    prepare(live_app)
    page = ui.page
    ui.sign_in("focal@parley.example")

    page.get_by_role("link", name="8th ASEAN Human Rights Dialogue (demo)").first.click()
    expect(page.get_by_role("heading", name="Engagement statement")).to_be_visible()
    ui.step("the 8th dialogue and its engagement statement")

    # a new organisation: its focal point is whoever registers it
    page.get_by_role("link", name="Register your organisation").click()
    ui.step("register")
    page.get_by_label("Organisation's full name").fill("Andaman Sea Rights Watch (e2e)")
    page.get_by_label("Country").fill("Thailand")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "You are the focal point of Andaman Sea Rights Watch (e2e)"
    )
    expect(page.get_by_text("No representatives registered yet.")).to_be_visible()
    # without AICHR's consultative relationship, the CSO places are not offered
    expect(page.get_by_label("National human rights institutions")).to_be_visible()
    expect(page.get_by_label("CSOs with a consultative relationship with AICHR")).to_have_count(0)
    ui.step("organisation registered")

    # two representatives of the focal point's organisation, one anonymous
    ui.goto(f"/dialogues/{SLUG}/register")
    page.get_by_role("link", name="Mekong Rights Collective (demo)").click()
    ui.step("delegation")
    for name, email, visibility in (
        ("Ploy Demo (e2e)", "ploy@mekong-rights.example", "Participants only"),
        ("Hidden Demo (e2e)", "hidden@mekong-rights.example", "Anonymous"),
    ):
        page.get_by_label("Name as written").fill(name)
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("CSOs with a consultative relationship with AICHR").check()
        page.get_by_label(visibility, exact=True).check()
        page.get_by_role("button", name="Register representative").click()
        row = page.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text("Registered")
        expect(row).to_contain_text(visibility.removesuffix(" only"))
        ui.step(f"registered {name}")

    # the public list counts the anonymous representative and never names them
    ui.goto(f"/dialogues/{SLUG}/participants")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Hidden Demo (e2e)")).to_have_count(0)
    ui.step("who takes part")

    # the agenda, with its calendar links
    ui.goto(f"/dialogues/{SLUG}")
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("link", name="Stakeholders' segment")).to_be_visible()
    subscribe = page.get_by_role("link", name="Subscribe to the programme")
    expect(subscribe).to_have_attribute(
        "href", f"webcal://{ui.base_url[7:]}/dialogues/{SLUG}/programme.ics"
    )
    ui.step("programme")
    calendar = page.request.get(f"/dialogues/{SLUG}/programme.ics")
    assert calendar.ok and "Stakeholders' segment" in calendar.text()

    # one representative withdraws
    ui.goto(f"/dialogues/{SLUG}/register")
    page.get_by_role("link", name="Mekong Rights Collective (demo)").click()
    page.get_by_role("row").filter(has_text="Ploy Demo (e2e)").get_by_role(
        "link", name="Withdraw"
    ).click()
    expect(page.get_by_role("heading", name="Withdraw Ploy Demo (e2e)")).to_be_visible()
    ui.step("withdraw")
    page.get_by_label("Scheduling").check()
    page.get_by_label("Anything you want the organisers to know").fill("A board meeting clashes.")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("row").filter(has_text="Ploy Demo (e2e)")).to_contain_text("Withdrawn")
    expect(page.get_by_role("row").filter(has_text="Hidden Demo (e2e)")).to_contain_text(
        "Registered"
    )
    ui.step("withdrawn")

    ui.assert_accessible()

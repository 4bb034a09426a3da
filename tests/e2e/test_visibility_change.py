"""A CSO focal point registers a representative visible to participants, then makes them
anonymous from the delegation page: the page says what the choice is now, the delegation
shows the new choice, and the representative is told by e-mail."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import OutboxMessage
from tests.e2e.browser import expect
from tests.e2e.test_focal_point import SLUG, prepare

NAME = "Nilar Demo (e2e)"
EMAIL = "nilar@mekong-rights.example"


def test_focal_point_changes_a_representatives_visibility(ui, live_app):
    prepare(live_app)  # ten CSO places, as in the focal point's own journey
    page = ui.page
    ui.sign_in("focal@parley.example")

    ui.goto(f"/dialogues/{SLUG}/register")
    ui.step("register")
    page.get_by_role("link", name="Mekong Rights Collective (demo)").click()
    page.get_by_label("Name as written").fill(NAME)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("CSOs with a consultative relationship with AICHR").check()
    page.get_by_label("Participants only", exact=True).check()
    page.get_by_role("button", name="Register representative").click()
    row = page.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("Participants")
    ui.step("representative registered, seen by participants")

    row.get_by_role("link", name=f"Change who may see {NAME}").click()
    expect(page.get_by_role("heading", name=f"Who may see that {NAME} takes part")).to_be_visible()
    expect(page.get_by_text("Now:")).to_contain_text("Participants only")
    expect(page.get_by_label("Participants only", exact=True)).to_be_checked()
    ui.step("change visibility")

    page.get_by_label("Anonymous", exact=True).check()
    page.get_by_role("button", name="Change visibility").click()
    expect(page.get_by_role("status")).to_contain_text(f"Who may see {NAME} is now: Anonymous.")
    expect(page.get_by_role("row").filter(has_text=NAME)).to_contain_text("Anonymous")
    ui.step("visibility changed")

    with live_app.app_context():
        kinds = db_session().scalars(
            sa.select(OutboxMessage.kind).where(OutboxMessage.to_address == EMAIL)
        )
        assert "visibility_changed" in set(kinds)

    ui.assert_accessible()

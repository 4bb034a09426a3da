"""An organiser words the dialogue's invitation e-mail (a bad placeholder is refused, named),
then previews an invitation with a personal message before sending it: the preview shows the
e-mail as it will arrive, nothing is sent until Send invitation, and the sent e-mail carries the
wording and the message."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import OutboxMessage
from tests.e2e.browser import expect

SLUG = "8th-ahrd-demo"
TITLE = "8th ASEAN Human Rights Dialogue (demo)"
NAME = "Siti Rahmawati (e2e)"
EMAIL = "siti.rahmawati@invalid.example"
NOTE = "We would value your voice in the session on migrant workers."


def invitations_to(app) -> list[OutboxMessage]:
    with app.app_context():
        return (
            db_session()
            .scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == EMAIL))
            .all()
        )


def test_organiser_words_the_invitation_and_previews_one(ui, live_app):
    page = ui.page
    ui.sign_in("organiser@parley.example")

    ui.goto(f"/dialogues/{SLUG}")
    ui.step("the dialogue")
    page.get_by_role("link", name="E-mails", exact=True).click()
    expect(page.get_by_role("heading", name="E-mails")).to_be_visible()
    expect(page.get_by_role("row", name="Invitation An organiser")).to_contain_text(
        "Default wording"
    )
    ui.step("the dialogue's e-mails")

    page.get_by_role("link", name="Invitation", exact=True).click()
    expect(page.get_by_label("Subject")).to_have_value("Invitation to {dialogue}")
    ui.step("the invitation's wording")

    page.get_by_label("Message").fill("Dear {name.__class__},\n\nJoin us at {dialogue}.")
    page.get_by_role("button", name="Save wording").click()
    expect(page.get_by_role("alert")).to_contain_text("{name.__class__}")
    expect(page.get_by_label("Message")).to_have_value(
        "Dear {name.__class__},\n\nJoin us at {dialogue}."
    )
    ui.step("an unknown placeholder refused")

    page.get_by_label("Message").fill(
        "Dear {name},\n\nThe secretariat invites you to {dialogue} as {role}."
    )
    page.get_by_role("button", name="Preview", exact=True).click()
    example = page.get_by_role(
        "region", name="The e-mail as an example participant would receive it"
    )
    expect(example).to_contain_text(f"The secretariat invites you to {TITLE}")
    expect(example).to_contain_text("[the link to accept]")
    ui.step("the wording previewed")

    page.get_by_role("button", name="Save wording").click()
    expect(page.get_by_role("status")).to_contain_text("now has your wording")
    expect(page.get_by_role("row", name="Invitation An organiser")).to_contain_text("Customised")
    ui.step("wording saved")

    ui.goto(f"/dialogues/{SLUG}")
    ui.step("back to the dialogue")
    page.get_by_role("link", name="Invitations").click()
    ui.step("invitations")
    invite = page.locator("form[action$='/invitations/person']")
    invite.get_by_label("Name as written").fill(NAME)
    invite.get_by_label("E-mail address").fill(EMAIL)
    invite.get_by_label("Category").select_option(label="Delegate")
    invite.get_by_label("Personal message (optional)").fill(NOTE)
    invite.get_by_role("button", name="Preview the e-mail").click()
    preview = page.get_by_role("region", name=f"The e-mail to {EMAIL}")
    expect(preview).to_contain_text(f"Invitation to {TITLE}")
    expect(preview).to_contain_text(f"Dear {NAME},")
    expect(preview).to_contain_text(f"The secretariat invites you to {TITLE} as a delegate.")
    expect(preview).to_contain_text(NOTE)
    expect(preview).to_contain_text("Nothing is sent or saved")
    assert invitations_to(live_app) == []
    ui.step("the invitation previewed")

    page.locator("form[action$='/invitations/person']").get_by_role(
        "button", name="Send invitation"
    ).click()
    expect(page.get_by_role("row").filter(has_text=EMAIL)).to_be_visible()
    ui.step("invitation sent")

    [message] = invitations_to(live_app)
    assert message.body.startswith(f"Dear {NAME},\n\nThe secretariat invites you to {TITLE}")
    assert f"A personal message from the organisers:\n\n  {NOTE}" in message.body
    assert "please do not forward this message" in message.body

    ui.assert_accessible()

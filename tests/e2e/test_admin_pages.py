"""Without an SMTP server an administrator reads Parley's mail in the outbox and follows an
invitation's link from it to the invitation page; an organiser then finds that opening in the
audit log, filters it and downloads the entries as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.e2e.browser import expect

SLUG = "8th-ahrd-demo"
EMAIL = "lin.outbox@invalid.example"


def test_the_outbox_and_the_audit_log(ui):
    page = ui.page
    ui.sign_in("admin@parley.example")

    # an invitation, written while no SMTP server is configured
    ui.goto(f"/dialogues/{SLUG}/invitations/")
    ui.step("invitations")
    invite = page.locator("form[action$='/invitations/person']")
    invite.get_by_label("Name as written").fill("Lin Outbox Demo")
    invite.get_by_label("E-mail address").fill(EMAIL)
    invite.get_by_label("Category").select_option(index=1)
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("row").filter(has_text=EMAIL)).to_be_visible()
    ui.step("invitation sent")

    # the outbox, found in the navigation, filtered by recipient
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    expect(page.get_by_text("No SMTP server is configured")).to_be_visible()
    ui.step("outbox")
    page.get_by_label("Recipient").fill("lin.outbox")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_role("region", name="Messages").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the one message
    expect(rows.nth(1)).to_contain_text("In the in-app outbox only, not sent")
    ui.step("outbox filtered by recipient")

    # the message as it would arrive, its link followed
    rows.nth(1).get_by_role("link").click()
    expect(page.get_by_text(f"To{EMAIL}")).to_be_visible()
    expect(page.get_by_text("no SMTP server was configured")).to_be_visible()
    ui.step("message as it would arrive")
    page.locator("pre a[href*='/invitations/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You are invited to")
    ui.step("invitation page from the e-mail's link")
    ui.goto("/")
    ui.step("home")
    ui.sign_out()

    # the organiser finds the opening of the message in the audit log
    ui.sign_in("organiser@parley.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    ui.step("audit log")
    page.get_by_label("Kind").select_option("outbox.message_viewed")
    page.get_by_label("Done by").select_option(label="Demo Administrator")
    page.get_by_role("button", name="Filter").click()
    entries = page.get_by_role("region", name="Audit entries").get_by_role("row")
    expect(entries).to_have_count(2)
    expect(entries.nth(1)).to_contain_text("outboxmessage #")
    ui.step("audit log filtered")

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download these entries (CSV)").click()
    download = waiting.value
    assert download.suggested_filename == "audit-log.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["when (UTC)", "kind", "done by"]
    assert [row[1] for row in rows[1:]] == ["outbox.message_viewed"]
    assert rows[1][2] == "Demo Administrator"

    ui.assert_accessible()

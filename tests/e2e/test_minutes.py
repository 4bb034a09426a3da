"""A rapporteur drafts the outcome record of the demo's 8th ASEAN dialogue and records a
recommendation in it, both co-chairs approve it, and a co-chair publishes it for everyone to
read."""

from __future__ import annotations

import re

from tests.e2e.browser import expect

from .conftest import PASSWORD

SLUG = "8th-ahrd-demo"
TEXT = (
    "## Outcome\n\n"
    "The dialogue met in Kuala Lumpur. @[1] opened it and recalled the ASEAN Human Rights "
    "Declaration.\n\n"
    "- Participants agreed to meet civil society before each session.\n"
)


def grant_roles(app) -> None:
    """The organisers' grants: a rapporteur, and two co-chairs who approve."""
    runner = app.test_cli_runner()
    for args in (
        ["users", "create", "rapporteur@parley.example", "--name", "Demo Rapporteur"],
        ["users", "create", "cochair@parley.example", "--name", "Demo Co-chair"],
    ):
        result = runner.invoke(args=[*args, "--password", PASSWORD])
        assert result.exit_code == 0, result.output
    for email, role in (
        ("rapporteur@parley.example", "rapporteur"),
        ("chair@parley.example", "chair"),
        ("cochair@parley.example", "chair"),
    ):
        result = runner.invoke(args=["users", "grant", email, role, "--dialogue", SLUG])
        assert result.exit_code == 0, result.output


def open_drafting(ui) -> None:
    ui.goto(f"/dialogues/{SLUG}")
    ui.step("dialogue")
    ui.page.get_by_role("link", name="Drafting", exact=True).click()
    expect(ui.page.get_by_role("heading", name="Drafting the outcome record")).to_be_visible()


def approve(ui, email: str, name: str) -> None:
    page = ui.page
    ui.sign_in(email)
    open_drafting(ui)
    ui.step(f"draft for {name}")
    page.get_by_role("button", name=re.compile("^Approve")).click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text(re.compile("Approved", re.I))
    ui.step(f"approved by {name}")


def test_minutes_drafted_approved_by_both_co_chairs_and_published(ui, live_app):
    grant_roles(live_app)
    page = ui.page

    # the rapporteur drafts
    ui.sign_in("rapporteur@parley.example")
    open_drafting(ui)
    expect(page.get_by_text("Not approved yet by: Demo Chair, Demo Co-chair.")).to_be_visible()
    ui.step("drafting")
    page.get_by_role("link", name=re.compile("Edit")).first.click()
    expect(page.get_by_text("@[1] H.E. Anita Ashvini Wahid")).to_be_visible()
    ui.step("edit the outcome")
    page.get_by_label("Text").fill(TEXT)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The draft is at revision 1")).to_be_visible()
    ui.step("draft saved")

    # and records a recommendation through the form as the page renders it (its empty hidden
    # revision included)
    page.get_by_role("link", name="Add a recommendation").click()
    ui.step("add a recommendation")
    page.get_by_label("Recommendation", exact=True).fill(
        "Establish a formal mechanism for receiving and investigating complaints."
    )
    page.get_by_label("Addressed to").fill("AICHR")
    page.get_by_label("Response due by").fill("2028-06-30")
    page.get_by_role("button", name="Save in the draft").click()
    expect(page.get_by_text("Recommendation 1 is saved in the draft.")).to_be_visible()
    expect(
        page.get_by_role("cell", name=re.compile("Establish a formal mechanism"))
    ).to_be_visible()
    ui.step("recommendation saved")
    page.get_by_role("link", name="Read the draft as the public would").click()
    expect(
        page.get_by_text("opened it and recalled the ASEAN Human Rights Declaration")
    ).to_be_visible()
    expect(page.get_by_text("Anita Ashvini Wahid").first).to_be_visible()
    ui.step("preview")
    ui.sign_out()

    # both co-chairs approve; the second publishes
    approve(ui, "chair@parley.example", "Demo Chair")
    ui.sign_out()
    approve(ui, "cochair@parley.example", "Demo Co-chair")
    page.get_by_label("What changed in this version (optional)").fill("First version")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text(re.compile("Version 1, published"))).to_be_visible()
    ui.step("published")
    ui.sign_out()

    # everyone reads it
    ui.goto(f"/dialogues/{SLUG}/outcome")
    expect(
        page.get_by_text("opened it and recalled the ASEAN Human Rights Declaration")
    ).to_be_visible()
    expect(page.get_by_text("Participants agreed to meet civil society")).to_be_visible()
    ui.step("outcome record, read by a visitor")
    ui.goto("/outcomes")
    expect(page.get_by_role("link", name="8th ASEAN Human Rights Dialogue (demo)")).to_be_visible()
    ui.step("outcome records")

    ui.assert_accessible()

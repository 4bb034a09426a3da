"""An organiser prepares a dialogue (categories, a session), invites a person whom screening
holds, clears the finding with a reason and sends the invitation; then accredits a registered
person of the demo's 8th dialogue, opens the badge and checks the person in at the desk."""

from __future__ import annotations

import re

from tests.e2e.browser import expect

SLUG = "9th-ahrd-e2e"
TITLE = "9th ASEAN Human Rights Dialogue (e2e)"


def test_organiser_prepares_screens_accredits_and_checks_in(ui):
    page = ui.page
    ui.sign_in("organiser@parley.example")

    # a new dialogue
    ui.goto("/dialogues/new")
    ui.step("new dialogue form")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Short name for web addresses").fill(SLUG)
    page.get_by_label("Series").select_option(label="ASEAN Human Rights Dialogue")
    page.get_by_label("Edition").fill("9th")
    page.get_by_label("Timezone").fill("Asia/Bangkok")
    page.get_by_label("Starts").fill("2028-11-13T09:00")
    page.get_by_label("Ends").fill("2028-11-14T16:00")
    page.get_by_label("In person").check()
    page.get_by_label("City").fill("Bangkok")
    page.get_by_label("Country").fill("Thailand")
    page.get_by_label("Anita Ashvini Wahid").check()
    page.get_by_label("Edmund Bon Tai Soon").check()
    page.get_by_role("button", name="Create dialogue").click()
    expect(page).to_have_url(f"{ui.base_url}/dialogues/{SLUG}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    ui.step("dialogue created")

    # its categories
    page.get_by_role("link", name="Participant categories").click()
    ui.step("categories")
    for category, registration, places in (
        ("Delegate", "Invitation", "40"),
        ("CSO", "Focal points", "12"),
    ):
        page.get_by_role("link", name="Add a category").click()
        ui.step(f"add category {category}")
        page.get_by_label("Category", exact=True).select_option(label=category)
        page.get_by_label("Places").fill(places)
        page.get_by_label(registration, exact=True).check()
        page.get_by_role("button", name="Save category").click()
        expect(page.get_by_role("status")).to_contain_text(f"The category “{category}” was saved")
        ui.step(f"category {category} saved")

    # a session in the programme
    ui.goto(f"/dialogues/{SLUG}/programme/sessions/new")
    ui.step("new session form")
    page.get_by_label("Title").fill("Opening of the dialogue")
    page.get_by_label("Kind").select_option(label="Opening")
    page.get_by_label("Starts").fill("2028-11-13T09:00")
    page.get_by_label("Ends").fill("2028-11-13T10:00")
    page.get_by_label("Room").fill("Main hall")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_text("Opening of the dialogue").first).to_be_visible()
    ui.step("session added")

    # an invitation held by screening
    ui.goto(f"/dialogues/{SLUG}")
    page.get_by_role("link", name="Invitations").click()
    ui.step("invitations")
    invite = page.locator("form[action$='/invitations/person']")
    invite.get_by_label("Name as written").fill("Thet Thet Khine")
    invite.get_by_label("E-mail address").fill("thet.thet.khine@invalid.example")
    invite.get_by_label("Organisation").fill("Highland Women's Voice (demo)")
    invite.get_by_label("Category").select_option(label="Delegate")
    invite.get_by_role("button", name="Send invitation").click()
    held = page.get_by_role("row").filter(has_text="thet.thet.khine@invalid.example")
    expect(held).to_contain_text("Held")
    expect(held).to_contain_text("KHINE, Thet Thet")
    ui.step("invitation held by screening")

    # the Screening tab: the finding, cleared with a reason
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Screening", exact=True).click()
    expect(page.get_by_role("heading", name="Screening findings")).to_be_visible()
    ui.step("screening findings")
    page.get_by_role("link", name="Thet Thet Khine").click()
    expect(page.get_by_role("heading", name="Is this the same person?")).to_be_visible()
    ui.step("finding")
    page.get_by_label("Not the same").check()
    page.get_by_label("Reason").fill(
        "Born 1989 (passport seen), a teacher from Hpa-an; the listed minister was born in 1967."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Born 1989 (passport seen)")).to_be_visible()
    ui.step("finding cleared by a first reviewer")

    # a 1.00 match: a second reviewer agrees before the pair is cleared
    finding_url = page.url
    ui.sign_out()
    ui.sign_in("admin@parley.example")
    ui.goto(finding_url.removeprefix(ui.base_url))
    ui.step("finding awaiting a second reviewer")
    page.get_by_label("Not the same: agreed").check()
    page.get_by_label("Reason").fill("Agreed: the passport and the birth year settle it.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Agreed: the passport and the birth year settle it.")).to_be_visible()
    # the clearance carries over to the invitation it held: nothing stops it, so it is sent
    expect(
        page.get_by_text("The held invitation is sent: nothing stops it any more.")
    ).to_be_visible()
    ui.step("finding cleared by a second reviewer, the held invitation sent")
    ui.sign_out()
    ui.sign_in("organiser@parley.example")

    ui.goto(f"/dialogues/{SLUG}/invitations/")
    row = page.get_by_role("row").filter(has_text="thet.thet.khine@invalid.example")
    expect(row).to_contain_text("Sent")
    expect(row.get_by_role("button", name="Send now")).to_have_count(0)
    ui.step("invitation sent")

    # accreditation of a registered person of the 8th dialogue
    ui.goto("/dialogues/8th-ahrd-demo/review/")
    ui.step("review registrations")
    somchai = page.get_by_role("row").filter(has_text="Somchai Demo")
    expect(somchai).to_contain_text("Registered")
    pick = somchai.get_by_role("checkbox")
    participation_id = pick.get_attribute("value")
    pick.check()
    page.get_by_label("Accredit").check()
    page.get_by_role("button", name="Record decision").click()
    somchai = page.get_by_role("row").filter(has_text="Somchai Demo")
    expect(somchai).to_contain_text("Accredited")
    expect(somchai).to_contain_text("Badge")
    ui.step("accredited")

    # the badge, and the check-in desk
    ui.goto(f"/dialogues/8th-ahrd-demo/badges/{participation_id}")
    badge = page.locator("article.badge")
    expect(badge).to_contain_text("Somchai Demo")
    expect(badge.locator(".badge-qr svg, .badge-qr img").first).to_be_visible()
    code = badge.get_by_label("Check-in code").inner_text().strip()
    ui.step("badge")
    ui.goto("/dialogues/8th-ahrd-demo/check-in")
    ui.step("check-in desk")
    page.get_by_label("Badge code").fill(code)
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Somchai Demo").first).to_be_visible()
    expect(page.get_by_text(re.compile("checked in|attended", re.I)).first).to_be_visible()
    ui.step("checked in")

    ui.assert_accessible()

"""An organiser keeps the registry: renaming a person who takes part to a listed name is refused
by screening, the form kept as typed; an organisation added by an invitation waits for its
type, and the organiser chooses one."""

from __future__ import annotations

from tests.e2e.browser import expect


def test_organiser_renames_a_person_and_types_a_new_organisation(ui):
    page = ui.page
    ui.sign_in("organiser@parley.example")

    # a person of the 8th dialogue renamed to a listed minister's name: nothing is saved
    ui.goto("/people/?q=Somchai")
    ui.step("registry search")
    page.get_by_role("link", name="Somchai Demo").click()
    ui.step("person")
    page.get_by_role("link", name="Edit person").click()
    ui.step("edit person")
    page.get_by_label("Name as written").fill("Thet Thet Khine")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("This change was not saved: screening stopped it").first
    ).to_be_visible()
    expect(page.get_by_label("Name as written")).to_have_value("Thet Thet Khine")
    ui.step("rename stopped by screening")
    ui.goto("/people/?q=Somchai")
    expect(page.get_by_role("link", name="Somchai Demo")).to_be_visible()
    ui.step("name unchanged")

    # an organisation named in an invitation is added with no type
    ui.goto("/dialogues/8th-ahrd-demo/invitations/")
    ui.step("invitations")
    invite = page.locator("form[action$='/invitations/person']")
    invite.get_by_label("Name as written").fill("Hnin Demo Wai")
    invite.get_by_label("E-mail address").fill("hnin.wai@invalid.example")
    invite.get_by_label("Organisation").fill("Yangon Legal Aid Circle (e2e)")
    invite.get_by_label("Category").select_option(index=1)
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("row").filter(has_text="hnin.wai@invalid.example")).to_be_visible()
    ui.step("invitation sent")
    ui.goto("/organisations/?kind=not-set")
    ui.step("organisations without a type")
    page.get_by_role("link", name="Yangon Legal Aid Circle (e2e)").click()
    expect(page.get_by_text("Not yet set").first).to_be_visible()
    ui.step("organisation without a type")
    page.get_by_role("link", name="Edit organisation").click()
    ui.step("edit organisation")
    page.get_by_label("Type").select_option(label="Civil society organisation")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()
    expect(page.get_by_text("Civil society organisation").first).to_be_visible()
    ui.step("type chosen")

    ui.assert_accessible()

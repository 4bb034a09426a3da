"""An organiser creates a dialogue held in Brussels by typing the city in the timezone box: a
misspelt city is refused with the zone it comes close to and nothing typed lost, the city is
accepted, and the dialogue's page shows its two days and its times with city and offset."""

from __future__ import annotations

from tests.e2e.browser import expect

SLUG = "cso-forum-brussels-e2e"
TITLE = "4th EU-Southeast Asia CSOs Forum (e2e)"


def test_organiser_types_a_city_as_the_timezone(ui):
    page = ui.page
    ui.sign_in("organiser@parley.example")

    ui.goto("/dialogues/new")
    ui.step("new dialogue form")
    # the box suggests zones by city, country and offset
    expect(page.locator("#timezones option[value='Europe/Brussels']")).to_have_text(
        "Brussels — Belgium (UTC+1, summer UTC+2)"
    )
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Short name for web addresses").fill(SLUG)
    page.get_by_label("Series").select_option(label="EU-Southeast Asia CSOs Forum")
    page.get_by_label("Timezone").fill("Brusels")
    page.get_by_label("Starts").fill("2028-06-20T09:00")
    page.get_by_label("Ends").fill("2028-06-21T17:00")
    page.get_by_label("In person").check()
    page.get_by_label("City").fill("Brussels")
    page.get_by_role("button", name="Create dialogue").click()

    # the misspelling: the message names the zone it comes close to, nothing is lost
    expect(page.get_by_role("alert")).to_contain_text("“Brusels” is not a known timezone")
    expect(page.get_by_role("alert")).to_contain_text("Did you mean Brussels — Belgium")
    expect(page.get_by_label("Timezone")).to_have_value("Brusels")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    ui.step("misspelt city refused")

    page.get_by_label("Timezone").fill("Brussels")
    page.get_by_role("button", name="Create dialogue").click()
    expect(page).to_have_url(f"{ui.base_url}/dialogues/{SLUG}")
    when = page.locator(".summary-list dd").first
    expect(when).to_contain_text("20\u201321 June 2028")
    expect(when).to_contain_text("20 June 2028, 09:00 (Brussels, UTC+2)")
    expect(when).to_contain_text("21 June 2028, 17:00 (Brussels, UTC+2)")
    ui.step("dialogue created in Brussels time")

    # the form shows the zone by its IANA name when the dialogue is edited
    ui.goto(f"/dialogues/{SLUG}/edit")
    expect(page.get_by_label("Timezone")).to_have_value("Europe/Brussels")
    ui.step("edit form keeps the zone")

    ui.assert_accessible()

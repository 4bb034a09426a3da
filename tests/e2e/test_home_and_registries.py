"""A visitor searches and filters the dialogues of the home page; an organiser searches the
people of the registry, then selects everyone on a filtered review queue at once and follows a
name to the person and a badge number to the badge."""

from __future__ import annotations

import re

from tests.e2e.browser import expect

REVIEW = "/dialogues/8th-ahrd-demo/review/"


def test_visitor_searches_and_filters_the_dialogues(ui):
    page = ui.goto("/")
    expect(page.get_by_text("Parley runs policy dialogues on human rights")).to_be_visible()
    expect(page.get_by_role("link", name="8th ASEAN Human Rights Dialogue (demo)")).to_be_visible()
    ui.step("home page")

    page.get_by_label("Title, theme or city").fill("asean")
    page.get_by_label("Country").select_option("Belgium")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=asean.*country=Belgium"))
    expect(
        page.get_by_role("link", name="5th EU-ASEAN Policy Dialogue on Human Rights")
    ).to_be_visible()
    expect(page.get_by_role("link", name="7th ASEAN Human Rights Dialogue")).to_have_count(0)
    expect(page.get_by_text("No upcoming dialogue matches the filters.")).to_be_visible()
    ui.step("searched and filtered by country")

    page.get_by_label("Country").select_option("")
    page.get_by_label("Series").select_option(label="ASEAN Human Rights Dialogue")
    page.get_by_label("Year").select_option("2025")
    page.get_by_label("Title, theme or city").fill("")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="7th ASEAN Human Rights Dialogue")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("8th ASEAN"))).to_have_count(0)
    ui.step("filtered by series and year")

    page.get_by_label("Title, theme or city").fill("no such dialogue")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No dialogue matches “no such dialogue”")).to_be_visible()
    ui.step("nothing found")
    page.get_by_role("status").get_by_role("link", name="Clear the filters").click()
    expect(page).to_have_url(f"{ui.base_url}/")
    expect(page.get_by_role("link", name="7th ASEAN Human Rights Dialogue")).to_be_visible()
    ui.step("filters cleared")

    ui.assert_accessible()


def test_organiser_searches_people_and_selects_everyone_on_the_review_queue(ui):
    page = ui.page
    ui.sign_in("organiser@parley.example")

    ui.goto("/people/")
    ui.step("people")
    page.get_by_label("Name (in any script) or e-mail").fill("mekong-rights.example")
    page.get_by_role("button", name="Search").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Somchai Demo")).to_be_visible()
    expect(table.get_by_role("link", name="Naw Demo Paw")).to_have_count(0)
    ui.step("people found by e-mail")

    ui.goto(REVIEW)
    ui.step("review queue")
    page.get_by_label("Status").select_option("registered")
    page.get_by_role("button", name="Filter").click()
    ui.step("registered people to review")
    everyone = page.get_by_label("Select everyone on this page")
    rows = page.locator("tbody input[name=ids]")
    assert rows.count() >= 2
    everyone.check()
    for i in range(rows.count()):
        expect(rows.nth(i)).to_be_checked()
    rows.first.uncheck()
    assert everyone.evaluate("box => box.indeterminate")
    everyone.check()
    expect(rows.first).to_be_checked()
    ui.step("everyone selected")

    page.get_by_role("radio", name=re.compile("^Reject")).check()
    page.get_by_role("textbox", name="Reason").fill("The places for this category are taken.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(re.compile(r"\d+ people rejected"))).to_be_visible()
    ui.step("everyone rejected")

    ui.goto(REVIEW + "?status=accredited")
    ui.step("accredited people")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=re.compile("^Badge")))
    name = row.first.get_by_role("link").first
    person = name.inner_text()
    name.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person)
    ui.step("the person")

    page.go_back()
    badge = (
        page.get_by_role("row")
        .filter(has_text=person)
        .get_by_role("link", name=re.compile("^Badge"))
    )
    expect(badge).to_have_attribute("href", re.compile(r"^/dialogues/8th-ahrd-demo/badges/\d+$"))
    badge.click()
    expect(page.locator("article.badge")).to_contain_text(person)
    ui.step("the badge")

    ui.assert_accessible()

"""At the check-in desk an organiser finds a person by name (any case), checks them in from
the result, and the desk then shows them as already in; a search by badge number finds them
again, already in, with no second check-in offered."""

from __future__ import annotations

import re

from tests.e2e.browser import expect

DESK = "/dialogues/8th-ahrd-demo/check-in"


def test_organiser_finds_a_person_by_name_and_checks_them_in(ui):
    page = ui.page
    ui.sign_in("organiser@parley.example")

    ui.goto(DESK)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in")
    expect(page.locator(".desk-point")).to_contain_text("once a day")
    ui.step("check-in desk")

    search = page.get_by_role("search", name="Find a person")
    search.get_by_label("Name or badge number").fill("KANYA demo")
    search.get_by_role("button", name="Search").click()
    results = page.get_by_role("list", name="People found")
    person = results.get_by_role("listitem").filter(has_text="Kanya Demo")
    expect(person).to_contain_text("Badge")
    ui.step("person found by name")

    person.get_by_role("button", name="Check in Kanya Demo").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome, Kanya Demo")
    person = page.get_by_role("list", name="People found").get_by_role("listitem")
    expect(person.filter(has_text="Kanya Demo")).to_contain_text(
        re.compile(r"Already in since \d\d:\d\d")
    )
    expect(person.get_by_role("button", name=re.compile("Check in"))).to_have_count(0)
    ui.step("checked in from the search")

    number = re.search(r"Badge (\d+)", person.first.inner_text()).group(1)
    search = page.get_by_role("search", name="Find a person")
    search.get_by_label("Name or badge number").fill(number)
    search.get_by_role("button", name="Search").click()
    found = page.get_by_role("list", name="People found").get_by_role("listitem")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Kanya Demo")
    expect(found).to_contain_text(re.compile(r"Already in since \d\d:\d\d"))
    ui.step("already in, found by badge number")

    ui.assert_accessible()

"""A visitor, signed in as nobody, reads a published outcome record and the scorecard of its
series."""

from __future__ import annotations

from tests.e2e.browser import expect


def test_visitor_reads_an_outcome_record_and_the_scorecard(ui):
    page = ui.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    ui.step("dialogues")

    page.get_by_role("link", name="Outcome records").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcome records")
    expect(page.get_by_role("link", name="7th ASEAN Human Rights Dialogue")).to_be_visible()
    ui.step("outcome records")

    page.get_by_role("link", name="7th ASEAN Human Rights Dialogue").click()
    expect(page).to_have_url(f"{ui.base_url}/dialogues/7th-ahrd-2025/outcome")
    expect(page.get_by_text("Version 1, published")).to_be_visible()
    expect(page.get_by_text("Establish a formal mechanism for receiving")).to_be_visible()
    expect(page.get_by_role("link", name="JSON")).to_be_visible()
    ui.step("outcome record")

    page.get_by_role("link", name="3", exact=True).click()
    expect(page.get_by_text("Establish a formal mechanism for receiving")).to_be_visible()
    ui.step("a recommendation")

    ui.goto("/series/asean-hrd/scorecard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scorecard")
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name="7th ASEAN Human Rights Dialogue")).to_contain_text("7")
    ui.step("scorecard")

    ui.assert_accessible()

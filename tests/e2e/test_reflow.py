"""Every page fits a 320-px-wide phone (WCAG 2.1, 1.4.10 Reflow): each demo role walks the
pages of its day, including those no other journey visits, and every step is measured at 320 px
(and checked by axe at 1280 and 320 px) by ``ui.step``. The check itself is shown to fail on a
page that scrolls sideways, and to allow what is wider only inside its own scroll region."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE, reflow_problem

HELD = "7th-ahrd-2025"  # programme released, outcome record published, a chair of its own
NEXT = "8th-ahrd-demo"  # the coming dialogue: registrations, invitations, screening
DIALOGUES = (
    "2nd-eu-sea-cso-forum-2022",
    "3rd-eu-sea-cso-forum-2023",
    "5th-eu-asean-hrd-2023",
    HELD,
    NEXT,
)
WIDE = '<div id="wide" class="banner" style="width:600px">A banner 600 px wide</div>'


def on_phone(page, body: str) -> str | None:
    page.set_content(f'<body style="margin:0"><main>{body}</main></body>')
    return reflow_problem(page, "/made-up")


def test_the_reflow_check_reports_a_page_that_scrolls_sideways(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problem = on_phone(page, f"<p>Fits.</p>{WIDE}")
    assert problem is not None
    assert "/made-up at 320px scrolls sideways: the page is 600 px wide" in problem
    assert "main > div#wide.banner (to 600 px)" in problem
    # a word too long for its line
    problem = on_phone(page, f"<p class=address>{'x' * 80}@example.org</p>")
    assert problem is not None and "main > p.address (its text)" in problem
    # in a region that scrolls by itself, the same element leaves the page as wide as the phone
    region = '<div class="table-wrap" style="overflow-x:auto{}">{}</div>'
    assert on_phone(page, region.format("", WIDE)) is None
    # ... unless it is positioned against something outside the region, which it then widens
    far = '<span id="far" style="position:absolute;margin-left:500px">x</span>'
    hidden = f'<div style="width:600px">{far}</div>'
    problem = on_phone(page, region.format("", hidden))
    assert problem is not None and "span#far" in problem
    assert on_phone(page, region.format(";position:relative", hidden)) is None
    context.close()


def test_a_journey_fails_on_a_step_whose_page_scrolls_sideways(ui):
    ui.goto("/")
    ui.step("dialogues")
    assert ui.overflows == []
    ui.page.evaluate(
        f"() => document.querySelector('main').insertAdjacentHTML('beforeend', '{WIDE}')"
    )
    ui.step("dialogues with a wide banner")
    assert len(ui.overflows) == 1
    assert "main#main.container > div#wide.banner" in ui.overflows[0]
    with pytest.raises(AssertionError, match="1 pages scroll sideways at 320 px"):
        ui.assert_accessible()


def visit(ui, path: str) -> None:
    ui.goto(path)
    ui.step(path)


def follow(ui, pattern: str) -> str:
    """Visit the first link on the current page whose path matches ``pattern``."""
    hrefs = ui.page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    path = next((h for h in hrefs if re.fullmatch(pattern, h.removeprefix(ui.base_url))), None)
    assert path is not None, f"no link matching {pattern} on {ui.page.url}"
    visit(ui, path)
    return path


def programme(ui, slug: str) -> None:
    """The programme, then each of its days and the whole programme."""
    visit(ui, f"/dialogues/{slug}/programme")
    days = ui.page.eval_on_selector_all(
        "nav[aria-label='Days of the programme'] a", "links => links.map(a => a.href)"
    )
    assert days, f"the programme of {slug} shows no days"
    for day in days:
        visit(ui, day.removeprefix(ui.base_url))


def test_visitor_pages_reflow(ui):
    for path in ("/", "/series/", "/series/asean-hrd", "/outcomes", "/login", "/signup"):
        visit(ui, path)
    visit(ui, "/forgot-password")
    for slug in DIALOGUES:
        visit(ui, f"/dialogues/{slug}")
    programme(ui, HELD)
    follow(ui, rf"/dialogues/{HELD}/programme/sessions/\d+")
    visit(ui, f"/dialogues/{HELD}/programme/releases")
    visit(ui, f"/dialogues/{HELD}/outcome")
    follow(ui, rf"/dialogues/{HELD}/recommendations/\d+")
    for series in ("asean-hrd", "eu-asean-hrd"):
        visit(ui, f"/series/{series}/scorecard")
        assert smallest_chart_text(ui) >= 12
    ui.assert_accessible()


def smallest_chart_text(ui) -> float:
    """The size, in CSS pixels, of the scorecard chart's smallest text on a 320-px phone."""
    ui.page.set_viewport_size(PHONE)
    size = ui.page.evaluate(
        """() => {
            const svg = document.querySelector('.chart svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')]
                .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            return Math.min(...sizes);
        }"""
    )
    ui.page.set_viewport_size(DESKTOP)
    return size


def test_organiser_pages_reflow(ui):
    ui.sign_in("organiser@parley.example")
    for slug in (NEXT, HELD):
        for tail in (
            "",
            "/edit",
            "/review/",
            "/invitations/",
            "/check-in",
            "/categories/",
            "/categories/new",
            "/participants",
            "/withdrawals",
            "/screening",
            "/programme/manage",
        ):
            visit(ui, f"/dialogues/{slug}{tail}")
    visit(ui, f"/dialogues/{NEXT}/programme")
    visit(ui, f"/dialogues/{NEXT}/programme/sessions/new")
    visit(ui, f"/dialogues/{HELD}/programme/manage")
    follow(ui, rf"/dialogues/{HELD}/programme/sessions/\d+/edit")
    visit(ui, f"/dialogues/{NEXT}/categories/")
    follow(ui, rf"/dialogues/{NEXT}/categories/\d+/edit")
    visit(ui, f"/dialogues/{NEXT}/emails")
    follow(ui, rf"/dialogues/{NEXT}/emails/[a-z_-]+")
    visit(ui, f"/dialogues/{NEXT}/screening")
    follow(ui, rf"/dialogues/{NEXT}/screening/findings/\d+")
    visit(ui, f"/dialogues/{HELD}/badges/")
    visit(ui, f"/dialogues/{HELD}/review/")
    follow(ui, rf"/dialogues/{HELD}/badges/\d+")
    for path in ("/organisations/", "/people/"):
        visit(ui, path)
        shown = follow(ui, rf"{path}\d+")
        visit(ui, f"{shown}/edit")
        visit(ui, f"{path}new")
    for path in ("/dialogues/new", "/series/new", "/series/asean-hrd/edit"):
        visit(ui, path)
    ui.assert_accessible()


def test_focal_point_pages_reflow(ui):
    ui.sign_in("focal@parley.example")
    visit(ui, f"/dialogues/{NEXT}")
    visit(ui, f"/dialogues/{NEXT}/register")
    follow(ui, rf"/dialogues/{NEXT}/delegations/\d+")
    follow(ui, rf"/dialogues/{NEXT}/participations/\d+/withdraw")
    programme(ui, HELD)
    for path in (
        "/account",
        "/account/email",
        "/account/password",
        "/account/two-factor",
        "/account/data",
    ):
        visit(ui, path)
    ui.assert_accessible()


def test_administrator_pages_reflow(ui):
    ui.sign_in("admin@parley.example")
    visit(ui, "/admin/users/")
    follow(ui, r"/admin/users/\d+")
    visit(ui, "/admin/users/new")
    visit(ui, "/vetting/lists/")
    listed = follow(ui, r"/vetting/lists/\d+")
    follow(ui, rf"{listed}/versions/\d+")
    visit(ui, listed)
    follow(ui, rf"{listed}/entries/\d+")
    visit(ui, f"{listed}/entries/new")
    visit(ui, f"/dialogues/{NEXT}/screening")
    visit(ui, "/admin/outbox/")
    visit(ui, "/audit")
    visit(ui, "/account/erase")
    ui.assert_accessible()


def test_chair_pages_reflow(ui):
    ui.sign_in("chair@parley.example")
    visit(ui, f"/dialogues/{HELD}/minutes")
    follow(ui, rf"/dialogues/{HELD}/minutes/sessions/\d+/edit")
    visit(ui, f"/dialogues/{HELD}/minutes")
    follow(ui, rf"/dialogues/{HELD}/minutes/documents/\d+/revisions")
    visit(ui, f"/dialogues/{HELD}/minutes/edit")
    visit(ui, f"/dialogues/{HELD}/minutes/preview")
    visit(ui, f"/dialogues/{HELD}/minutes/recommendations/new")
    visit(ui, f"/dialogues/{HELD}/outcome")
    visit(ui, f"/dialogues/{HELD}/outcome/versions/1")
    recommendation = follow(ui, rf"/dialogues/{HELD}/recommendations/\d+")
    visit(ui, f"{recommendation}/follow-up")
    visit(ui, "/series/asean-hrd/scorecard")
    ui.assert_accessible()

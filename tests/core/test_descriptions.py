"""A dialogue's and a series' description is Markdown: rendered and sanitised on their pages,
and the form says Markdown is accepted."""

from __future__ import annotations

from core.db import db_session
from core.models import Role, Series
from tests import factories

WRITTEN = (
    "# Programme\n\nThe **7th** dialogue.\n\n- thematic sessions\n- a general segment\n\n"
    "[Terms of reference](https://asean.org/tor) and [run](javascript:alert(2))\n\n"
    '<script>alert("x")</script><p onmouseover="alert(1)">hover</p>\n'
)


def setup_pages(app):
    with app.app_context():
        series = Series(slug="ahrd", name="ASEAN Human Rights Dialogue", description=WRITTEN)
        db_session().add(series)
        db_session().flush()
        factories.dialogue(slug="7th", series_id=series.id, description=WRITTEN)
        organiser = factories.user(Role.ADMINISTRATOR)
        db_session().commit()
    return organiser


def assert_rendered_and_safe(html: str, heading: str) -> None:
    assert heading in html
    assert "<strong>7th</strong>" in html and "<li>thematic sessions</li>" in html
    assert 'href="https://asean.org/tor"' in html
    assert "# Programme" not in html and "**7th**" not in html
    assert 'alert("x")' not in html and "onmouseover" not in html
    assert "javascript:" not in html and "run" in html and "hover" in html


def test_the_dialogue_page_renders_its_description(app, client):
    setup_pages(app)
    html = client.get("/dialogues/7th").get_data(as_text=True)
    # under the page's "About" heading
    assert_rendered_and_safe(html, "<h3>Programme</h3>")


def test_the_series_page_renders_its_description(app, client):
    setup_pages(app)
    html = client.get("/series/ahrd").get_data(as_text=True)
    assert_rendered_and_safe(html, "<h2>Programme</h2>")
    extract = client.get("/series/").get_data(as_text=True)
    assert "Programme The 7th dialogue." in extract and "**7th**" not in extract


def test_the_forms_say_markdown_is_accepted(app, client):
    organiser = setup_pages(app)
    factories.login(client, organiser)
    for page in ("/dialogues/new", "/dialogues/7th/edit", "/series/new", "/series/ahrd/edit"):
        html = client.get(page).get_data(as_text=True)
        assert "Markdown" in html, page

"""Descriptions are Markdown: rendered, sanitised, with headings under the page's own."""

from __future__ import annotations

import pytest

from core.markdown import to_html, to_text


def test_headings_lists_links_and_emphasis_render():
    html = to_html(
        "# Agenda\n\nThe **7th** dialogue.\n\n- one\n- two\n\n1. first\n\n"
        "[Terms of reference](https://asean.org/tor) and <mailto:secretariat@example.org>\n"
    )
    assert "<h2>Agenda</h2>" in html
    assert "<strong>7th</strong>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html and "<ol>" in html
    assert 'href="https://asean.org/tor"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert 'href="mailto:secretariat@example.org"' in html


def test_headings_start_where_the_page_says():
    assert "<h3>A</h3>" in to_html("# A", first_heading=3)
    assert "<h4>B</h4>" in to_html("## B", first_heading=3)
    assert "<h6>C</h6>" in to_html("###### C", first_heading=3)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("<script>alert(1)</script>", ["<script", "alert(1)"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
        ('<p onclick="alert(1)">hi</p>', ["onclick", "alert"]),
        ('<img src=x onerror="alert(1)">', ["<img", "onerror"]),
        ("[click](javascript:alert(1))", ["javascript:", "href"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:", "href"]),
        ("[x](JaVaScRiPt:alert(1))", ["avascript", "href"]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe", "evil"]),
    ],
)
def test_scripts_styles_handlers_and_script_links_are_removed(text, gone):
    html = to_html(text)
    for piece in gone:
        assert piece.lower() not in html.lower()


def test_the_text_of_a_link_is_kept_when_its_target_is_refused():
    assert "click" in to_html("[click](javascript:alert(1))")


def test_plain_text_extract_has_no_markup():
    assert to_text("# Title\n\n**Bold** & <b>x</b><script>y</script>") == "Title Bold & x"

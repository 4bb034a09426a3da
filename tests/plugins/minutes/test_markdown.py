"""Markdown rendering: whatever the source holds, no script, frame, handler or script link
reaches a page."""

from __future__ import annotations

from plugins.minutes.markdown import escape_markdown, resolve_mentions, to_html

HOSTILE = (
    "# Title\n\n<script>alert(1)</script><iframe src='https://x.example'></iframe>\n\n"
    '<img src=x onerror=alert(2)> <a href="javascript:alert(3)" onclick="alert(4)">a</a> '
    "[b](javascript:alert(5)) <svg onload=alert(6)></svg> [ok](https://ok.example) **bold**"
)


def test_rendering_removes_scripts_frames_handlers_and_script_links():
    html = str(to_html(HOSTILE))
    for banned in (
        "<script",
        "alert(1)",
        "<iframe",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<svg",
        "<img",
    ):
        assert banned not in html
    assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html
    assert '<a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>' in html


def test_a_name_is_shown_as_written_never_read_as_markup():
    label = escape_markdown("<b>Dr. *Star*</b> [link](https://x.example)")
    html = str(to_html(resolve_mentions("Said by @[7].", lambda _id: label)))
    assert "&lt;b&gt;Dr. *Star*&lt;/b&gt; [link](https://x.example)" in html
    assert "<b>" not in html and "<em>" not in html and "<a " not in html

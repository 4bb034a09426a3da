"""Markdown rendering: whatever the source holds, no script, frame, handler or script link
reaches a page."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from core.db import db_session
from plugins.minutes.markdown import escape_markdown, resolve_mentions, to_html
from plugins.minutes.markdown_export import inert_markdown
from plugins.minutes.models import MinutesDocument, MinutesVersion, Recommendation
from tests.plugins.minutes.conftest import publish, recommendation_data, save, signed_in
from tests.plugins.minutes.safety import dangers_in_html, dangers_in_markdown

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


# ways around a cleaner that reads HTML with regular expressions
BYPASSES = (
    "<scr<script></script>ipt>alert(1)</script>",
    '<a title=">" onclick="alert(1)">quoted</a>',
    "<a/onclick=alert(1)>slashed</a>",
    '<a href="jav&#x61;script:alert(1)">entity</a>',
    "[entity](jav&#x61;script:alert(1))",
    '<a href="javascript&colon;alert(1)">named entity</a>',
    "[named entity](javascript&colon;alert(1))",
    "[spaced](<javascript:alert(1)>) [upper](JAVASCRIPT:alert(1)) <javascript:alert(1)>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![i](javascript:x)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<div>\n[in a block](javascript:alert(1))\n</div>",
    "<img src=x onerror=alert(1)> <svg onload=alert(1)> <iframe src=javascript:alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |\n\n- <script>alert(1)</script>",
    "> <b/onclick=x>quoted</b>\n>\n> <a href=' javascript:alert(1)'>spaced</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt; \\<script>alert(1)\\</script> <!-- <script> -->",
)


@pytest.mark.parametrize("source", BYPASSES)
def test_no_way_around_the_safety_of_pages_or_markdown_exports(source):
    html = str(to_html(source))
    assert dangers_in_html(html) == [] and "<script" not in html
    exported = inert_markdown(source)
    assert dangers_in_markdown(exported) == []
    assert inert_markdown(exported) == exported  # exported again, it stays the same


ORDINARY = (
    ("Key data: 40%", "Key data: 40%"),
    ("The javascript: and data: schemes were discussed.", "javascript: and data: schemes"),
    ("Tags such as `<script>` were shown.", "`<script>`"),
    ("```html\n<script>alert(1)</script>\n```", "```html\n<script>alert(1)</script>\n```"),
    ("A ratio < 5 and 3 > 2.", "A ratio &lt; 5 and 3 > 2."),
    ("Mail <office@aichr.example> or see <https://asean.example/a_b>.", "<https://asean.example/a_b>"),
)  # fmt: skip


@pytest.mark.parametrize("source, exported", ORDINARY)
def test_ordinary_text_is_neither_damaged_nor_lost(source, exported):
    assert exported in inert_markdown(source)
    assert to_html(inert_markdown(source)) == to_html(source)


def test_the_markdown_export_renders_as_the_text_does():
    source = (
        "# Outcome *of* the dialogue\n\nDelegates agreed: **protect** defenders_of_rights; "
        'see [the letter](https://a.example/l(1) "Letter"), `code | pipe`.\nSecond line\\\n'
        "third.\n\n- one\n- two\n  1. nested\n\n3. three\n4. four\n\n> Quoted\n> 1986. A year\n\n"
        "| Country | Answer |\n|:--|--:|\n| Viet Nam | `a|b` *yes* |\n\n    indented code\n\n"
        "Setext\n------\n\n***\n\n+ plus\n\n#hashtag, 1) not a list, = and - at the start\n"
        "\\# \\* \\_ \\[ \\] \\` \\\\ &amp;copy; &copy; &#35;\n"
    )
    exported = inert_markdown(source)
    assert to_html(exported) == to_html(source)
    assert inert_markdown(exported) == exported


def test_through_the_app_the_text_is_kept_and_no_output_runs_it(app, world):
    ordinary = "Key data: 40%. Tags such as `<script>` were shown."
    body = ordinary + "\n\n" + "\n\n".join(BYPASSES)
    rapporteur = signed_in(app, world.rapporteur)
    assert save(rapporteur, world.slug, body, 0).status_code == 302
    response = rapporteur.post(
        f"/dialogues/{world.slug}/minutes/recommendations/new",
        data=recommendation_data(text=ordinary + " " + BYPASSES[2]),
    )
    assert response.status_code == 302
    assert publish(app, world).status_code == 302
    with app.app_context():
        assert db_session().scalar(sa.select(MinutesDocument.body)) == body
        assert db_session().scalar(sa.select(MinutesVersion.text)).count(BYPASSES[1]) == 1
        recommendation_id = db_session().scalar(sa.select(Recommendation.id))
    client = app.test_client()
    slug = world.slug
    pages = [
        client.get(f"/dialogues/{slug}/outcome").get_data(as_text=True),
        client.get(f"/dialogues/{slug}/outcome.html").get_data(as_text=True).split("<main>")[1],
        client.get(f"/dialogues/{slug}/recommendations/{recommendation_id}").get_data(as_text=True),
    ]
    data = json.loads(client.get(f"/dialogues/{slug}/outcome.json").data)
    markdowns = [client.get(f"/dialogues/{slug}/outcome.md").get_data(as_text=True)]
    markdowns.append(data["markdown"])
    for page in [*pages, data["html"]]:
        record = page.split('<main id="main"')[-1]
        assert dangers_in_html(record) == [], record
        assert "Key data: 40%" in record and "<code>&lt;script&gt;</code>" in record
    for markdown in markdowns:
        assert dangers_in_markdown(markdown) == []
        assert "Key data: 40%" in markdown and "`<script>`" in markdown


def test_a_code_block_keeps_its_language_as_written_and_links_are_judged_as_browsers_read_them():
    from plugins.minutes.markdown_export import safe_url

    source = "```c\\+\\+ &amp; x\nint a = b < c;\n```\n"
    assert inert_markdown(source) == source and inert_markdown(inert_markdown(source)) == source
    for bad in ("\x01javascript:alert(1)", " java\tscript:alert(1)", "JAVA\nSCRIPT:x", "data:x"):
        assert not safe_url(bad)
    for good in ("https://a.example", "mailto:a@b.example", "/dialogues/7th", "#part", "a/b:c"):
        assert safe_url(good)

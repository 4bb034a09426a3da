"""Markdown written by organisers (the description of a series, a dialogue or a session), shown
as safe HTML.

The text is kept as written. The page renders it with markdown-it-py and sanitises the HTML
with nh3: a short list of formatting tags, links to web and e-mail addresses only; scripts,
styles, event handlers and ``javascript:`` links never reach the page. Headings start at the
level the page gives them, so that they sit under the page's own. E-mails, calendars and feeds
keep the plain text.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# said under every field that takes Markdown
MARKDOWN_HINT = (
    "Markdown is accepted: # for a heading, **bold**, *italic*, - for a list, "
    "[words](https://address) for a link. Scripts, styles and images are not shown."
)

parser = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
# every link is kept for nh3 to judge: markdown-it's own check would print a refused link as
# text, ``javascript:`` and all
parser.validateLink = lambda _url: True


def to_html(text: str, *, first_heading: int = 2) -> Markup:
    """``text`` rendered and sanitised; its ``#`` headings become ``h{first_heading}``, its
    ``##`` the level below, and so on (at most ``h6``)."""
    tokens = parser.parse((text or "").replace("\r\n", "\n"))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + first_heading - 1, 6)}"
    html = parser.renderer.render(tokens, parser.options, {})
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow noopener noreferrer",
        )
    )


def to_text(text: str) -> str:
    """What ``to_html`` shows, as plain text without the formatting (for a short extract)."""
    return to_html(text).striptags()

"""Markdown in, safe HTML out; mentions of participants as ``@[participation id]``.

The author's text is kept as written, whatever it holds. What makes the outputs safe is done
when they are made: the pages render it with markdown-it-py and sanitise the HTML with nh3
(``to_html``: a short list of tags, links to web and e-mail addresses only); the Markdown
export writes it again with HTML as text (``markdown_export``). On saving, the author is told
what the pages will not show (``not_shown``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from markupsafe import Markup

from core.plugin_api import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_parser, markdown_to_html
from plugins.minutes.markdown_export import safe_url

MENTION = re.compile(r"@\[(\d{1,10})\]")

# one sanitiser for every Markdown Parley shows: the core's tags, attributes and parser
_md = markdown_parser


def plain_newlines(text: str) -> str:
    """``text`` with the line ends a browser sends (CR LF) as Markdown's own (LF)."""
    return text.replace("\r\n", "\n")


def not_shown(text: str) -> list[str]:
    """What of ``text`` the pages will not show as written, in plain words (empty when all
    is shown), to tell its author. Nothing is removed from the text: the pages leave it out
    (``to_html``) and the Markdown export shows it as text (``markdown_export``)."""
    found: set[str] = set()
    for token in _md.parse(text):
        for item in [token, *(token.children or [])]:
            if item.type in ("html_block", "html_inline") and _hidden_html(item.content):
                found.add(_WORDS["html"])
            elif item.type == "image":
                found.add(_WORDS["image"])
            elif item.type == "link_open" and not safe_url(str(item.attrs.get("href", ""))):
                found.add(_WORDS["link"])
    return [words for words in _WORDS.values() if words in found]


_WORDS = {
    "html": "HTML other than simple formatting (scripts, frames, images, event handlers…): "
    "the page leaves it out and the Markdown export shows it as text",
    "link": "links to anything but a web or e-mail address (such as javascript:): their "
    "words are shown without the link",
    "image": "images: the page shows none, the Markdown export their description",
}


class _Tags(HTMLParser):
    """Whether a piece of HTML holds anything ``to_html`` leaves out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        if tag not in ALLOWED_TAGS or any(name not in allowed for name, _value in attrs):
            self.hidden = True
        if any(name == "href" and not safe_url(value or "") for name, value in attrs):
            self.hidden = True

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            self.hidden = True

    def handle_comment(self, data: str) -> None:
        self.hidden = True

    def handle_decl(self, decl: str) -> None:
        self.hidden = True

    def handle_pi(self, data: str) -> None:
        self.hidden = True

    def unknown_decl(self, data: str) -> None:
        self.hidden = True


def _hidden_html(html: str) -> bool:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.hidden


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: a name is shown as written, never read as formatting."""
    return re.sub(r"([\\`*_\[\]<>&])", r"\\\1", text)


def resolve_mentions(text: str, label: Callable[[int], str]) -> str:
    """``text`` with each ``@[id]`` replaced by ``label(id)`` (already Markdown-safe)."""
    return MENTION.sub(lambda m: label(int(m.group(1))), text)


def mentioned_ids(text: str) -> set[int]:
    return {int(m) for m in MENTION.findall(text)}


def to_html(markdown: str) -> Markup:
    """Markdown rendered and sanitised: only harmless tags, links to http(s) and mail."""
    return markdown_to_html(markdown, first_heading=1)

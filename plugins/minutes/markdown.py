"""Markdown in, safe HTML out; mentions of participants as ``@[participation id]``.

The source is cleaned when it is saved (``clean_source``), so that no export carries a script,
a frame, an event handler or a ``javascript:`` link, and the author is told what was removed.
The HTML is sanitised again when it is rendered (``to_html``, with nh3), which is what makes
the pages safe whatever the source holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

MENTION = re.compile(r"@\[(\d{1,10})\]")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# what ``clean_source`` removes, each with the words that tell the author about it
_DANGEROUS_ELEMENTS = re.compile(
    r"<(script|style|iframe|frame|frameset|object|embed|applet|svg|math|template)\b[^>]*>"
    r"(?:.*?</\1\s*>)?|</?(?:script|style|iframe|frame|frameset|object|embed|applet|svg|math"
    r"|template)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_EVENT_HANDLER = re.compile(r"""\s+on[a-zA-Z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""")
_BAD_SCHEME = re.compile(r"(?<![\w.+-])(?:javascript|vbscript|data)\s*:", re.IGNORECASE)

_md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
# every link is kept for nh3 to judge: markdown-it's own check would print a refused link as
# text, ``javascript:`` and all
_md.validateLink = lambda _url: True


def clean_source(text: str) -> tuple[str, list[str]]:
    """``text`` without scripts, frames, event handlers and ``javascript:`` links, and a
    plain-words list of what was removed (empty when nothing was)."""
    removed: list[str] = []
    text = text.replace("\r\n", "\n")
    cleaned, n = _DANGEROUS_ELEMENTS.subn("", text)
    if n:
        removed.append("scripts, styles, frames or embedded objects")

    def strip_handlers(match: re.Match[str]) -> str:
        return _EVENT_HANDLER.sub("", match.group(0))

    handled = _TAG.sub(strip_handlers, cleaned)
    if handled != cleaned:
        removed.append("event handlers (on…= attributes)")
    schemes, n = _BAD_SCHEME.subn("#", handled)
    if n:
        removed.append("javascript:, vbscript: or data: links")
    return schemes, removed


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
    html = _md.render(markdown)
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow noopener noreferrer",
        )
    )

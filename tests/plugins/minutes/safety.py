"""What a test calls dangerous in an output: an element that runs or loads something, an event
handler, a link or source that is not a web or e-mail address (entities decoded, as a browser
reads them). A Markdown output is judged as the most trusting renderer would show it: raw
HTML passed through, every link followed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

RUNNING = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "template", "img", "video", "audio", "source", "link", "meta", "base", "form",
    "input", "button", "textarea", "select",
}  # fmt: skip
SAFE_SCHEMES = ("http:", "https:", "mailto:")

_trusting = MarkdownIt("commonmark", {"html": True}).enable("table")
_trusting.validateLink = lambda _url: True


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in RUNNING:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                # as a browser reads it: leading controls and spaces dropped, tabs and line
                # breaks removed, then a scheme is a letter followed by letters, digits, + - .
                url = re.sub(r"[\t\n\r]", "", (value or "").lstrip("".join(map(chr, range(33)))))
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url.lower())
                if scheme and f"{scheme.group(1)}:" not in SAFE_SCHEMES:
                    self.found.append(f"{tag} {name}={url}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        if "<" in data:
            self.found.append("a comment holding markup")


def dangers_in_html(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def dangers_in_markdown(markdown: str) -> list[str]:
    return dangers_in_html(_trusting.render(markdown))

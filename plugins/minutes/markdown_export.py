"""The Markdown export: the record as Markdown that runs nothing, whatever renders it.

The author's text is kept as written. The pages render it with markdown-it-py and sanitise the
HTML with nh3; but a Markdown file is read by other programs, some of which pass raw HTML
through and follow any link. So the export is written again from markdown-it-py's syntax tree,
parsed with raw HTML off:

* HTML in the text is text: ``<b>`` is written ``&lt;b>`` and shows as typed, in any renderer
  (a backslash would do for CommonMark, but the original Markdown keeps it and the tag);
* a link to anything but a web or e-mail address (``javascript:``, ``data:``, however it is
  spelt, entities included) keeps its words and loses its address, as on the pages; an image
  keeps its description (the pages show no images);
* everything else renders as on the pages: words, emphasis, links, lists, quotes, tables,
  code (a code span or block keeps ``<script>`` as written, since code shows it as text).

The writing is normalised (``*`` emphasis stays ``*``, an indented code block becomes a fenced
one, a setext heading an ATX one), but no word of the text is lost.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
# every link reaches the tree, to be judged by ``safe_url`` like the pages' links by nh3
_md.validateLink = lambda _url: True

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ALWAYS = re.compile(r"([\\`*_\[\]])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^([#>+\-=~|])")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])")
_ALIGN = {"text-align:left": ":--", "text-align:right": "--:", "text-align:center": ":-:"}


def safe_url(url: str) -> bool:
    """A web or e-mail address, or a relative one (no scheme at all)."""
    # as a browser reads it: leading controls and spaces dropped, tabs and line breaks removed
    url = re.sub(r"[\t\n\r]", "", url.lstrip("".join(map(chr, range(33)))))
    found = _SCHEME.match(url)
    if found:
        return found.group(1).lower() in URL_SCHEMES
    return ":" not in re.split(r"[/?#]", url, maxsplit=1)[0]


def inert_markdown(text: str) -> str:
    """``text`` written again as Markdown in which HTML is text and no link runs a script."""
    tree = SyntaxTreeNode(_md.parse(text))
    out = _Writer().blocks(tree.children, tight=False)
    return out + "\n" if out else ""


class _Writer:
    def blocks(self, nodes: list[SyntaxTreeNode], *, tight: bool) -> str:
        parts: list[str] = []
        for node in nodes:
            if parts:
                parts.append("\n" if tight and self.follows_a_line(node) else "\n\n")
            parts.append(self.block(node))
        return "".join(parts)

    @staticmethod
    def follows_a_line(node: SyntaxTreeNode) -> bool:
        """Whether ``node`` may follow a line of a tight list item directly: a list may (one
        numbered from other than 1 would be read as the line's continuation)."""
        if node.type == "bullet_list":
            return True
        return node.type == "ordered_list" and int(node.attrs.get("start", 1)) == 1

    def block(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "paragraph":
            return self.inline(node.children[0].children if node.children else [], lead=True)
        if kind == "heading":
            line = self.inline(node.children[0].children, lead=False, heading=True)
            line = re.sub(r"(#+)$", r"\\\1", line)
            return "#" * int(node.tag[1]) + (" " + line if line else "")
        if kind in ("bullet_list", "ordered_list"):
            return self.list(node)
        if kind == "blockquote":
            inner = self.blocks(node.children, tight=False)
            return "\n".join(("> " + line) if line else ">" for line in inner.split("\n"))
        if kind in ("fence", "code_block"):
            return self.fence(node)
        if kind == "hr":
            return "***"
        if kind == "table":
            return self.table(node)
        # anything else (raw HTML cannot occur with HTML off) is written as text
        return self.text(node.content, lead=True)

    def list(self, node: SyntaxTreeNode) -> str:
        paragraphs = [c for item in node.children for c in item.children if c.type == "paragraph"]
        tight = all(p.hidden for p in paragraphs)
        items = []
        number = int(node.attrs.get("start", 1))
        for item in node.children:
            if node.type == "ordered_list":
                marker = f"{item.info or number}{node.markup}"
                number += 1
            else:
                marker = node.markup
            inner = self.blocks(item.children, tight=tight)
            pad = " " * (len(marker) + 1)
            lines = inner.split("\n") if inner else [""]
            first = f"{marker} {lines[0]}" if lines[0] else marker
            rest = [(pad + line) if line else "" for line in lines[1:]]
            items.append("\n".join([first, *rest]))
        return ("\n" if tight else "\n\n").join(items)

    def fence(self, node: SyntaxTreeNode) -> str:
        content = node.content
        if content and not content.endswith("\n"):
            content += "\n"
        # the info string as written (markdown-it unescapes it when rendering, so it is kept
        # as it is); a renderer only ever puts it, escaped, in a class attribute
        info = node.info.strip() if node.type == "fence" else ""
        char = "~" if "`" in info else "`"
        runs = [len(run) for run in re.findall(re.escape(char) + "+", content)]
        fence = char * max(3, max(runs, default=0) + 1)
        return f"{fence}{info}\n{content}{fence}"

    def table(self, node: SyntaxTreeNode) -> str:
        rows: list[list[SyntaxTreeNode]] = [
            row.children for section in node.children for row in section.children
        ]
        header = rows[0]
        rule = [_ALIGN.get(str(c.attrs.get("style", "")), "---") for c in header]
        lines = [self.row(header), "| " + " | ".join(rule) + " |"]
        lines += [self.row(row) for row in rows[1:]]
        return "\n".join(lines)

    def row(self, cells: list[SyntaxTreeNode]) -> str:
        written = [
            self.inline(c.children[0].children if c.children else [], lead=False, cell=True)
            for c in cells
        ]
        return "| " + " | ".join(written) + " |"

    def inline(
        self,
        nodes: list[SyntaxTreeNode],
        *,
        lead: bool,
        heading: bool = False,
        cell: bool = False,
    ) -> str:
        """Inline nodes as Markdown; ``lead``: the first node starts a line of a paragraph."""
        out: list[str] = []
        line_start = lead
        for node in nodes:
            kind = node.type
            if kind == "text":
                out.append(self.text(node.content, lead=line_start, cell=cell))
            elif kind == "softbreak":
                out.append(" " if heading or cell else "\n")
                line_start = not (heading or cell)
                continue
            elif kind == "hardbreak":
                out.append(" " if heading or cell else "\\\n")
                line_start = not (heading or cell)
                continue
            elif kind in ("em", "strong"):
                inner = self.inline(node.children, lead=False, heading=heading, cell=cell)
                out.append(f"{node.markup}{inner}{node.markup}")
            elif kind == "code_inline":
                out.append(self.code(node, cell=cell))
            elif kind == "link":
                out.append(self.link(node, heading=heading, cell=cell))
            elif kind == "image":
                out.append(self.inline(node.children, lead=False, heading=heading, cell=cell))
            else:  # raw HTML cannot occur with HTML off; anything unknown is text
                out.append(self.text(node.content, lead=line_start, cell=cell))
            line_start = False
        return "".join(out)

    def text(self, content: str, *, lead: bool = False, cell: bool = False) -> str:
        # ``<`` as an entity, not ``\<``: the original Markdown (and Python-Markdown) would
        # keep the backslash and pass the tag through
        escaped = _ALWAYS.sub(r"\\\1", _ENTITY_LIKE.sub("&amp;", content)).replace("<", "&lt;")
        if cell:
            escaped = escaped.replace("|", "\\|")
        if lead:
            escaped = _LINE_START.sub(r"\\\1", escaped)
            escaped = _NUMBERED.sub(r"\1\\\2", escaped)
        return escaped

    def code(self, node: SyntaxTreeNode, *, cell: bool) -> str:
        content = node.content
        runs = {len(run) for run in re.findall("`+", content)}
        ticks = node.markup if len(node.markup) not in runs else "`" * (max(runs) + 1)
        padded = content.startswith("`") or content.endswith("`")
        padded = padded or (content.startswith(" ") and content.endswith(" ") and content.strip())
        if padded:
            content = f" {content} "
        if cell:
            content = content.replace("|", "\\|")
        return f"{ticks}{content}{ticks}"

    def link(self, node: SyntaxTreeNode, *, heading: bool, cell: bool) -> str:
        href = str(node.attrs.get("href", ""))
        words = self.inline(node.children, lead=False, heading=heading, cell=cell)
        if not safe_url(href):
            return words
        if node.markup == "autolink":  # <https://…>, <mailto:…> or <name@example.org>
            shown = "".join(child.content for child in node.children)
            mailbox = href.startswith("mailto:") and not shown.startswith("mailto:")
            return f"<{href.removeprefix('mailto:') if mailbox else href}>"
        destination = href  # normalised by markdown-it: no space, no control character
        if re.search(r"[()<>\\]", href):
            destination = "<" + re.sub(r"([<>\\])", r"\\\1", href) + ">"
        title = node.attrs.get("title")
        if title:
            quoted = str(title).replace("\\", "\\\\").replace('"', '\\"')
            destination += f' "{quoted}"'
        if cell:
            destination = destination.replace("|", "%7C")
        return f"[{words}]({destination})"

"""The Atom feed (RFC 4287) of published outcome records: an entry for the latest published
version of each record (a correction is a new entry, with the version's own id).

An entry says what was published, when, and what changed; it names nobody, so the feed is the
same for every reader and needs no visibility decision.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from flask import url_for

from core.plugin_api import Dialogue, utcnow
from plugins.minutes.models import MinutesVersion

ATOM = "http://www.w3.org/2005/Atom"
# characters XML 1.0 cannot carry (a form feed, a vertical tab, most other control characters)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry: whatever a record's title or its
    "what changed" hold, the feed stays well-formed."""
    return _NOT_XML.sub("", text)


def _tag_uri(version: MinutesVersion, dialogue: Dialogue) -> str:
    """A permanent id: the same version keeps it whatever the host name becomes."""
    day = version.published_at.date().isoformat()
    return f"tag:parley,{day}:outcome/{dialogue.slug}/{version.number}"


def atom(entries: list[tuple[MinutesVersion, Dialogue]]) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = url_for("minutes.index", _external=True)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Parley: published outcome records"
    updated = max((v.published_at for v, _d in entries), default=utcnow())
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}author").append(_text("name", "Parley"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=url_for("minutes.feed", _external=True))
    ET.SubElement(feed, f"{{{ATOM}}}link", href=url_for("minutes.index", _external=True))
    for version, dialogue in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = xml_text(_tag_uri(version, dialogue))
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(
            f"{dialogue.title}: outcome record, version {version.number}"
        )
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = version.published_at.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}published").text = version.published_at.isoformat()
        href = url_for("minutes.outcome", slug=dialogue.slug, number=version.number, _external=True)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href)
        summary = f"Version {version.number} of the outcome record of {dialogue.title}."
        if version.changes:
            summary += f" What changed: {version.changes}"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(tag: str, value: str) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}{tag}")
    element.text = value
    return element

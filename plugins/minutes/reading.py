"""A published version, or the draft, as one reader may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from core.models import Dialogue
from core.visibility import Viewer
from plugins.minutes.attribution import Labeller, load_participations
from plugins.minutes.composition import chatham, compose, participation_ids, sessions_by_id
from plugins.minutes.markdown import to_html


@dataclass(frozen=True)
class Reading:
    markdown: str
    html: Markup


def guarded(dialogue: Dialogue, content: dict[str, Any]) -> dict[str, Any]:
    """``content`` with the Chatham House Rule applied as the programme says today too: a
    session marked Chatham House after publication names nobody from then on."""
    sessions = sessions_by_id(dialogue)
    return {
        **content,
        "sections": [
            {**s, "chatham_house": s["chatham_house"] or chatham(s["session_id"], sessions)}
            for s in content["sections"]
        ],
        "recommendations": [
            {**r, "chatham_house": r["chatham_house"] or chatham(r["session_id"], sessions)}
            for r in content["recommendations"]
        ],
    }


def read(dialogue: Dialogue, content: dict[str, Any], viewer: Viewer) -> Reading:
    """The record as Markdown and as sanitised HTML, every name as ``viewer`` may see it."""
    content = guarded(dialogue, content)
    labeller = Labeller(viewer, load_participations(dialogue, participation_ids(content)))
    markdown = compose(content, labeller.markdown)
    return Reading(markdown=markdown, html=to_html(markdown))

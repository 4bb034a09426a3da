"""A published version, the draft, or one recommendation, as one reader may see it.

Every output that may name someone is made here, with the Chatham House Rule decided by
``chatham.Programme`` at that moment."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markupsafe import Markup

from core.plugin_api import Dialogue, SessionSummary, Viewer
from plugins.minutes.attribution import Labeller, load_participations
from plugins.minutes.chatham import Programme, recorded_flags
from plugins.minutes.composition import compose, participation_ids
from plugins.minutes.markdown import mentioned_ids, resolve_mentions, to_html
from plugins.minutes.markdown_export import inert_markdown
from plugins.minutes.models import Recommendation


class Reading:
    """The record for one reader: ``html`` for the pages, ``markdown`` for the exports."""

    def __init__(self, source: str) -> None:
        self.source = source  # as composed: the authors' Markdown, names as this reader sees
        self.html: Markup = to_html(source)

    @cached_property
    def markdown(self) -> str:
        """The Markdown export: HTML as text, no link but to web and e-mail addresses."""
        return inert_markdown(self.source)


def guarded(dialogue: Dialogue, content: dict[str, Any]) -> dict[str, Any]:
    """``content`` with the Chatham House Rule applied as the programme says now, on top of
    what was recorded at publication: a session marked Chatham House after publication names
    nobody from then on, and one unmarked later does not start naming people."""
    programme = Programme.of(dialogue)

    def part(item: dict[str, Any]) -> dict[str, Any]:
        rule = programme.under_rule(item["session_id"], recorded=item["chatham_house"])
        return {**item, "chatham_house": rule}

    return {
        **content,
        "sections": [part(s) for s in content["sections"]],
        "recommendations": [part(r) for r in content["recommendations"]],
    }


def read(dialogue: Dialogue, content: dict[str, Any], viewer: Viewer) -> Reading:
    """The record as Markdown and as sanitised HTML, every name as ``viewer`` may see it."""
    content = guarded(dialogue, content)
    labeller = Labeller(viewer, load_participations(dialogue, participation_ids(content)))
    return Reading(compose(content, labeller.markdown))


@dataclass(frozen=True)
class RecommendationReading:
    """One recommendation as one reader may see it."""

    source: str  # its Markdown, mentions as this reader may see them
    plain: str  # the same in plain words, for e-mails
    credit: str  # who put it forward ("" for nobody), in plain words
    session: SessionSummary | None
    under_rule: bool


def read_recommendation(
    dialogue: Dialogue,
    item: Recommendation,
    viewer: Viewer,
    *,
    programme: Programme | None = None,
    recorded: dict[int, bool] | None = None,
) -> RecommendationReading:
    """``item``'s text and credit for ``viewer``, under the Chatham House Rule as it stands now
    (``programme``, read from the sessions plugin unless given) and as the latest published
    version recorded it (``recorded``, read unless given)."""
    programme = programme if programme is not None else Programme.of(dialogue)
    recorded = recorded if recorded is not None else recorded_flags(dialogue)
    rule = programme.under_rule(item.session_id, recorded=recorded.get(item.id, False))
    ids = mentioned_ids(item.text) | ({item.participation_id} if item.participation_id else set())
    labeller = Labeller(viewer, load_participations(dialogue, ids))
    credit = labeller.text(item.participation_id, rule) if item.participation_id else item.coalition
    return RecommendationReading(
        source=resolve_mentions(item.text, lambda i: labeller.markdown(i, rule)),
        plain=resolve_mentions(item.text, lambda i: labeller.text(i, rule)),
        credit=credit,
        session=programme.sessions.get(item.session_id or 0),
        under_rule=rule,
    )

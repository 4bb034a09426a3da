"""An outcome record as data (``snapshot``) and as one Markdown text (``compose``).

A published version keeps the snapshot; its text is ``compose`` with mentions as tokens, and
each reader gets ``compose`` with mentions as they may see them. One function writes both, so
what is shown is what was published.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa

from core.plugin_api import Dialogue, db_session
from plugins.minutes.chatham import Programme
from plugins.minutes.markdown import escape_markdown, mentioned_ids, resolve_mentions
from plugins.minutes.models import RECORD_KEY, MinutesDocument, MinutesRecord, Recommendation

Mention = Callable[[int | None, bool], str]

SOURCE_WORDS = {
    "session": "a session",
    "segment": "a segment of the dialogue",
    "cso-forum": "a CSO forum",
    "dialogue": "the dialogue",
}


def long_date(day: date) -> str:
    """``30 June 2026``."""
    return f"{day.day} {day:%B %Y}"


def snapshot(dialogue: Dialogue, record: MinutesRecord | None) -> dict[str, Any]:
    """The draft as it stands, as JSON-ready data; each part says whether it falls under the
    Chatham House Rule now (``chatham.Programme``)."""
    programme = Programme.of(dialogue)
    sessions = programme.sessions
    documents = []
    if record is not None:
        documents = list(
            db_session().scalars(
                sa.select(MinutesDocument).where(MinutesDocument.record_id == record.id)
            )
        )
    order = {RECORD_KEY: -1} | {f"session-{sid}": i for i, sid in enumerate(sessions)}
    documents.sort(key=lambda d: (order.get(d.key, len(order)), d.id))
    recommendations = db_session().scalars(
        sa.select(Recommendation)
        .where(Recommendation.dialogue_id == dialogue.id)
        .order_by(Recommendation.number)
    )
    first_titles = _first_titles(dialogue)
    return {
        "title": dialogue.title,
        "sections": [
            {
                "key": d.key,
                "title": sessions[d.session_id].title if d.session_id in sessions else d.title,
                "session_id": d.session_id,
                "chatham_house": programme.under_rule(d.session_id),
                "body": d.body,
            }
            for d in documents
            if d.body.strip()
        ],
        "recommendations": [
            {
                "id": r.id,
                "number": r.number,
                "text": r.text,
                "addressee": r.addressee,
                "thematic_area": r.thematic_area,
                "source": r.source.value,
                "source_detail": r.source_detail,
                "session_id": r.session_id,
                "chatham_house": programme.under_rule(r.session_id),
                "participation_id": r.participation_id,
                "coalition": r.coalition,
                "first_made_in": first_titles.get(r.first_dialogue_id, "")
                if r.first_dialogue_id != dialogue.id
                else "",
                "due_on": r.due_on.isoformat(),
            }
            for r in recommendations
        ],
    }


def _first_titles(dialogue: Dialogue) -> dict[int, str]:
    rows = db_session().execute(
        sa.select(Dialogue.id, Dialogue.title)
        .join(Recommendation, Recommendation.first_dialogue_id == Dialogue.id)
        .where(Recommendation.dialogue_id == dialogue.id)
        .distinct()
    )
    return {row.id: row.title for row in rows}


def participation_ids(content: dict[str, Any]) -> set[int]:
    """Every participation the content mentions or credits."""
    ids = set()
    for section in content["sections"]:
        ids |= mentioned_ids(section["body"])
    for item in content["recommendations"]:
        ids |= mentioned_ids(item["text"])
        if item["participation_id"]:
            ids.add(item["participation_id"])
    return ids


def attribution(item: dict[str, Any], mention: Mention) -> str:
    if item["participation_id"]:
        return mention(item["participation_id"], item["chatham_house"])
    return escape_markdown(item["coalition"])


def compose(content: dict[str, Any], mention: Mention) -> str:
    """The whole record as Markdown, each mention written by ``mention(id, chatham_house)``."""
    parts = [f"# {escape_markdown(content['title'])}: outcome record"]
    for section in content["sections"]:
        if section["key"] != RECORD_KEY:
            parts.append(f"## {escape_markdown(section['title'])}")
        if section["chatham_house"]:
            parts.append("*Held under the Chatham House Rule: nobody is named.*")
        body = resolve_mentions(
            section["body"], lambda i, s=section: mention(i, s["chatham_house"])
        )
        parts.append(body.strip())
    if content["recommendations"]:
        parts.append("## Recommendations")
    for item in content["recommendations"]:
        parts.append(f"### {item['number']}. To {escape_markdown(item['addressee'])}")
        parts.append(
            resolve_mentions(item["text"], lambda i, r=item: mention(i, r["chatham_house"]))
        )
        facts = []
        if item["thematic_area"]:
            facts.append(f"Thematic area: {escape_markdown(item['thematic_area'])}")
        source = SOURCE_WORDS[item["source"]]
        if item["source_detail"]:
            source = escape_markdown(item["source_detail"])
        facts.append(f"Made in: {source}")
        if item["first_made_in"]:
            facts.append(f"First made at: {escape_markdown(item['first_made_in'])}")
        credit = attribution(item, mention)
        if credit:
            facts.append(f"Put forward by: {credit}")
        facts.append(f"Response due: {long_date(date.fromisoformat(item['due_on']))}")
        parts.append("\n".join(f"- {fact}" for fact in facts))
    return "\n\n".join(parts) + "\n"

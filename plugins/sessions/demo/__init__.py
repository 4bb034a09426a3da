"""The demo's programmes (``programmes.toml``), released; a dialogue that already has sessions
is left as it is, so ``parley demo`` can run again."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from core.plugin_api import Dialogue, Participation, Person, db_session, to_utc
from plugins.sessions import releases
from plugins.sessions.models import (
    ProgrammeSession,
    SessionKind,
    SessionPerson,
    SessionRole,
    SessionStatus,
)

DATA = Path(__file__).with_name("programmes.toml")
ROLES = {"chairs": SessionRole.CHAIR, "speakers": SessionRole.SPEAKER}


def load() -> None:
    session = db_session()
    for programme in tomllib.loads(DATA.read_text(encoding="utf-8"))["programmes"]:
        dialogue = session.scalar(sa.select(Dialogue).where(Dialogue.slug == programme["dialogue"]))
        if dialogue is None or _has_sessions(dialogue):
            continue
        people = _participations(dialogue)
        made = [_session(dialogue, item, people) for item in programme["sessions"]]
        session.add_all(made)
        session.flush()
        first, *later = programme["releases"]
        releases.release(dialogue, first, None)
        for name in later:
            for item, programme_session in zip(programme["sessions"], made, strict=True):
                _revise(dialogue, programme_session, item.get("revised", {}))
            session.flush()
            releases.release(dialogue, name, None)


def _has_sessions(dialogue: Dialogue) -> bool:
    query = sa.select(ProgrammeSession.id).where(ProgrammeSession.dialogue_id == dialogue.id)
    return db_session().scalar(query.limit(1)) is not None


def _participations(dialogue: Dialogue) -> dict[str, int]:
    rows = db_session().execute(
        sa.select(Person.name, Participation.id)
        .join(Participation, Participation.person_id == Person.id)
        .where(Participation.dialogue_id == dialogue.id)
    )
    return {name: pid for name, pid in rows}


def _local(dialogue: Dialogue, moment: datetime) -> datetime:
    return to_utc(moment, dialogue.timezone)


def _session(dialogue: Dialogue, item: dict[str, Any], people: dict[str, int]) -> ProgrammeSession:
    made = ProgrammeSession(
        dialogue_id=dialogue.id,
        title=item["title"],
        kind=SessionKind(item["kind"]),
        starts_at=_local(dialogue, item["starts"]),
        ends_at=_local(dialogue, item["ends"]),
        room=item.get("room", ""),
        description=item.get("description", ""),
        thematic_area=item.get("thematic_area", ""),
        attend_categories=sorted(item.get("attend", [])),
        speak_categories=sorted(item.get("speak", [])),
        chatham_house=item.get("chatham_house", False),
    )
    for key, role in ROLES.items():
        for position, name in enumerate(item.get(key, [])):
            if name in people:
                made.people.append(
                    SessionPerson(participation_id=people[name], role=role, position=position)
                )
    return made


def _revise(dialogue: Dialogue, session: ProgrammeSession, revised: dict[str, Any]) -> None:
    """What changed between the demo's releases: a move marks the session changed."""
    if not revised:
        return
    if "starts" in revised:
        session.starts_at = _local(dialogue, revised["starts"])
        session.ends_at = _local(dialogue, revised["ends"])
    session.room = revised.get("room", session.room)
    session.status = SessionStatus.CHANGED

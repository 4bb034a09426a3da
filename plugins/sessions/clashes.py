"""Clash detection. A room booked twice at once is refused; a person with a part in two
overlapping sessions is allowed (plans change, deputies step in) but the organisers are warned,
by name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from core.plugin_api import db_session
from plugins.sessions.models import ProgrammeSession, SessionStatus


def room_key(room: str) -> str:
    """Rooms compare without regard to case and spacing: "Hall A" is "hall  a"."""
    return " ".join(room.split()).casefold()


def room_clashes(
    dialogue_id: int, starts_at: datetime, ends_at: datetime, room: str, exclude_id: int | None
) -> list[ProgrammeSession]:
    """Sessions (not cancelled) of the dialogue in ``room`` overlapping the given times."""
    if not room_key(room):
        return []
    query = sa.select(ProgrammeSession).where(
        ProgrammeSession.dialogue_id == dialogue_id,
        ProgrammeSession.status != SessionStatus.CANCELLED,
        ProgrammeSession.starts_at < ends_at,
        ProgrammeSession.ends_at > starts_at,
    )
    if exclude_id is not None:
        query = query.where(ProgrammeSession.id != exclude_id)
    return [s for s in db_session().scalars(query) if room_key(s.room) == room_key(room)]


@dataclass(frozen=True)
class PersonClash:
    participation_id: int
    first: ProgrammeSession
    second: ProgrammeSession


def people_clashes(sessions: list[ProgrammeSession]) -> list[PersonClash]:
    """Every person who has a part (chair, moderator, speaker, rapporteur) in two sessions
    that overlap, cancelled sessions aside. ``sessions`` carry their people loaded."""
    parts: dict[int, list[ProgrammeSession]] = defaultdict(list)
    for session in sessions:
        if session.status == SessionStatus.CANCELLED:
            continue
        for pid in sorted({p.participation_id for p in session.people}):
            parts[pid].append(session)
    clashes = []
    for pid, held in parts.items():
        held.sort(key=lambda s: (s.starts_at, s.id))
        for i, first in enumerate(held):
            for second in held[i + 1 :]:
                if second.starts_at >= first.ends_at:
                    break
                clashes.append(PersonClash(pid, first, second))
    return sorted(clashes, key=lambda c: (c.first.starts_at, c.second.starts_at))

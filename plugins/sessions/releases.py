"""Released versions of a programme, as pretalx releases schedules.

The organisers edit sessions freely; the public sees only what was released. A release keeps
the whole programme as it stood (one JSON document, read in one query by every public page
and feed) and a changelog against the previous release. A session's ``sequence`` (iCalendar's
SEQUENCE) goes up in every release that changes it, so calendar clients replace their copy.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from core.plugin_api import Dialogue, db_session, utcnow
from plugins.sessions.models import (
    KIND_LABELS,
    ProgrammeSession,
    Release,
    SessionKind,
    SessionRole,
    SessionStatus,
)

# what a change to each field is called in a changelog; the others are "changed"
MOVES = {"starts_at", "ends_at", "room"}

T = TypeVar("T")


_KINDS = {kind.value: kind for kind in SessionKind}
_STATUSES = {status.value: status for status in SessionStatus}
_when = datetime.fromisoformat


@dataclass(frozen=True)
class Released:
    """A session as a release holds it."""

    id: int
    title: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    room: str
    online_url: str
    description: str
    thematic_area: str
    attend: tuple[str, ...]
    speak: tuple[str, ...]
    chatham_house: bool
    status: SessionStatus
    people: dict[str, tuple[int, ...]]
    sequence: int
    modified_at: datetime

    @classmethod
    def load(cls, data: dict[str, Any]) -> Released:
        return cls(
            id=data["id"],
            title=data["title"],
            kind=_KINDS[data["kind"]],
            starts_at=_when(data["starts_at"]),
            ends_at=_when(data["ends_at"]),
            room=data["room"],
            online_url=data["online_url"],
            description=data["description"],
            thematic_area=data["thematic_area"],
            attend=tuple(data["attend"]),
            speak=tuple(data["speak"]),
            chatham_house=data["chatham_house"],
            status=_STATUSES[data["status"]],
            people={role: tuple(ids) for role, ids in data["people"].items()},
            sequence=data["sequence"],
            modified_at=_when(data["modified_at"]),
        )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def ids(self, role: SessionRole) -> tuple[int, ...]:
        return self.people.get(role.value, ())

    @cached_property
    def participation_ids(self) -> frozenset[int]:
        """Everyone with a part in the session (worked out once per parsed release)."""
        return frozenset(pid for ids in self.people.values() for pid in ids)

    def may_attend(self, category: str) -> bool:
        return not self.attend or category in self.attend


def content(session: ProgrammeSession) -> dict[str, Any]:
    """What a release keeps of a session, without its sequence and time of change."""
    return {
        "id": session.id,
        "title": session.title,
        "kind": session.kind.value,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room": session.room,
        "online_url": session.online_url,
        "description": session.description,
        "thematic_area": session.thematic_area,
        "attend": sorted(session.attend_categories),
        "speak": sorted(session.speak_categories),
        "chatham_house": session.chatham_house,
        "status": session.status.value,
        "people": {role.value: session.ids(role) for role in SessionRole},
    }


def lock_programme(dialogue: Dialogue) -> None:
    """Hold the dialogue's row lock until the transaction ends: two organisers saving sessions
    at once are checked for room clashes one after the other, never both against the past, and
    two releasing at once get consecutive numbers."""
    db_session().execute(
        sa.update(Dialogue).where(Dialogue.id == dialogue.id).values(id=Dialogue.id)
    )


def latest(dialogue_id: int) -> Release | None:
    return db_session().scalar(
        sa.select(Release)
        .where(Release.dialogue_id == dialogue_id)
        .order_by(Release.number.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Version:
    """What the pages say of a release besides its sessions."""

    number: int
    name: str
    released_at: datetime


# releases read and parsed in this process, each into the shape its readers use: by slot
# and key, (release id, version, the shaped sessions). A release never changes once made, and
# every call still asks the database which release is the latest, so any number of processes
# agree; this only spares reading and parsing the programme's JSON (250 kB for 300 sessions,
# some 3.5 ms), and shaping it, on every page and feed.
PARSED_KEPT = 64


def _latest(
    dialogue_id: int, slot: str, key: Hashable, shape: Callable[[list[Released]], T]
) -> tuple[Version | None, T]:
    """The latest release's ``Version`` (None before the first) and its sessions as
    ``shape`` makes them, in one query; the JSON is read only when this process has not
    kept that release in ``slot`` under ``key`` yet."""
    kept: dict[Hashable, tuple[int, Version, T]]
    kept = current_app.extensions.setdefault(slot, {})
    known = kept.get(key)
    known_id, known_at = (known[0], known[1].released_at) if known else (-1, None)
    same = sa.and_(Release.id == known_id, Release.released_at == known_at)
    row = (
        db_session()
        .execute(
            sa.select(
                Release.id,
                Release.number,
                Release.name,
                Release.released_at,
                sa.type_coerce(sa.case((same, sa.null()), else_=Release.sessions), sa.JSON),
            )
            .where(Release.dialogue_id == dialogue_id)
            .order_by(Release.number.desc())
            .limit(1)
        )
        .first()
    )
    if row is None:
        return None, shape([])
    release_id, number, name, released_at, data = row
    if data is None and known is not None and (known_id, known_at) == (release_id, released_at):
        return known[1], known[2]
    version = Version(number, name, released_at)
    shaped = shape([Released.load(item) for item in data or []])
    if len(kept) >= PARSED_KEPT:
        kept.clear()
    kept[key] = (release_id, version, shaped)
    return version, shaped


def latest_release(dialogue_id: int) -> tuple[Version | None, list[Released]]:
    """The latest release's ``Version`` and ``released_sessions`` of it (one query)."""
    version, sessions = _latest(dialogue_id, "parley.sessions.releases", dialogue_id, tuple)
    return version, list(sessions)


def latest_sessions(dialogue_id: int) -> tuple[datetime | None, list[Released]]:
    """When the latest release was made, and ``released_sessions`` of it (one query)."""
    version, sessions = latest_release(dialogue_id)
    return (version.released_at if version else None), sessions


def latest_by_day(dialogue: Dialogue) -> tuple[Version | None, dict[date, tuple[Released, ...]]]:
    """The latest release's ``Version`` and its sessions by the day they start on at the
    venue, each day's in programme order (one query): a page of one day reads that day's
    sessions only, however many the programme has."""

    def by_day(sessions: list[Released]) -> dict[date, tuple[Released, ...]]:
        days: dict[date, list[Released]] = {}
        for session in sessions:
            days.setdefault(session.starts_at.astimezone(venue).date(), []).append(session)
        return {day: tuple(held) for day, held in days.items()}

    venue = dialogue.zone
    key = (dialogue.id, dialogue.timezone)
    return _latest(dialogue.id, "parley.sessions.releases.by_day", key, by_day)


def released_ids(dialogue_id: int) -> set[int]:
    """The ids of the sessions in the latest release."""
    release = latest(dialogue_id)
    return {data["id"] for data in release.sessions} if release else set()


def released_sessions(release: Release | None) -> list[Released]:
    """The sessions of ``release`` in programme order (none before the first release)."""
    if release is None:
        return []
    return [Released.load(data) for data in release.sessions]


def current_sessions(dialogue: Dialogue) -> list[ProgrammeSession]:
    """The sessions as the organisers last saved them, in programme order."""
    return list(
        db_session().scalars(
            sa.select(ProgrammeSession)
            .where(ProgrammeSession.dialogue_id == dialogue.id)
            .options(selectinload(ProgrammeSession.people))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.ends_at, ProgrammeSession.id)
        )
    )


def _kind_of_change(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    if before == after:
        return None
    if after["status"] == SessionStatus.CANCELLED and before["status"] != after["status"]:
        return "cancelled"
    fields = {key for key in after if before.get(key) != after[key]} - {"status"}
    return "moved" if fields and fields <= MOVES else "changed"


def changes_since(previous: Release | None, sessions: list[ProgrammeSession]) -> list[dict]:
    """The changelog of releasing ``sessions`` now: what was added, moved, changed or
    cancelled since ``previous`` (a released session is never deleted, only cancelled). Each
    entry names the session by title and, when it moved, gives the old and new times (UTC)
    and rooms."""
    before = {data["id"]: data for data in (previous.sessions if previous else [])}
    changes: list[dict] = []
    for session in sessions:
        now = content(session)
        old = before.pop(session.id, None)
        if old is None:
            changes.append({"change": "added", "session_id": session.id, "title": session.title})
            continue
        kind = _kind_of_change({k: old[k] for k in now}, now)
        if kind is None:
            continue
        entry = {"change": kind, "session_id": session.id, "title": session.title}
        if kind == "moved" or now["starts_at"] != old["starts_at"]:
            entry.update(
                {
                    "from": [old["starts_at"], old["ends_at"], old["room"]],
                    "to": [now["starts_at"], now["ends_at"], now["room"]],
                }
            )
        changes.append(entry)
    return changes


def release(dialogue: Dialogue, name: str, actor_id: int | None) -> Release:
    """Release the programme of ``dialogue`` as it stands, under ``name`` (not committed).

    Takes the dialogue's row lock first, so that two organisers releasing at once get
    consecutive numbers and each changelog is against the release before it.
    """
    lock_programme(dialogue)
    previous = latest(dialogue.id)
    sessions = current_sessions(dialogue)
    now = utcnow()
    before = {data["id"]: data for data in (previous.sessions if previous else [])}
    snapshot = []
    for programme_session in sessions:
        data = content(programme_session)
        old = before.get(programme_session.id)
        if old is not None and {k: old[k] for k in data} == data:
            data.update(sequence=old["sequence"], modified_at=old["modified_at"])
        else:
            sequence = old["sequence"] + 1 if old is not None else 0
            data.update(sequence=sequence, modified_at=now.isoformat())
        snapshot.append(data)
    created = Release(
        dialogue_id=dialogue.id,
        number=(previous.number + 1) if previous else 1,
        name=name,
        released_at=now,
        released_by_id=actor_id,
        sessions=snapshot,
        changes=changes_since(previous, sessions),
    )
    db_session().add(created)
    db_session().flush()
    return created

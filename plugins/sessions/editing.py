"""Saving the organisers' changes to sessions."""

from __future__ import annotations

from core.plugin_api import Category, Dialogue, Viewer, label, to_local
from plugins.sessions.feed_keys import ENDED
from plugins.sessions.forms import ROLE_FIELDS, SessionForm
from plugins.sessions.models import ProgrammeSession, SessionKind, SessionPerson, SessionStatus
from plugins.sessions.people import People, dialogue_rows

FIELDS = ("title", "room", "online_url", "description", "thematic_area", "chatham_house")


def people_choices(dialogue: Dialogue, viewer: Viewer) -> list[tuple[int, str, Category]]:
    """The dialogue's participations (but withdrawn and rejected ones) to choose people from,
    as ``(id, "Name (Organisation), category", category)``."""
    rows = dialogue_rows(dialogue.id, ENDED)
    people = People(viewer, rows)
    return [
        (pid, f"{people.label(pid)}, {label(row.category)}", row.category)
        for pid, row in rows.items()
    ]


def fill_form(form: SessionForm, session: ProgrammeSession, zone: str) -> None:
    for name in FIELDS:
        getattr(form, name).data = getattr(session, name)
    form.kind.data = session.kind.value
    form.starts_at.data = to_local(session.starts_at, zone)
    form.ends_at.data = to_local(session.ends_at, zone)
    form.attend_categories.data = list(session.attend_categories)
    form.speak_categories.data = list(session.speak_categories)
    for role, name in ROLE_FIELDS.items():
        getattr(form, name).data = session.ids(role)


def apply_form(session: ProgrammeSession, form: SessionForm, released: bool) -> None:
    """Copy the form into ``session``. A released session that moves (time or room) is marked
    changed, so that the timetable says so."""
    moved = (session.starts_at, session.ends_at, session.room) != (
        form.starts_utc,
        form.ends_utc,
        form.room.data or "",
    )
    for name in FIELDS:
        setattr(session, name, form[name].data or ("" if name != "chatham_house" else False))
    session.kind = SessionKind(form.kind.data)
    session.starts_at, session.ends_at = form.starts_utc, form.ends_utc
    session.attend_categories = sorted(form.attend_categories.data or [])
    session.speak_categories = sorted(form.speak_categories.data or [])
    if released and moved and session.status == SessionStatus.SCHEDULED:
        session.status = SessionStatus.CHANGED
    wanted = {
        (role, pid): position
        for role, name in ROLE_FIELDS.items()
        for position, pid in enumerate(form[name].data or [])
    }
    # keep the rows that stay, so that no (session, person, role) is deleted and re-inserted
    for part in list(session.people):
        key = (part.role, part.participation_id)
        if key in wanted:
            part.position = wanted.pop(key)
        else:
            session.people.remove(part)
    for (role, pid), position in wanted.items():
        session.people.append(SessionPerson(participation_id=pid, role=role, position=position))

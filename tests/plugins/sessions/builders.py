"""Builders for programme test data. Each adds to the current session and flushes."""

from __future__ import annotations

from datetime import datetime

from core.db import db_session
from core.forms import to_utc
from core.models import Dialogue, Participation
from plugins.sessions import releases
from plugins.sessions.models import (
    ProgrammeSession,
    Release,
    SessionKind,
    SessionPerson,
    SessionRole,
)


def session(
    dialogue: Dialogue,
    starts: str,
    ends: str,
    *,
    title: str = "Session",
    kind: SessionKind = SessionKind.THEMATIC,
    speakers: tuple[Participation, ...] = (),
    chairs: tuple[Participation, ...] = (),
    **fields,
) -> ProgrammeSession:
    """A session from ``starts`` to ``ends``, wall-clock times at the venue ("2030-11-17 09:00")."""
    made = ProgrammeSession(
        dialogue_id=dialogue.id,
        title=title,
        kind=kind,
        starts_at=to_utc(datetime.fromisoformat(starts), dialogue.timezone),
        ends_at=to_utc(datetime.fromisoformat(ends), dialogue.timezone),
        **fields,
    )
    for role, people in ((SessionRole.SPEAKER, speakers), (SessionRole.CHAIR, chairs)):
        for position, participation in enumerate(people):
            made.people.append(
                SessionPerson(participation_id=participation.id, role=role, position=position)
            )
    db_session().add(made)
    db_session().flush()
    return made


def release(dialogue: Dialogue, name: str = "v1") -> Release:
    made = releases.release(dialogue, name, None)
    db_session().commit()
    return made


def organiser_of_empty_dialogue(app, slug: str = "empty"):
    """A test client signed in as the organiser of a dialogue with no session and nobody."""
    from core.models import Role
    from tests import factories

    with app.app_context():
        dialogue = factories.dialogue(slug=slug)
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    return client

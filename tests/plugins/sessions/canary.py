"""The canary in the programme: an anonymous participant speaking in a released session, with
a personal calendar link of their own and another participant's. No timetable, session page,
calendar or feed a non-organiser fetches may name them."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import Participation, Person, Series
from plugins.sessions.feed_keys import feed_token, issue
from tests.plugins.sessions import builders


def populate(dialogue, canary, viewers) -> dict:
    if dialogue.series is None:
        dialogue.series = Series(slug="programme-series", name="The series")
    open_participant = db_session().scalar(
        sa.select(Participation)
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.dialogue_id == dialogue.id, Person.name == "Open Participant")
    )
    day = dialogue.local(dialogue.starts_at).date().isoformat()
    session = builders.session(
        dialogue,
        f"{day} 10:00",
        f"{day} 11:00",
        title="Stakeholders' segment",
        speakers=(canary, open_participant),
        chairs=(canary,),
        room="Main Hall",
        online_url="https://meet.example/stakeholders",
    )
    builders.release(dialogue, "Final programme")
    issue(canary, None)
    key = issue(open_participant, None)
    db_session().commit()
    return {
        "session_id": session.id,
        "series_slug": dialogue.series.slug,
        "feed_token": feed_token(key),
    }

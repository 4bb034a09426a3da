"""The canary in the minutes: mentioned as a speaker in the outcome text, credited with a
published recommendation that has a follow-up, in a dialogue of a series with a scorecard;
the published version and the draft both carry it."""

from __future__ import annotations

from datetime import date

from core.db import db_session
from core.models import Series
from plugins.minutes.composition import snapshot
from plugins.minutes.drafting import record_for
from plugins.minutes.models import (
    RECORD_KEY,
    FollowUp,
    MinutesDocument,
    MinutesRevision,
    Recommendation,
    ResponseStatus,
    Source,
)
from plugins.minutes.publication import write_version


def populate(dialogue, canary, viewers) -> dict:
    session = db_session()
    series = Series(slug="canary-series", name="A series")
    session.add(series)
    dialogue.series = series
    record = record_for(dialogue)
    body = f"The floor was given to @[{canary.id}], who spoke at length."
    document = MinutesDocument(
        record_id=record.id, key=RECORD_KEY, title="Outcome", body=body, revision=1
    )
    session.add(document)
    session.flush()
    session.add(MinutesRevision(document_id=document.id, number=1, body=body))
    recommendation = Recommendation(
        dialogue_id=dialogue.id,
        number=1,
        text=f"Protect defenders, as @[{canary.id}] asked.",
        addressee="ASEAN",
        source=Source.DIALOGUE,
        participation_id=canary.id,
        first_dialogue_id=dialogue.id,
        due_on=date(2031, 1, 1),
    )
    recommendation.follow_ups = [
        FollowUp(
            responded_on=date(2031, 2, 1),
            status=ResponseStatus.ACKNOWLEDGED,
            summary="Acknowledged.",
            evidence=["https://example.org/reply"],
        )
    ]
    session.add(recommendation)
    session.flush()
    write_version(
        dialogue, record, snapshot(dialogue, record), published_by=None, changes="First", after=None
    )
    session.flush()
    return {
        "series_slug": series.slug,
        "number": 1,
        "document_id": document.id,
        "recommendation_id": recommendation.id,
        "session_id": 1,
    }

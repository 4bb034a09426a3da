"""The canary in the minutes: mentioned as a speaker in the outcome text of two published
versions that differ in the sentence naming them (so that the difference between the two shows
the mention), credited with a published recommendation that has a follow-up and with a draft
one, in a dialogue of a series with a scorecard."""

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

BODIES = (
    "The floor was given to @[{id}], who spoke at length.",
    "The floor was given to @[{id}], who spoke at length and answered questions.",
)


def populate(dialogue, canary, viewers) -> dict:
    session = db_session()
    if dialogue.series is None:
        dialogue.series = Series(slug="canary-series", name="A series")
    record = record_for(dialogue)
    document = MinutesDocument(record_id=record.id, key=RECORD_KEY, title="Outcome", body="")
    session.add(document)
    recommendation = _recommendation(dialogue, canary, 1, "Protect defenders, as @[{id}] asked.")
    session.add(recommendation)
    published = None
    for number, body in enumerate(BODIES, start=1):
        document.body, document.revision = body.format(id=canary.id), number
        session.flush()
        session.add(MinutesRevision(document_id=document.id, number=number, body=document.body))
        record.draft_revision = number
        published = write_version(
            dialogue,
            record,
            snapshot(dialogue, record),
            published_by=None,
            changes=f"Version {number}",
            after=published,
        )
        session.flush()
    recommendation.follow_ups = [
        FollowUp(
            responded_on=date(2031, 2, 1),
            status=ResponseStatus.ACKNOWLEDGED,
            summary="Acknowledged.",
            evidence=["https://example.org/reply"],
        )
    ]
    # recorded after the last version: still in the draft, so its form opens
    draft = _recommendation(dialogue, canary, 2, "Release @[{id}]'s colleagues.")
    session.add(draft)
    session.flush()
    return {
        "series_slug": dialogue.series.slug,
        "number": 1,
        "document_id": document.id,
        "recommendation_id": recommendation.id,
        "draft_recommendation_id": draft.id,
        "from_version": 1,
        "to_version": published.number,
        "session_id": 1,
    }


def _recommendation(dialogue, canary, number: int, text: str) -> Recommendation:
    return Recommendation(
        dialogue_id=dialogue.id,
        number=number,
        text=text.format(id=canary.id),
        addressee="ASEAN",
        source=Source.DIALOGUE,
        participation_id=canary.id,
        first_dialogue_id=dialogue.id,
        due_on=date(2031, 1, 1),
    )

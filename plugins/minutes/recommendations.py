"""Recording recommendations and the follow-up of each.

A recommendation restated at a later edition is linked to the earlier one (``restates``), so
the chain keeps the edition it was first made in. Once published, a recommendation is part of
a published version and is not changed; what happens to it afterwards is its follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from core.plugin_api import Dialogue, DialogueStatus, User, db_session, record_audit, utcnow
from plugins.minutes.composition import long_date
from plugins.minutes.drafting import lock, record_for, touch
from plugins.minutes.markdown import not_shown, plain_newlines
from plugins.minutes.models import FollowUp, Recommendation, ResponseStatus

FIELDS = (
    "text",
    "addressee",
    "thematic_area",
    "source",
    "source_detail",
    "session_id",
    "participation_id",
    "coalition",
    "due_on",
    "contact_email",
)


class RecommendationLocked(Exception):
    """A published recommendation is not changed."""


class ChangedMeanwhile(Exception):
    """Someone saved the recommendation after the drafter opened it; ``current`` holds what
    it says now, field by field, and ``revision`` its revision."""

    def __init__(self, recommendation: Recommendation) -> None:
        super().__init__(f"Recommendation {recommendation.number} was changed meanwhile")
        self.number = recommendation.number
        self.revision = recommendation.revision
        self.current = {field: getattr(recommendation, field) for field in FIELDS}
        self.current["restates_id"] = recommendation.restates_id


class DueDateRefused(ValueError):
    """A response cannot be due before the dialogue began."""

    def __init__(self, first_day: date) -> None:
        super().__init__(
            f"The due date cannot be before the dialogue, which began on {long_date(first_day)}"
        )
        self.first_day = first_day


@dataclass(frozen=True)
class Standing:
    """Where a recommendation stands on a given day."""

    status: ResponseStatus
    answered_on: date | None
    overdue: bool

    @property
    def answered(self) -> bool:
        return self.answered_on is not None


def standing(recommendation: Recommendation, today: date) -> Standing:
    """Answered when any response other than "no response" was recorded; overdue when not
    answered and the due date has passed."""
    follow_ups = recommendation.follow_ups
    status = follow_ups[-1].status if follow_ups else ResponseStatus.NO_RESPONSE
    answers = [f.responded_on for f in follow_ups if f.status != ResponseStatus.NO_RESPONSE]
    answered_on = min(answers) if answers else None
    return Standing(status, answered_on, answered_on is None and recommendation.due_on < today)


def today(dialogue: Dialogue) -> date:
    """Today where the dialogue is held (its IANA zone), which decides what is overdue: a
    response due on 30 June is overdue from 1 July in Jakarta, not from 1 July in UTC."""
    return dialogue.local(utcnow()).date()


def of_dialogue(dialogue: Dialogue, *, published_only: bool) -> list[Recommendation]:
    query = (
        sa.select(Recommendation)
        .where(Recommendation.dialogue_id == dialogue.id)
        .options(selectinload(Recommendation.follow_ups))
        .order_by(Recommendation.number)
    )
    if published_only:
        query = query.where(Recommendation.published_version.is_not(None))
    return list(db_session().scalars(query))


def restatable(dialogue: Dialogue) -> list[Recommendation]:
    """Published recommendations of earlier editions of the series, and of a related dialogue
    (the CSO forum held before it), that this dialogue may restate."""
    earlier = sa.and_(
        Dialogue.series_id == dialogue.series_id, Dialogue.starts_at < dialogue.starts_at
    )
    if dialogue.series_id is None:
        earlier = sa.false()
    related = (
        Dialogue.id == dialogue.related_dialogue_id if dialogue.related_dialogue_id else sa.false()
    )
    return list(
        db_session().scalars(
            sa.select(Recommendation)
            .join(Dialogue, Dialogue.id == Recommendation.dialogue_id)
            .where(
                Recommendation.published_version.is_not(None),
                Dialogue.status != DialogueStatus.DRAFT,
                sa.or_(earlier, related),
            )
            .options(joinedload(Recommendation.dialogue))
            .order_by(Dialogue.starts_at.desc(), Recommendation.number)
        )
    )


def first_day(dialogue: Dialogue) -> date:
    """The day the dialogue began, where it was held."""
    return dialogue.local(dialogue.starts_at).date()


def save(
    dialogue: Dialogue,
    recommendation: Recommendation | None,
    values: dict[str, Any],
    restates: Recommendation | None,
    *,
    base_revision: int | None = None,
) -> tuple[Recommendation, list[str]]:
    """Add or change a draft recommendation and commit; the draft moves on (approvals reset).
    Returns it with what of its text, kept as written, the pages will not show (see
    ``markdown.not_shown``).

    A change names the revision it started from (``base_revision``): ``ChangedMeanwhile``
    when someone saved it since, ``RecommendationLocked`` when it was published since; both
    leave nothing changed. ``DueDateRefused`` when the due date is before the dialogue."""
    if recommendation is not None and recommendation.is_published:
        raise _locked(recommendation)
    if recommendation is not None and base_revision is None:
        raise ValueError("a change to a recommendation names the revision it started from")
    if values["due_on"] < first_day(dialogue):
        raise DueDateRefused(first_day(dialogue))
    session = db_session()
    text = plain_newlines(values["text"])
    try:
        record = record_for(dialogue)
        lock(record)
        if recommendation is None:
            number = session.scalar(
                sa.select(sa.func.coalesce(sa.func.max(Recommendation.number), 0)).where(
                    Recommendation.dialogue_id == dialogue.id
                )
            )
            recommendation = Recommendation(dialogue_id=dialogue.id, number=number + 1)
            session.add(recommendation)
        else:
            # read again under the record's lock, which a publication and every other save
            # hold too: what was read before the lock may be out of date
            session.refresh(recommendation)
            if recommendation.is_published:
                raise _locked(recommendation)
            if recommendation.revision != base_revision:
                raise ChangedMeanwhile(recommendation)
            recommendation.revision = recommendation.revision + 1
        for field in FIELDS:
            setattr(recommendation, field, values[field])
        recommendation.text = text
        recommendation.restates_id = restates.id if restates else None
        recommendation.first_dialogue_id = (
            (restates.first_dialogue_id or restates.dialogue_id) if restates else dialogue.id
        )
        touch(record)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return recommendation, not_shown(text)


def _locked(recommendation: Recommendation) -> RecommendationLocked:
    return RecommendationLocked(
        f"Recommendation {recommendation.number} was published in version "
        f"{recommendation.published_version} and cannot be changed; record its follow-up "
        "instead, or add a new recommendation."
    )


def add_follow_up(recommendation: Recommendation, values: dict[str, Any], author: User) -> FollowUp:
    """Record a dated response (or its absence) with evidence links, audited, and commit."""
    follow_up = FollowUp(
        recommendation_id=recommendation.id,
        responded_on=values["responded_on"],
        status=values["status"],
        summary=values["summary"],
        evidence=values["evidence"],
        recorded_by_id=author.id,
    )
    session = db_session()
    session.add(follow_up)
    record_audit(
        "minutes.follow_up_recorded",
        follow_up,
        dialogue_id=recommendation.dialogue_id,
        recommendation=recommendation.id,
        status=follow_up.status.value,
        responded_on=follow_up.responded_on.isoformat(),
    )
    session.commit()
    return follow_up

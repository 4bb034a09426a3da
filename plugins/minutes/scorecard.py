"""The scorecard of a series: for each edition, what became of its recommendations.

Counted in the database, in one query for every edition together, so that its cost does not
grow with the number of recommendations: published recommendations only, each edition as it
stands today where it was held (its own timezone).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.plugin_api import Dialogue, DialogueStatus, Series, db_session
from plugins.minutes.models import FollowUp, Recommendation, ResponseStatus

COLUMNS = (
    ("recommendations", "Recommendations"),
    ("answered", "Answered"),
    ("answered_on_time", "Answered on time"),
    ("answered_late", "Answered late"),
    ("overdue", "Overdue, no answer"),
    ("awaiting", "Not due yet, no answer"),
    ("implemented", "Implemented"),
    ("partially_implemented", "Partially implemented"),
    ("rejected", "Rejected"),
    ("carried_over", "Carried over to a later edition"),
)


@dataclass(frozen=True)
class EditionScore:
    slug: str
    title: str
    edition: str
    starts_on: date
    recommendations: int = 0
    answered: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    overdue: int = 0
    awaiting: int = 0
    implemented: int = 0
    partially_implemented: int = 0
    rejected: int = 0
    carried_over: int = 0
    # the day the counts are as of, where the edition was held
    as_of: date | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["starts_on"] = self.starts_on.isoformat()
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return data


def _count(condition) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def scores(series: Series, now: datetime) -> list[EditionScore]:
    """One score per public edition of ``series``, oldest first, each as of ``now`` where it
    was held (two queries)."""
    dialogues = list(
        db_session().scalars(
            sa.select(Dialogue)
            .where(Dialogue.series_id == series.id, Dialogue.status != DialogueStatus.DRAFT)
            .order_by(Dialogue.starts_at)
        )
    )
    if not dialogues:
        return []
    days = {d.id: d.local(now).date() for d in dialogues}
    today = sa.case(
        *(
            (Recommendation.dialogue_id == did, sa.literal(day, sa.Date))
            for did, day in days.items()
        )
    )
    first_answer = (
        sa.select(
            FollowUp.recommendation_id.label("rid"),
            sa.func.min(FollowUp.responded_on).label("answered_on"),
        )
        .where(FollowUp.status != ResponseStatus.NO_RESPONSE)
        .group_by(FollowUp.recommendation_id)
        .subquery()
    )
    latest = aliased(FollowUp)
    latest_status = (
        sa.select(latest.status)
        .where(latest.recommendation_id == Recommendation.id)
        .order_by(latest.responded_on.desc(), latest.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    later = aliased(Recommendation)
    restated = sa.exists().where(
        later.restates_id == Recommendation.id, later.published_version.is_not(None)
    )
    answered_on = first_answer.c.answered_on
    rows = db_session().execute(
        sa.select(
            Recommendation.dialogue_id,
            sa.func.count().label("recommendations"),
            _count(answered_on.is_not(None)).label("answered"),
            _count(answered_on <= Recommendation.due_on).label("answered_on_time"),
            _count(answered_on > Recommendation.due_on).label("answered_late"),
            _count(sa.and_(answered_on.is_(None), Recommendation.due_on < today)).label("overdue"),
            _count(sa.and_(answered_on.is_(None), Recommendation.due_on >= today)).label(
                "awaiting"
            ),
            _count(latest_status == ResponseStatus.IMPLEMENTED).label("implemented"),
            _count(latest_status == ResponseStatus.PARTIALLY_IMPLEMENTED).label(
                "partially_implemented"
            ),
            _count(latest_status == ResponseStatus.REJECTED).label("rejected"),
            _count(restated).label("carried_over"),
        )
        .outerjoin(first_answer, first_answer.c.rid == Recommendation.id)
        .where(
            Recommendation.dialogue_id.in_([d.id for d in dialogues]),
            Recommendation.published_version.is_not(None),
        )
        .group_by(Recommendation.dialogue_id)
    )
    counts = {row.dialogue_id: row._mapping for row in rows}
    result = []
    for dialogue in dialogues:
        found = counts.get(dialogue.id, {})
        numbers = {key: int(found.get(key, 0)) for key, _label in COLUMNS}
        result.append(
            EditionScore(
                slug=dialogue.slug,
                title=dialogue.title,
                edition=dialogue.edition,
                starts_on=dialogue.local(dialogue.starts_at).date(),
                as_of=days[dialogue.id],
                **numbers,
            )
        )
    return result

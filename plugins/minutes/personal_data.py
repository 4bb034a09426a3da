"""A person's part of the minutes: in their data export, and on erasure.

The plugin holds no name: mentions and credits point to participations, which the core
anonymises. What links a person to the record is listed in their export; on erasure the
recommendations credited to them are credited to their role instead, so that nothing in the
plugin's tables points to them any more; like any change to a draft, that resets its
approvals. Mentions in the texts need no change: they are shown through the visibility
function, which names an erased person to nobody.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.plugin_api import Dialogue, Participation, Person, db_session, describe_role
from plugins.minutes.drafting import touch
from plugins.minutes.models import (
    FollowUp,
    MinutesApproval,
    MinutesDocument,
    MinutesRecord,
    MinutesRevision,
    MinutesVersion,
    Recommendation,
)


def _participations(person: Person) -> list[Participation]:
    return list(
        db_session().scalars(sa.select(Participation).where(Participation.person_id == person.id))
    )


def _mentioning(model, column, dialogue_id_of, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    condition = sa.or_(*(column.contains(f"@[{pid}]") for pid in ids))
    rows = db_session().execute(
        sa.select(model, Dialogue.slug)
        .join(MinutesRecord, MinutesRecord.id == model.record_id)
        .join(Dialogue, Dialogue.id == dialogue_id_of)
        .where(condition)
    )
    return [{"dialogue": slug, **_where(row)} for row, slug in rows]


def _where(row) -> dict[str, Any]:
    if isinstance(row, MinutesVersion):
        return {"published_version": row.number}
    return {"draft_part": row.title}


def export(person: Person) -> dict[str, Any] | None:
    ids = [p.id for p in _participations(person)]
    credited = []
    if ids:
        credited = [
            {
                "dialogue": slug,
                "recommendation": r.number,
                "text": r.text,
                "published_in_version": r.published_version,
            }
            for r, slug in db_session().execute(
                sa.select(Recommendation, Dialogue.slug)
                .join(Dialogue, Dialogue.id == Recommendation.dialogue_id)
                .where(Recommendation.participation_id.in_(ids))
            )
        ]
    mentioned = _mentioning(
        MinutesDocument, MinutesDocument.body, MinutesRecord.dialogue_id, ids
    ) + _mentioning(MinutesVersion, MinutesVersion.text, MinutesRecord.dialogue_id, ids)
    authored = _authored(person.user_id) if person.user_id else {}
    if not (credited or mentioned or any(authored.values())):
        return None
    return {"recommendations_credited": credited, "mentioned_in": mentioned, **authored}


def _authored(user_id: int) -> dict[str, Any]:
    session = db_session()
    return {
        "approvals_given": [
            {"draft_revision": a.draft_revision, "approved_at": a.approved_at.isoformat()}
            for a in session.scalars(
                sa.select(MinutesApproval).where(MinutesApproval.user_id == user_id)
            )
        ],
        "versions_published": session.scalar(
            sa.select(sa.func.count()).where(MinutesVersion.published_by_id == user_id)
        ),
        "revisions_saved": session.scalar(
            sa.select(sa.func.count()).where(MinutesRevision.saved_by_id == user_id)
        ),
        "follow_ups_recorded": session.scalar(
            sa.select(sa.func.count()).where(FollowUp.recorded_by_id == user_id)
        ),
    }


def erase(person: Person) -> None:
    """Credit the person's recommendations to their role (not committed: the core commits).
    That changes the draft of each dialogue concerned, like any edit: its approvals are reset
    (``drafting.touch``), so that nothing is published that its approvers did not read."""
    changed: set[int] = set()
    for participation in _participations(person):
        for recommendation in db_session().scalars(
            sa.select(Recommendation).where(Recommendation.participation_id == participation.id)
        ):
            recommendation.participation_id = None
            recommendation.coalition = describe_role(participation.category)
            changed.add(recommendation.dialogue_id)
    db_session().flush()
    if changed:
        for record in db_session().scalars(
            sa.select(MinutesRecord).where(MinutesRecord.dialogue_id.in_(changed))
        ):
            touch(record)

"""What the vetting plugin holds about a person, for their data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.plugin_api import Person, db_session
from plugins.vetting.models import VettingDecision, VettingFinding

ERASED = "(erased)"


def _about(person: Person):
    return sa.select(VettingFinding).where(
        VettingFinding.subject_kind == "person", VettingFinding.subject_id == person.id
    )


def findings_about(person: Person) -> dict[str, Any] | None:
    findings = (
        db_session()
        .scalars(
            _about(person).options(
                joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list)
            )
        )
        .all()
    )
    if not findings:
        return None
    decisions = (
        db_session()
        .scalars(
            sa.select(VettingDecision)
            .where(VettingDecision.finding_id.in_([f.id for f in findings]))
            .order_by(VettingDecision.at)
        )
        .all()
    )
    return {
        "findings": [
            {
                "name_screened": f.subject_name,
                "list": f.vetting_list.name,
                "entry": f.entry.name,
                "score": f.score,
                "level": f.level,
                "explanation": f.explanation,
                "found_at": f.found_at.isoformat(),
                "state": f.state.value,
                "decisions": [
                    {"decision": d.action, "reason": d.reason, "at": d.at.isoformat()}
                    for d in decisions
                    if d.finding_id == f.id
                ],
            }
            for f in findings
        ]
    }


def erase(person: Person) -> None:
    """Forget what describes the person: the name screened, the explanation (it quotes parts of
    the name) and the reviewers' reasons. The findings and decisions stay (which list entry,
    what was decided, by whom, when), so the record of who was stopped is kept without naming
    them."""
    about = sa.select(VettingFinding.id).where(
        VettingFinding.subject_kind == "person", VettingFinding.subject_id == person.id
    )
    session = db_session()
    session.execute(
        sa.update(VettingFinding)
        .where(VettingFinding.id.in_(about))
        .values(
            subject_name=ERASED,
            # one key per finding: two findings of one entry must not become the same pair
            subject_key=sa.literal(f"{ERASED} ") + sa.cast(VettingFinding.id, sa.String),
            explanation=ERASED,
            reason=ERASED,
            matched_name=ERASED,
        )
    )
    session.execute(
        sa.update(VettingDecision)
        .where(VettingDecision.finding_id.in_(about))
        .values(reason=ERASED)
    )

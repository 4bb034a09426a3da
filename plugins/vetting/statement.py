"""The engagement statement: what a dialogue's participants were screened against, and how
many findings about them are unresolved. No personal data: lists, versions, dates, counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from core.plugin_api import db_session
from plugins.vetting.models import (
    FindingState,
    VettingFinding,
    VettingFindingDialogue,
    VettingScreening,
)
from plugins.vetting.store import lists_with_latest_version

# awaiting a decision, a second reviewer's included
UNRESOLVED = (
    FindingState.OPEN,
    FindingState.OVERRIDE_REQUESTED,
    FindingState.CLEARANCE_REQUESTED,
)


@dataclass(frozen=True)
class ListLine:
    name: str
    version: int
    imported_at: datetime
    entries: int
    rescreened: bool  # everyone taking part was screened again against this version


@dataclass(frozen=True)
class Statement:
    lists: list[ListLine]
    last_screening: datetime | None
    unresolved: int


def concerns_dialogue(dialogue_id: int) -> sa.ColumnElement[bool]:
    """A condition on ``VettingFinding``: it concerns the dialogue."""
    return VettingFinding.id.in_(
        sa.select(VettingFindingDialogue.finding_id).where(
            VettingFindingDialogue.dialogue_id == dialogue_id
        )
    )


def statement_for(dialogue_id: int) -> Statement:
    session = db_session()
    last = session.scalar(sa.select(VettingScreening).order_by(VettingScreening.id.desc()).limit(1))
    screened = {(v["list_id"], v["version"]) for v in last.versions} if last else set()
    rows = session.execute(lists_with_latest_version(active_only=True)).all()
    lists = [
        ListLine(
            vetting_list.name,
            version.number,
            version.imported_at,
            version.entries,
            (vetting_list.id, version.number) in screened,
        )
        for vetting_list, version in rows
    ]
    unresolved = session.scalar(
        sa.select(sa.func.count())
        .select_from(VettingFinding)
        .where(VettingFinding.state.in_(UNRESOLVED), concerns_dialogue(dialogue_id))
    )
    return Statement(lists, last.started_at if last else None, unresolved or 0)

"""Who approves a dialogue's outcome record, who has approved the draft as it stands, and the
approving itself.

The approvers are the users granted the chair role for this dialogue, when there are any (the
configured set); otherwise the dialogue's co-chairs, through the accounts linked to their
person records. A co-chair without an account cannot approve: the page says so, and an
organiser grants the chair role to whoever should approve instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from core.plugin_api import Dialogue, Grant, Role, User, db_session, record_audit
from plugins.minutes.drafting import lock, record_for
from plugins.minutes.models import MinutesApproval, MinutesRecord


@dataclass(frozen=True)
class Approver:
    user_id: int | None
    name: str


@dataclass(frozen=True)
class ApprovalState:
    approvers: list[Approver]
    # user id → when they approved the draft as it stands
    approved: dict[int, datetime]
    draft_revision: int

    @property
    def missing(self) -> list[Approver]:
        return [a for a in self.approvers if a.user_id not in self.approved]


class NotApprover(Exception):
    pass


class DraftMoved(Exception):
    """The draft changed after the approver read it."""

    def __init__(self, revision: int) -> None:
        super().__init__(f"The draft changed since you read it; it is now at revision {revision}.")
        self.revision = revision


def approvers(dialogue: Dialogue) -> list[Approver]:
    configured = db_session().execute(
        sa.select(User.id, User.name)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role == Role.CHAIR, Grant.dialogue_id == dialogue.id)
        .order_by(User.name)
    )
    found = [Approver(user_id=row.id, name=row.name) for row in configured]
    if found:
        return found
    return [
        Approver(user_id=chair.person.user_id, name=chair.person.full_name)
        for chair in dialogue.chairs
    ]


def is_approver(user, dialogue: Dialogue) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.id in {a.user_id for a in approvers(dialogue)}


def state(dialogue: Dialogue, record: MinutesRecord | None) -> ApprovalState:
    revision = record.draft_revision if record else 0
    approved: dict[int, datetime] = {}
    if record is not None:
        rows = db_session().execute(
            sa.select(MinutesApproval.user_id, MinutesApproval.approved_at).where(
                MinutesApproval.record_id == record.id,
                MinutesApproval.draft_revision == revision,
            )
        )
        approved = {row.user_id: row.approved_at for row in rows}
    return ApprovalState(approvers(dialogue), approved, revision)


def history(
    record: MinutesRecord | None, names: dict[int, str]
) -> list[tuple[MinutesApproval, str]]:
    """Every approval ever given, newest first, with the approver's name: as ``names`` gives
    it (a co-chair's name on the dialogue), else the account's."""
    if record is None:
        return []
    rows = db_session().execute(
        sa.select(MinutesApproval, User.name)
        .join(User, User.id == MinutesApproval.user_id)
        .where(MinutesApproval.record_id == record.id)
        .order_by(MinutesApproval.approved_at.desc(), MinutesApproval.id.desc())
    )
    return [(row[0], names.get(row[0].user_id, row[1])) for row in rows]


def approve(dialogue: Dialogue, user: User, seen_revision: int) -> None:
    """Record ``user``'s approval of the draft at ``seen_revision``, audited, and commit."""
    if not is_approver(user, dialogue):
        raise NotApprover()
    session = db_session()
    try:
        record = record_for(dialogue)
        current = lock(record)
        if current != seen_revision:
            raise DraftMoved(current)
        already = session.scalar(
            sa.select(MinutesApproval.id).where(
                MinutesApproval.record_id == record.id,
                MinutesApproval.user_id == user.id,
                MinutesApproval.draft_revision == current,
            )
        )
        if already is None:
            approval = MinutesApproval(record_id=record.id, user_id=user.id, draft_revision=current)
            session.add(approval)
            record_audit(
                "minutes.approved", approval, dialogue_id=dialogue.id, draft_revision=current
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise

"""What the outbox holds: counts, the latest failures without their bodies, and the state
of each message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core.models import OutboxMessage
from core.outbox.claims import db_now
from core.outbox.local import IN_APP, delivered_in_app


@dataclass(frozen=True)
class Failure:
    id: int
    failed_at: datetime
    kind: str
    to_address: str
    attempts: int
    last_error: str


@dataclass(frozen=True)
class OutboxStatus:
    queued: int  # not yet sent nor given up
    due: int  # queued, and may be taken by a sender now
    retrying: int  # queued after a failed attempt, waiting for its next one
    sending: int  # claimed by a sender whose lease still runs
    sent: int  # over SMTP
    in_app: int  # delivered to the in-app outbox only, without an SMTP server
    failed: int
    failures: list[Failure]


def outbox_status(session: Session, *, last: int = 10) -> OutboxStatus:
    m = OutboxMessage
    now = db_now(session)
    queued = sa.and_(m.sent_at.is_(None), m.failed_at.is_(None))
    claimed = sa.and_(m.claimed_until.is_not(None), m.claimed_until >= now)

    def count(condition) -> sa.ColumnElement[int]:
        return sa.func.count(sa.case((condition, 1)))

    row = session.execute(
        sa.select(
            count(queued),
            count(sa.and_(queued, m.next_attempt_at <= now, sa.not_(claimed))),
            count(sa.and_(queued, m.attempts > 0, m.next_attempt_at > now)),
            count(sa.and_(queued, claimed)),
            count(sa.and_(m.sent_at.is_not(None), sa.not_(delivered_in_app()))),
            count(delivered_in_app()),
            count(m.failed_at.is_not(None)),
        )
    ).one()
    failures = session.execute(
        sa.select(m.id, m.failed_at, m.kind, m.to_address, m.attempts, m.last_error)
        .where(m.failed_at.is_not(None))
        .order_by(m.failed_at.desc(), m.id.desc())
        .limit(last)
    ).all()
    return OutboxStatus(*row, failures=[Failure(*failure) for failure in failures])


def requeue_failed(session: Session, ids: list[int] | None) -> int:
    """Give failed messages (``ids``, or all when ``None``) a fresh set of attempts; commit."""
    m = OutboxMessage
    statement = sa.update(m).where(m.failed_at.is_not(None), m.sent_at.is_(None))
    if ids is not None:
        statement = statement.where(m.id.in_(ids))
    result = session.execute(
        statement.values(
            failed_at=None, attempts=0, next_attempt_at=db_now(session)
        ).execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount


# what became of a message, as the outbox page names and filters it
STATES = {
    "queued": "Waiting to be sent",
    "sent": "Sent over SMTP",
    "in_app": "In the in-app outbox only, not sent",
    "failed": "Failed",
}


def state_condition(state: str) -> sa.ColumnElement[bool]:
    """The messages in ``state`` (a key of ``STATES``)."""
    m = OutboxMessage
    return {
        "queued": sa.and_(m.sent_at.is_(None), m.failed_at.is_(None)),
        "sent": sa.and_(m.sent_at.is_not(None), sa.not_(delivered_in_app())),
        "in_app": delivered_in_app(),
        "failed": sa.and_(m.sent_at.is_(None), m.failed_at.is_not(None)),
    }[state]


def state_of(message: OutboxMessage) -> str:
    """The key of ``STATES`` that ``message`` is in."""
    if message.sent_at is not None:
        return "in_app" if message.claimed_by == IN_APP else "sent"
    return "failed" if message.failed_at is not None else "queued"

"""Leases on due messages, so that several senders on several hosts never send one twice.

A sender claims a batch by writing ``claimed_until`` (its lease) and ``claimed_by`` (a token of
its own) on rows that are due and not claimed by anyone whose lease still runs. On PostgreSQL
the rows are picked with ``FOR UPDATE SKIP LOCKED``; on SQLite one ``UPDATE`` picks and claims
them under the database's write lock. Every outcome is written only while the claim is still
this sender's. Times come from the database's clock on PostgreSQL, so hosts whose clocks
disagree still agree about leases.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core.db import utcnow
from core.models import OutboxMessage

log = logging.getLogger("parley.outbox")

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


@dataclass(frozen=True)
class Claim:
    token: str
    until: datetime
    messages: list[OutboxMessage]


def db_now(session: Session) -> datetime:
    """Now, by the database's clock where there is one shared by every host."""
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(sa.select(sa.func.statement_timestamp()))
    return utcnow()


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1 minute, doubling, 6 hours at most."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), LONGEST_RETRY)


def _due(now: datetime):
    m = OutboxMessage
    return sa.and_(
        m.sent_at.is_(None),
        m.failed_at.is_(None),
        m.next_attempt_at <= now,
        sa.or_(m.claimed_until.is_(None), m.claimed_until < now),
    )


def claim_due(session: Session, *, worker: str, limit: int, lease: timedelta) -> Claim:
    """Claim up to ``limit`` due messages for ``lease``, commit, and return them."""
    token = f"{worker[:100]}#{secrets.token_hex(4)}"
    now = db_now(session)
    until = now + lease
    m = OutboxMessage
    order = (m.next_attempt_at, m.id)
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalars(
            sa.select(m.id)
            .where(_due(now))
            .order_by(*order)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        picked = m.id.in_(ids)
    else:
        # one statement: SQLite runs it under its write lock, so two senders cannot both pick
        picked = sa.and_(
            m.id.in_(sa.select(m.id).where(_due(now)).order_by(*order).limit(limit)), _due(now)
        )
    session.execute(
        sa.update(m)
        .where(picked)
        .values(claimed_until=until, claimed_by=token)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    messages = session.scalars(
        sa.select(m)
        .where(m.claimed_by == token, m.sent_at.is_(None), m.failed_at.is_(None))
        .order_by(*order)
    ).all()
    return Claim(token=token, until=until, messages=list(messages))


def _record(session: Session, message: OutboxMessage, claim: Claim, **values) -> bool:
    """Write ``values`` and release the claim, if the claim is still ours; commit."""
    result = session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == claim.token)
        .values(claimed_until=None, claimed_by="", **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:
        log.warning(
            "outbox message %s: the claim ran out before its outcome was recorded", message.id
        )
        return False
    return True


def record_sent(session: Session, message: OutboxMessage, claim: Claim) -> None:
    _record(session, message, claim, sent_at=db_now(session))


def record_retry(
    session: Session, message: OutboxMessage, claim: Claim, error: str, *, max_attempts: int
) -> bool:
    """Count a failed attempt and schedule the next; give up after ``max_attempts``.

    Returns whether the message will be tried again.
    """
    attempts = message.attempts + 1
    now = db_now(session)
    if attempts >= max_attempts:
        error = f"{error} (gave up after {attempts} attempts)"
        _record(session, message, claim, attempts=attempts, last_error=error, failed_at=now)
        return False
    _record(
        session,
        message,
        claim,
        attempts=attempts,
        last_error=error,
        next_attempt_at=now + backoff(attempts),
    )
    return True


def record_failure(session: Session, message: OutboxMessage, claim: Claim, error: str) -> None:
    """The message cannot be delivered: it is never tried again."""
    now = db_now(session)
    _record(session, message, claim, attempts=message.attempts + 1, last_error=error, failed_at=now)


def release(session: Session, messages: list[OutboxMessage], claim: Claim) -> None:
    """Give back claimed messages that were not tried, so that any sender may take them now."""
    ids = [message.id for message in messages]
    if not ids:
        return
    session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == claim.token)
        .values(claimed_until=None, claimed_by="")
        .execution_options(synchronize_session=False)
    )
    session.commit()

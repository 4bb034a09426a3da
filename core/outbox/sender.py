"""Sending what is due: claim a batch, send it over one SMTP connection, record each outcome.

Run by ``parley outbox send``, on as many hosts as you like: claims (``core.outbox.claims``)
make sure each message is sent by one sender. Delivery is at least once: a sender that dies
after the server accepted a message but before the outcome was written leaves it to be sent
again when its lease runs out. Bodies are never logged; only ids, kinds and the server's words.
Without an SMTP server (``MAIL_SERVER`` empty) every queued message is delivered to the in-app
outbox instead (``core.outbox.local``).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy.orm import Session

from core.config import mail_configured
from core.models import OutboxMessage
from core.outbox import claims, transport
from core.outbox.local import deliver_in_app
from core.outbox.transport import MailSettings

log = logging.getLogger("parley.outbox")

# how long a claim lasts; a sender stops taking new messages from its batch well before the
# lease runs out, so another sender never takes a message this one may still be sending
LEASE = timedelta(minutes=10)
STOP_AFTER_SECONDS = LEASE.total_seconds() * 0.75


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    in_app: int = 0  # delivered to the in-app outbox: no SMTP server is configured

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed + self.in_app

    def __str__(self) -> str:
        if self.in_app:
            return (
                f"{self.in_app} delivered to the in-app outbox (/admin/outbox), not sent: "
                "no SMTP server is configured (MAIL_SERVER)"
            )
        return f"{self.sent} sent, {self.retried} to retry, {self.failed} failed"


def default_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def send_due(app: Flask, *, limit: int = 100, worker: str | None = None) -> SendReport:
    """Send up to ``limit`` due messages; return how many were sent, retried and given up.

    Raises ``ValueError`` before claiming anything when the mail settings are wrong. Without
    an SMTP server, delivers every queued message to the in-app outbox instead.
    """
    settings = MailSettings.from_config(app.config)
    with app.extensions["parley.db"]() as session:
        if not mail_configured(app.config):
            return SendReport(in_app=deliver_in_app(session))
        claim = claims.claim_due(
            session, worker=worker or default_worker(), limit=limit, lease=LEASE
        )
        if not claim.messages:
            return SendReport()
        return _send_batch(session, claim, settings)


class _Batch:
    """One SMTP connection, opened on first need; a failure to open it is kept for the batch."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.smtp = None
        self.connect_error: str | None = None

    def connection(self):
        if self.smtp is None and self.connect_error is None:
            try:
                self.smtp = transport.connect(self.settings)
            except Exception as exc:  # every way of not getting through is a temporary failure
                self.connect_error = transport.describe(exc)
                log.warning("outbox: cannot reach the mail server: %s", self.connect_error)
        return self.smtp

    def drop(self) -> None:
        if self.smtp is not None:
            transport.close(self.smtp)
            self.smtp = None


def _send_batch(session: Session, claim: claims.Claim, settings: MailSettings) -> SendReport:
    started = time.monotonic()
    sent = retried = failed = 0
    batch = _Batch(settings)
    pending = list(claim.messages)
    try:
        while pending:
            if time.monotonic() - started > STOP_AFTER_SECONDS:
                break  # the rest are released below, for the next run
            message = pending.pop(0)
            outcome = _send_one(session, claim, batch, message)
            sent += outcome == "sent"
            retried += outcome == "retried"
            failed += outcome == "failed"
    finally:
        batch.drop()
        try:
            session.rollback()  # a failed statement must not keep the release from running
            claims.release(session, pending, claim)
        except Exception:  # the claims run out by themselves; keep the first error
            log.exception("outbox: could not release %d claimed messages", len(pending))
    return SendReport(sent=sent, retried=retried, failed=failed)


def _send_one(session: Session, claim: claims.Claim, batch: _Batch, message: OutboxMessage) -> str:
    settings = batch.settings
    smtp = batch.connection()
    if smtp is None:
        return _retry(session, claim, message, batch.connect_error or "no connection", settings)
    try:
        email = transport.build(message, settings)
    except Exception as exc:  # a message that cannot be written will never go
        return _fail(session, claim, message, f"cannot build the e-mail: {transport.describe(exc)}")
    try:
        transport.send(smtp, email, message, settings.envelope_sender)
    except Exception as exc:
        error = transport.describe(exc)
        if not transport.keeps_connection(exc):
            batch.drop()
        if transport.is_permanent(exc):
            return _fail(session, claim, message, error)
        return _retry(session, claim, message, error, settings)
    claims.record_sent(session, message, claim)
    log.info("outbox message %s (%s) sent", message.id, message.kind)
    return "sent"


def _retry(session, claim, message, error: str, settings: MailSettings) -> str:
    if claims.record_retry(session, message, claim, error, max_attempts=settings.max_attempts):
        log.warning("outbox message %s (%s) will be retried: %s", message.id, message.kind, error)
        return "retried"
    log.error("outbox message %s (%s) failed for good: %s", message.id, message.kind, error)
    return "failed"


def _fail(session, claim, message, error: str) -> str:
    claims.record_failure(session, message, claim, error)
    log.error("outbox message %s (%s) failed for good: %s", message.id, message.kind, error)
    return "failed"

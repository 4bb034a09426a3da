"""Queueing: in the caller's transaction, and never a header injected."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import OutboxMessage
from core.outbox import queue


def count() -> int:
    return db_session().scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def test_queue_adds_without_committing(ctx):
    message = queue(kind="test", to=" amina@example.org ", subject=" Hello ", body="Body\n")
    assert message in db_session().new
    db_session().commit()
    assert (message.to_address, message.subject, message.attempts) == (
        "amina@example.org",
        "Hello",
        0,
    )
    assert message.sent_at is None and message.failed_at is None
    assert message.next_attempt_at is not None and message.created_at is not None


def test_a_rolled_back_change_takes_its_message_with_it(ctx):
    queue(kind="test", to="amina@example.org", subject="Hello", body="Body")
    db_session().rollback()
    assert count() == 0


@pytest.mark.parametrize(
    "address",
    [
        "",
        "   ",
        "amina@example.org\r\nBcc: everyone@example.org",
        "amina@example.org\nBcc: everyone@example.org",
        "amina@example.org\r",
        "amina@exa\x00mple.org",
        "amina@example.org, everyone@example.org",
        "Amina <amina@example.org>",
        "amina example.org",
        "amina@",
        "@example.org",
        "a" * 250 + "@example.org",
    ],
)
def test_bad_or_injecting_addresses_are_refused(ctx, address):
    with pytest.raises(ValueError):
        queue(kind="test", to=address, subject="Hello", body="Body")
    assert not db_session().new


@pytest.mark.parametrize(
    "subject",
    ["", "  ", "Hello\r\nBcc: everyone@example.org", "Hello\nthere", "Hello\rthere", "x" * 301],
)
def test_bad_or_injecting_subjects_are_refused(ctx, subject):
    with pytest.raises(ValueError):
        queue(kind="test", to="amina@example.org", subject=subject, body="Body")
    assert not db_session().new


def test_a_kind_is_required_and_a_body_holds_no_nul(ctx):
    with pytest.raises(ValueError):
        queue(kind="", to="amina@example.org", subject="Hello", body="Body")
    with pytest.raises(ValueError):
        queue(kind="test", to="amina@example.org", subject="Hello", body="a\x00b")

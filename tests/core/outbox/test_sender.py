"""Sending over a real SMTP server: delivery, retries, failures, and leases between senders."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from core.db import db_session, utcnow
from core.models import OutboxMessage
from core.outbox import claims, queue, sender
from core.outbox.sender import SendReport, send_due
from tests import factories
from tests.core.outbox.conftest import Recorder, free_port, mail_config


def add(app, n: int = 1, **fields) -> list[int]:
    """Queue and commit ``n`` messages; their ids."""
    with app.app_context():
        ids = []
        for i in range(n):
            values = {
                "kind": "test",
                "to": f"person{i}@example.org",
                "subject": f"Message {i}",
                "body": f"Body {i}\n",
                **fields,
            }
            ids.append(queue(**values))
        db_session().commit()
        return [message.id for message in ids]


def rows(app) -> list[OutboxMessage]:
    with app.app_context():
        return db_session().scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def make_due(app) -> None:
    """Bring every message's next attempt to now, as if the wait were over."""
    with app.app_context():
        db_session().execute(
            sa.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        db_session().commit()


def test_a_committed_message_is_delivered_as_written(mail_app, smtp_server):
    subject = "Your registration for the 7th ASEAN Human Rights Dialogue — Jakarta"
    body = "Dear Daw Khin Mya,\n\nThank you for registering.\n\nသင့်မှတ်ပုံတင်ခြင်း\n"
    with mail_app.app_context():
        dialogue = factories.dialogue()
        person = factories.person(name="Khin Mya", email="khin@example.org")
        message = queue(
            kind="registration_received",
            to="khin@example.org",
            subject=subject,
            body=body,
            dialogue_id=dialogue.id,
            person_id=person.id,
        )
        db_session().commit()
        message_id, created_at = message.id, message.created_at

    assert send_due(mail_app) == SendReport(sent=1)

    [got] = smtp_server.received
    assert got.mail_from == "noreply@parley.example"
    assert got.rcpt_tos == ["khin@example.org"]
    email = got.message
    assert email["To"] == "khin@example.org"
    assert email["From"] == "Parley secretariat <noreply@parley.example>"
    assert email["Subject"] == subject
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["Message-ID"].startswith(f"<outbox.{message_id}.")
    assert email["Message-ID"].endswith("@parley.example>")
    assert abs(parsedate_to_datetime(email["Date"]) - created_at) < timedelta(seconds=1)
    assert email.get_content_type() == "text/plain"
    assert email.get_content().replace("\r\n", "\n") == body  # CRLF on the wire
    assert "Bcc" not in email and "Cc" not in email

    [row] = rows(mail_app)
    assert row.sent_at is not None and row.failed_at is None
    assert (row.attempts, row.claimed_until, row.claimed_by) == (0, None, "")
    assert send_due(mail_app) == SendReport()
    assert len(smtp_server.received) == 1


def test_nothing_is_sent_when_the_caller_rolls_back(mail_app, smtp_server):
    with mail_app.app_context():
        factories.dialogue()
        queue(kind="test", to="amina@example.org", subject="Hello", body="Body")
        db_session().rollback()
    assert send_due(mail_app) == SendReport()
    assert smtp_server.received == []
    assert rows(mail_app) == []


def test_one_connection_carries_the_whole_batch(mail_app, smtp_server):
    add(mail_app, 4)
    smtp_server.handler.replies = {"person1@example.org": "550 5.1.1 No such user"}
    assert send_due(mail_app) == SendReport(sent=3, failed=1)
    assert [r.rcpt_tos for r in smtp_server.received] == [
        ["person0@example.org"],
        ["person2@example.org"],
        ["person3@example.org"],
    ]
    assert len({r.peer for r in smtp_server.received}) == 1


def test_a_temporary_refusal_is_retried_later_with_a_growing_wait(mail_app, smtp_server):
    [message_id] = add(mail_app)
    smtp_server.handler.rcpt_reply = "451 4.3.0 Mailbox busy, try again later"

    before = utcnow()
    assert send_due(mail_app) == SendReport(retried=1)
    [row] = rows(mail_app)
    assert row.attempts == 1 and row.sent_at is None and row.failed_at is None
    assert "451" in row.last_error and "try again later" in row.last_error
    assert before + timedelta(seconds=59) <= row.next_attempt_at <= utcnow() + timedelta(minutes=1)
    assert (row.claimed_until, row.claimed_by) == (None, "")
    assert send_due(mail_app) == SendReport()  # not due yet

    make_due(mail_app)
    before = utcnow()
    assert send_due(mail_app) == SendReport(retried=1)
    [row] = rows(mail_app)
    assert row.attempts == 2
    assert before + timedelta(seconds=119) <= row.next_attempt_at <= utcnow() + timedelta(minutes=2)

    smtp_server.handler.rcpt_reply = None
    make_due(mail_app)
    assert send_due(mail_app) == SendReport(sent=1)
    [row] = rows(mail_app)
    assert row.sent_at is not None and row.attempts == 2
    [got] = smtp_server.received
    assert got.message["Message-ID"].startswith(f"<outbox.{message_id}.")


def test_the_wait_doubles_up_to_six_hours():
    waits = [claims.backoff(n) for n in range(1, 12)]
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits[-1] == timedelta(hours=6) and max(waits) == timedelta(hours=6)
    assert claims.backoff(10_000) == timedelta(hours=6)


def test_a_refused_recipient_fails_for_good_and_is_recorded(mail_app, smtp_server):
    add(mail_app)
    smtp_server.handler.rcpt_reply = "550 5.1.1 No such user here"
    assert send_due(mail_app) == SendReport(failed=1)
    [row] = rows(mail_app)
    assert row.failed_at is not None and row.sent_at is None and row.attempts == 1
    assert row.last_error == "recipient refused: 550 5.1.1 No such user here"
    smtp_server.handler.rcpt_reply = None
    make_due(mail_app)
    assert send_due(mail_app) == SendReport()
    assert smtp_server.received == []


def test_temporary_failures_give_up_after_the_last_attempt(make_app, smtp_server):
    app = make_app(**mail_config(smtp_server.port, MAIL_MAX_ATTEMPTS=3))
    add(app)
    smtp_server.handler.rcpt_reply = "421 4.7.0 Too many connections"
    assert send_due(app) == SendReport(retried=1)
    make_due(app)
    assert send_due(app) == SendReport(retried=1)
    make_due(app)
    assert send_due(app) == SendReport(failed=1)
    [row] = rows(app)
    assert row.attempts == 3 and row.failed_at is not None
    assert "421" in row.last_error and "gave up after 3 attempts" in row.last_error


def test_a_server_that_is_down_leaves_the_mail_for_later(make_app, smtp_server):
    down = make_app(**mail_config(free_port()))
    up = make_app(**mail_config(smtp_server.port))
    add(down, 3)
    assert send_due(down) == SendReport(retried=3)
    for row in rows(down):
        assert row.attempts == 1 and row.sent_at is None and row.failed_at is None
        assert "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at > utcnow() + timedelta(seconds=30)
    assert send_due(up) == SendReport()  # waits for its turn
    make_due(down)
    assert send_due(down) == SendReport(retried=3)
    assert {row.attempts for row in rows(down)} == {2}
    make_due(down)
    assert send_due(up) == SendReport(sent=3)
    assert len(smtp_server.received) == 3


def test_a_message_claimed_by_another_sender_waits_for_its_lease(mail_app, smtp_server):
    [held, stale] = add(mail_app, 2)
    with mail_app.app_context():
        session = db_session()
        session.get(OutboxMessage, held).claimed_until = utcnow() + timedelta(minutes=5)
        session.get(OutboxMessage, held).claimed_by = "other-host:1#abcd"
        # a sender that died: its lease ran out, so the message is anyone's again
        session.get(OutboxMessage, stale).claimed_until = utcnow() - timedelta(seconds=1)
        session.get(OutboxMessage, stale).claimed_by = "dead-host:1#abcd"
        session.commit()
    assert send_due(mail_app) == SendReport(sent=1)
    assert [r.rcpt_tos for r in smtp_server.received] == [["person1@example.org"]]
    held_row = rows(mail_app)[0]
    assert held_row.sent_at is None and held_row.claimed_by == "other-host:1#abcd"


def test_a_sender_near_the_end_of_its_lease_gives_the_rest_back(mail_app, smtp_server, monkeypatch):
    add(mail_app, 2)
    monkeypatch.setattr(sender, "STOP_AFTER_SECONDS", -1)
    assert send_due(mail_app) == SendReport()
    assert smtp_server.received == []
    assert {(row.claimed_until, row.claimed_by, row.attempts) for row in rows(mail_app)} == {
        (None, "", 0)
    }
    monkeypatch.undo()
    assert send_due(mail_app) == SendReport(sent=2)


def test_wrong_settings_are_refused_before_anything_is_claimed(make_app, smtp_server):
    app = make_app(**mail_config(smtp_server.port, MAIL_SECURITY="ssl"))
    add(app)
    with pytest.raises(ValueError, match="MAIL_SECURITY"):
        send_due(app)
    [row] = rows(app)
    assert (row.claimed_by, row.attempts) == ("", 0)
    with pytest.raises(ValueError, match="MAIL_FROM"):
        send_due(make_app(**mail_config(smtp_server.port, MAIL_FROM="nobody")))


class Authenticator:
    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bool]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"parley" and auth_data.password == b"s3cret"
        self.logins.append((auth_data.login, ok))
        return AuthResult(success=ok, handled=False)


def test_the_sender_logs_in_when_a_user_name_is_set(make_app):
    handler, authenticator = Recorder(), Authenticator()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,  # a test on the loopback; use MAIL_SECURITY in production
    )
    controller.start()
    try:
        good = make_app(**mail_config(port, MAIL_USERNAME="parley", MAIL_PASSWORD="s3cret"))
        bad = make_app(**mail_config(port, MAIL_USERNAME="parley", MAIL_PASSWORD="wrong"))
        add(good)
        assert send_due(bad) == SendReport(retried=1)
        [row] = rows(bad)
        assert "SMTPAuthenticationError: 535" in row.last_error
        make_due(good)
        assert send_due(good) == SendReport(sent=1)
        assert len(handler.received) == 1
        assert authenticator.logins[-1] == (b"parley", True)
        assert not any(ok for _login, ok in authenticator.logins[:-1])
    finally:
        controller.stop()


class SlowRecorder(Recorder):
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.01)  # so that two senders really overlap
        return await super().handle_DATA(server, session, envelope)


def test_two_senders_at_once_never_send_a_message_twice(make_app, backend):
    handler = SlowRecorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        options = {"pool_size": 10} if backend["name"] == "postgresql" else {}
        app = make_app(DATABASE_ENGINE_OPTIONS=options, **mail_config(port))
        ids = add(app, 40)
        barrier = threading.Barrier(2)
        reports: dict[str, list[SendReport]] = {"a": [], "b": []}
        errors: list[BaseException] = []

        def run(name: str) -> None:
            try:
                with app.app_context():
                    barrier.wait(timeout=30)
                    while (report := send_due(app, limit=3, worker=f"host-{name}:1")).total:
                        reports[name].append(report)
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(name,)) for name in reports]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        message_ids = [r.message["Message-ID"] for r in handler.received]
        assert len(message_ids) == 40 and len(set(message_ids)) == 40
        assert sum(r.sent for rs in reports.values() for r in rs) == 40
        assert all(reports.values()), "both senders should have sent part of the mail"
        assert {row.id for row in rows(app) if row.sent_at is not None} == set(ids)
    finally:
        controller.stop()

"""``parley outbox send``, ``status`` and ``retry``."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from core.db import db_session, utcnow
from core.models import OutboxMessage
from core.outbox import queue
from core.outbox.cli import outbox_group, run_loop
from tests.core.outbox.conftest import mail_config


def cli_app(make_app, port: int, **config):
    app = make_app(**mail_config(port, **config))
    app.cli.add_command(outbox_group)
    return app


def add(app, *addresses: str) -> None:
    with app.app_context():
        for address in addresses:
            queue(kind="test", to=address, subject="Hello", body=f"Secret body for {address}")
        db_session().commit()


def test_send_prints_one_line(make_app, smtp_server):
    app = cli_app(make_app, smtp_server.port)
    add(app, "a@example.org", "b@example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["outbox", "send", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.output == "Outbox: 1 sent, 0 to retry, 0 failed.\n"
    assert (
        runner.invoke(args=["outbox", "send"]).output == "Outbox: 1 sent, 0 to retry, 0 failed.\n"
    )
    assert runner.invoke(args=["outbox", "send", "--quiet"]).output == ""
    assert len(smtp_server.received) == 2


def test_send_refuses_wrong_settings_clearly(make_app, smtp_server):
    app = cli_app(make_app, smtp_server.port, MAIL_SECURITY="ssl")
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "MAIL_SECURITY must be one of none, starttls, tls" in result.output


def test_status_counts_and_shows_failures_without_bodies(make_app, smtp_server):
    app = cli_app(make_app, smtp_server.port)
    add(app, "sent@example.org", "gone@example.org", "busy@example.org", "later@example.org")
    with app.app_context():
        later = db_session().scalar(
            sa.select(OutboxMessage).where(OutboxMessage.to_address == "later@example.org")
        )
        later.next_attempt_at = utcnow() + timedelta(hours=1)
        db_session().commit()
    runner = app.test_cli_runner()
    smtp_server.handler.replies = {
        "gone@example.org": "550 5.1.1 No such user",
        "busy@example.org": "452 4.2.2 Mailbox full",
    }
    assert runner.invoke(args=["outbox", "send"]).output == (
        "Outbox: 1 sent, 1 to retry, 1 failed.\n"
    )
    result = runner.invoke(args=["outbox", "status"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Queued: 2 (due now: 0, waiting to retry: 1, being sent: 0)"
    assert lines[1:3] == ["Sent: 1", "Failed: 1"]
    assert lines[3] == "Latest failures (of 1):"
    assert (
        "test to gone@example.org, 1 attempt: recipient refused: 550 5.1.1 No such user"
        in (lines[4])
    )
    assert "Secret body" not in result.output


def test_retry_queues_failed_mail_again(make_app, smtp_server):
    app = cli_app(make_app, smtp_server.port)
    add(app, "gone@example.org")
    runner = app.test_cli_runner()
    smtp_server.handler.rcpt_reply = "550 5.1.1 No such user"
    assert runner.invoke(args=["outbox", "send"]).output == (
        "Outbox: 0 sent, 0 to retry, 1 failed.\n"
    )
    assert runner.invoke(args=["outbox", "retry"]).exit_code == 2
    assert (
        runner.invoke(args=["outbox", "retry", "999"]).output == "0 failed e-mails queued again.\n"
    )
    smtp_server.handler.rcpt_reply = None
    result = runner.invoke(args=["outbox", "retry", "--all-failed"])
    assert result.output == "1 failed e-mail queued again.\n"
    assert runner.invoke(args=["outbox", "send"]).output == (
        "Outbox: 1 sent, 0 to retry, 0 failed.\n"
    )
    assert runner.invoke(args=["outbox", "retry", "--all-failed"]).output == (
        "0 failed e-mails queued again.\n"
    )


class OnePass(threading.Event):
    """Stops the loop the first time it would wait."""

    def wait(self, timeout=None):
        self.set()
        return True


def test_the_loop_sends_batch_after_batch_then_waits(make_app, smtp_server, capsys):
    app = cli_app(make_app, smtp_server.port)
    add(app, "a@example.org", "b@example.org", "c@example.org")
    run_loop(app, limit=2, interval=30, stop=OnePass())
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" Outbox: ")[1] for line in out] == [
        "2 sent, 0 to retry, 0 failed.",
        "1 sent, 0 to retry, 0 failed.",
    ]
    assert len(smtp_server.received) == 3

"""``parley outbox``: send what is due, and see what is queued, sent and failed."""

from __future__ import annotations

import signal
import threading
from datetime import datetime

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from core.db import db_session
from core.outbox.sender import send_due
from core.outbox.status import outbox_status, requeue_failed
from core.outbox.transport import MailSettings


@click.group("outbox", help="The e-mail outbox: send what is due, see what failed.")
def outbox_group() -> None:
    pass


@outbox_group.command("send", help="Send the e-mails that are due. Safe on several hosts at once.")
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=100,
    show_default=True,
    help="At most this many e-mails per batch.",
)
@click.option("--loop", is_flag=True, help="Keep sending until stopped (SIGTERM or Ctrl-C).")
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=30,
    show_default=True,
    help="With --loop, seconds to wait when nothing more is due.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when nothing was due.")
@with_appcontext
def send(limit: int, loop: bool, interval: float, quiet: bool) -> None:
    app = current_app._get_current_object()
    try:
        MailSettings.from_config(app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if not loop:
        report = send_due(app, limit=limit)
        if report.total or not quiet:
            click.echo(f"Outbox: {report}.")
        return
    stop = threading.Event()
    previous = _stop_on_signals(stop)
    try:
        run_loop(app, limit=limit, interval=interval, stop=stop)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_loop(app, *, limit: int, interval: float, stop: threading.Event) -> None:
    """Send batch after batch until ``stop`` is set; wait ``interval`` when nothing is left.

    Prints a line for each batch that did something. A database that cannot be reached is
    reported and tried again after ``interval``; the batch in hand is finished before stopping.
    """
    while not stop.is_set():
        try:
            report = send_due(app, limit=limit)
        except sa.exc.OperationalError as exc:  # the database restarts: wait, then go on
            click.echo(f"{_now()} Outbox: the database cannot be reached: {exc.orig}", err=True)
            stop.wait(interval)
            continue
        if report.total:
            click.echo(f"{_now()} Outbox: {report}.")
        if report.total < limit:
            stop.wait(interval)


@outbox_group.command("status", help="Count queued, due, sent and failed e-mails.")
@click.option(
    "--last",
    type=click.IntRange(0, 1000),
    default=10,
    show_default=True,
    help="Show this many of the latest failures.",
)
@with_appcontext
def status(last: int) -> None:
    state = outbox_status(db_session(), last=last)
    click.echo(
        f"Queued: {state.queued} (due now: {state.due}, waiting to retry: {state.retrying}, "
        f"being sent: {state.sending})"
    )
    click.echo(f"Sent: {state.sent}")
    if state.in_app:
        click.echo(f"Delivered to the in-app outbox only (no SMTP server): {state.in_app}")
    click.echo(f"Failed: {state.failed}")
    if state.failures:
        click.echo(f"Latest failures (of {state.failed}):")
    for failure in state.failures:
        click.echo(
            f"  #{failure.id} {failure.failed_at:%Y-%m-%d %H:%M} UTC {failure.kind} "
            f"to {failure.to_address}, {failure.attempts} attempt"
            f"{'' if failure.attempts == 1 else 's'}: {failure.last_error}"
        )


@outbox_group.command("retry", help="Queue failed e-mails again, with a fresh set of attempts.")
@click.argument("ids", nargs=-1, type=click.IntRange(1, 2**31 - 1))
@click.option("--all-failed", is_flag=True, help="Every failed e-mail.")
@with_appcontext
def retry(ids: tuple[int, ...], all_failed: bool) -> None:
    if bool(ids) == all_failed:
        raise click.UsageError("Give the ids of failed e-mails, or --all-failed.")
    count = requeue_failed(db_session(), None if all_failed else list(ids))
    click.echo(f"{count} failed e-mail{'' if count == 1 else 's'} queued again.")


def _stop_on_signals(stop: threading.Event) -> dict:
    """Finish the batch in hand, then stop, on SIGTERM (systemd) or SIGINT (Ctrl-C).

    Returns the handlers this replaced.
    """
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {
        signum: signal.signal(signum, lambda *_: stop.set())
        for signum in (signal.SIGTERM, signal.SIGINT)
    }


def _now() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")

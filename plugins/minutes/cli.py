"""``parley minutes``: the plugin's commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from core.plugin_api import external_url, utcnow
from plugins.minutes.reminders import remind


@click.group("minutes", help="Outcome records and the follow-up of recommendations.")
def minutes() -> None:
    pass


@minutes.command(
    "remind",
    help="Queue reminder e-mails for responses due soon or overdue. Safe on several hosts at "
    "once; run it daily.",
)
@click.option(
    "--days-before",
    type=click.IntRange(0, 365),
    default=14,
    show_default=True,
    help="Remind this many days before a response is due.",
)
@with_appcontext
def remind_command(days_before: int) -> None:
    # links in the e-mails use PUBLIC_URL, else SERVER_NAME and PREFERRED_URL_SCHEME
    with current_app.test_request_context():
        count = remind(
            utcnow(),
            days_before=days_before,
            url_for_recommendation=lambda r: external_url(
                "minutes.recommendation", slug=r.dialogue.slug, recommendation_id=r.id
            ),
        )
    click.echo(f"Reminders queued for {count} recommendation{'s' if count != 1 else ''}.")

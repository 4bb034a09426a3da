"""``parley retention purge``: erase the people of past dialogues whose retention ended."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core.db import utcnow
from core.personal_data.retention import purge


@click.group("retention", help="Personal data of past dialogues.")
def retention_group() -> None:
    pass


@retention_group.command(
    "purge",
    help="Erase the people all of whose dialogues ended longer ago than their retention "
    "period. Safe to run on several hosts at once.",
)
@click.option("--dry-run", is_flag=True, help="Say who would be erased; change nothing.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    report = purge(utcnow(), dry_run=dry_run)
    for line in report.lines():
        click.echo(line)
    if report.failed:
        raise click.exceptions.Exit(1)

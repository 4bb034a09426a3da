from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from core import migrate


@click.group("db", help="Database schema.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Upgrade the schema to the newest revision of every branch.")
@click.argument("target", default="heads")
@with_appcontext
def upgrade(target: str) -> None:
    migrate.upgrade(current_app, target)
    click.echo(f"Database at {target}.")


@db_group.command("heads", help="Show the newest revision of every branch in the scripts.")
@with_appcontext
def heads() -> None:
    for head in sorted(migrate.script_heads(current_app)):
        click.echo(head)


@db_group.command("current", help="Show the revisions the database is at.")
@with_appcontext
def current() -> None:
    applied = migrate.applied_heads(current_app)
    for head in sorted(applied):
        click.echo(head)
    missing = migrate.script_heads(current_app) - applied
    if missing:
        click.echo(f"Not yet applied: {', '.join(sorted(missing))}. Run: parley db upgrade")

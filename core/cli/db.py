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


@db_group.command("heads", help="Show the head revision of every branch.")
@with_appcontext
def heads() -> None:
    for head in sorted(migrate.current_heads(current_app)):
        click.echo(head)

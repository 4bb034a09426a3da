from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from core.plugins import describe


@click.command("plugins", help="List the loaded plugins with their versions and hooks, as JSON.")
@with_appcontext
def plugins_command() -> None:
    pm = current_app.extensions["parley.pm"]
    infos = current_app.extensions["parley.plugins"]
    click.echo(json.dumps(describe(pm, infos), indent=2))

"""The ``parley`` command line: Flask's commands plus Parley's own and those plugins add."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    from core.auth.two_factor_cli import reset_two_factor_command
    from core.cli.backup import export_command, import_command
    from core.cli.db import db_group
    from core.cli.plugins import plugins_command
    from core.cli.users import users_group
    from core.demo import demo_command
    from core.outbox.cli import outbox_group
    from core.personal_data.cli import retention_group

    commands = (
        db_group,
        users_group,
        demo_command,
        plugins_command,
        outbox_group,
        retention_group,
        export_command,
        import_command,
    )
    users_group.add_command(reset_two_factor_command)
    for command in commands:
        app.cli.add_command(command)


def main() -> None:
    from flask.cli import routes_command, shell_command

    from core.app import create_app
    from core.cli.run import run_command

    group = FlaskGroup(
        create_app=create_app,
        add_default_commands=False,
        help="Parley: policy dialogues on human rights.",
    )
    for command in (run_command, shell_command, routes_command):
        group.add_command(command)
    group.main()

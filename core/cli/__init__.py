"""The ``parley`` command line: Parley's own commands, which ``create_app`` adds to Flask's.

The console script itself is ``core.console.main``: it builds the app, so it lives outside this
package, which ``core.app`` imports.
"""

from __future__ import annotations

from flask import Flask

from core.auth.two_factor_cli import reset_two_factor_command
from core.cli.backup import export_command, import_command
from core.cli.db import db_group
from core.cli.plugins import plugins_command
from core.cli.users import users_group
from core.demo import demo_command
from core.outbox.cli import outbox_group
from core.personal_data.cli import retention_group


def register_commands(app: Flask) -> None:
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

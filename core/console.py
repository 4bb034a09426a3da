"""The ``parley`` console script (``setup.cfg``): Flask's group, building the app on demand,
with Flask's shell and routes commands, Parley's ``run``, and what ``create_app`` adds."""

from __future__ import annotations

from flask.cli import FlaskGroup, routes_command, shell_command

from core.app import create_app
from core.cli.run import run_command


def main() -> None:
    group = FlaskGroup(
        create_app=create_app,
        add_default_commands=False,
        help="Parley: policy dialogues on human rights.",
    )
    for command in (run_command, shell_command, routes_command):
        group.add_command(command)
    group.main()

"""``parley run``: Flask's development server, saying first where e-mail goes."""

from __future__ import annotations

import os

import click
from flask.cli import ScriptInfo, pass_script_info
from flask.cli import run_command as flask_run

from core.config import mail_configured

NO_SMTP = (
    "No SMTP server is configured (MAIL_SERVER is empty): Parley sends no e-mail. Each "
    "message is delivered to the outbox page instead, /admin/outbox, where administrators "
    "read it as it would arrive. Set PARLEY_MAIL_SERVER to send real mail (docs/email.md)."
)


@click.pass_context
@pass_script_info
def _run(info: ScriptInfo, ctx: click.Context, /, **options) -> None:
    # the reloader runs this again in its child process: say it once, in the parent
    if os.environ.get("WERKZEUG_RUN_MAIN") != "true" and not mail_configured(
        info.load_app().config
    ):
        click.echo(NO_SMTP)
    ctx.invoke(flask_run, **options)


run_command = click.Command(
    "run",
    callback=_run,
    params=flask_run.params,
    help=flask_run.help,
    short_help=flask_run.short_help,
)

"""``parley users reset-two-factor``: the server's way to reset a lost second factor, for the
administrator who lost their own and has no other administrator to ask."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from core.auth import two_factor
from core.db import db_session
from core.models import User


@click.command(
    "reset-two-factor",
    help="Reset the second factor of an account whose owner lost their phone and recovery "
    "codes: turned off, every session ended, audited and e-mailed (docs/accounts.md).",
)
@click.argument("email")
@click.option("--reason", required=True, help="Why, and how you made sure it was the owner.")
@with_appcontext
def reset_two_factor_command(email: str, reason: str) -> None:
    session = db_session()
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    if not reason.strip():
        raise click.ClickException("Give a reason: it is kept in the audit log.")
    if not user.has_two_factor:
        raise click.ClickException(f"{user.email} has no second factor to reset.")
    two_factor.reset(user, reason.strip())
    session.commit()
    click.echo(f"The second factor of {user.email} was reset; every session of it has ended.")

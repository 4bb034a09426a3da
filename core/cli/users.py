from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from core.accounts import create_user, grant_role
from core.db import db_session
from core.models import Dialogue, Role, User


@click.group("users", help="User accounts and roles.")
def users_group() -> None:
    pass


@users_group.command(
    "create",
    help="Create a user account. Its address counts as confirmed: whoever runs this on the "
    "server vouches for it (docs/accounts.md).",
)
@click.argument("email")
@click.option("--name", prompt=True, help="The name shown for this user.")
@click.password_option(help="The password (asked for when not given).")
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
@with_appcontext
def create(email: str, name: str, password: str, admin: bool) -> None:
    try:
        user = create_user(email=email, name=name, password=password, verified=True)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if admin:
        grant_role(user, Role.ADMINISTRATOR)
    db_session().commit()
    click.echo(f"Created {user.email}{' (administrator)' if admin else ''}.")


@users_group.command("grant", help="Grant a role, for every dialogue or for one.")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.option("--dialogue", "slug", help="Limit the role to this dialogue (its short name).")
@with_appcontext
def grant(email: str, role: str, slug: str | None) -> None:
    session = db_session()
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    dialogue = None
    if slug:
        dialogue = session.scalar(sa.select(Dialogue).where(Dialogue.slug == slug))
        if dialogue is None:
            raise click.ClickException(f"No dialogue with the short name {slug}.")
    grant_role(user, Role(role), dialogue)
    session.commit()
    click.echo(f"{user.email} is {role}{f' for {slug}' if slug else ''}.")

"""Administering accounts: what the users pages read, and each change they make, audited and
committed."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from core import audit
from core.accounts import create_user, grant_role
from core.auth import account_mail
from core.db import db_session
from core.models import Dialogue, Grant, Role, User


def get_user(user_id: int) -> User | None:
    return db_session().get(User, user_id)


def all_users() -> list[User]:
    """Every account by name, with the roles it holds."""
    return list(
        db_session().scalars(sa.select(User).options(selectinload(User.grants)).order_by(User.name))
    )


def dialogue_titles() -> list[tuple[int, str]]:
    """``(id, title)`` of every dialogue, the newest first: what a role may be granted for, and
    the names of those a role is held for."""
    rows = db_session().execute(
        sa.select(Dialogue.id, Dialogue.title).order_by(Dialogue.starts_at.desc())
    )
    return [(row.id, row.title) for row in rows]


def create_account(*, email: str, name: str, password: str) -> User:
    """A new account, committed, with the link that confirms its address on its way: an
    administrator cannot vouch for an address, its owner confirms it. ValueError with a plain
    message when the account cannot be made."""
    user = create_user(email=email, name=name, password=password)
    account_mail.send_verification(user)
    db_session().commit()
    return user


def grant(user: User, role: Role, dialogue_id: int | None) -> None:
    """Give ``user`` the ``role``, in the dialogue ``dialogue_id`` or in every dialogue."""
    dialogue = db_session().get(Dialogue, dialogue_id) if dialogue_id else None
    grant_role(user, role, dialogue)
    db_session().commit()


def revoke(user: User, held: Grant) -> None:
    """Take the role away, and sign the account out everywhere: a page open with the role must
    not go on using it."""
    user.grants.remove(held)
    user.end_sessions()
    audit.record("role.revoked", user, dialogue_id=held.dialogue_id, role=held.role.value)
    db_session().commit()


def switch_active(user: User) -> None:
    """Deactivate an active account, reactivate a deactivated one."""
    user.active = not user.active
    if not user.active:  # reactivating it later must not bring its old sessions back
        user.end_sessions()
    audit.record("user.activated" if user.active else "user.deactivated", user)
    db_session().commit()


def sign_out_everywhere(user: User) -> None:
    """End every session of the account, on every device (a lost laptop, a stolen cookie)."""
    user.end_sessions()
    audit.record("user.signed_out_everywhere", user)
    db_session().commit()

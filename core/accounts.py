"""Creating accounts and granting roles, with the audit entries that go with them."""

from __future__ import annotations

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from core import audit
from core.db import db_session, utcnow
from core.models import Dialogue, Grant, Role, User

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    """``email`` as accounts keep it (lower case, normalised); ValueError if it is not one."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(f"“{email}” is not a valid e-mail address: {exc}") from exc


def user_by_email(email: str) -> User | None:
    """The account holding ``email`` (normalised first), if any."""
    try:
        email = normalise_email(email)
    except ValueError:
        return None
    return db_session().scalar(sa.select(User).where(User.email == email))


def create_user(*, email: str, name: str, password: str, verified: bool = False) -> User:
    """A new, active user (not committed). Raises ValueError with a plain message.

    The address is unconfirmed unless ``verified``: only who stands behind the account's
    creation can say so (the demo, or the server's operator at the command line).
    """
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if not name.strip():
        raise ValueError("Enter a name for the user.")
    session = db_session()
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise ValueError(f"A user with the e-mail address {email} already exists.")
    user = User(email=email, name=name.strip(), email_verified_at=utcnow() if verified else None)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record("user.created", user, verified=verified)
    return user


def grant_role(user: User, role: Role, dialogue: Dialogue | None = None) -> Grant:
    """Give ``user`` the ``role`` (for ``dialogue`` only, when given); idempotent."""
    dialogue_id = dialogue.id if dialogue else None
    for existing in user.grants:
        if existing.role == role and existing.dialogue_id == dialogue_id:
            return existing
    grant = Grant(role=role, dialogue_id=dialogue_id)
    user.grants.append(grant)
    db_session().flush()
    audit.record("role.granted", user, dialogue_id=dialogue_id, role=role.value)
    return grant

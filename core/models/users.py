"""Accounts and the roles granted to them, globally or for one dialogue."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from core.db import Base, utcnow
from core.models.enums import Role, enum_column


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # NULL until the owner follows the link sent to the address
    email_verified_at: Mapped[datetime | None]
    # raised to end every signed-in session of the user (see ``get_id``)
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None]
    # the last TOTP time step accepted, so that a code cannot be used twice
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    grants: Mapped[list[Grant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    devices: Mapped[list[KnownDevice]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def get_id(self) -> str:
        """The user's id with their session version: raising the version ends every session.

        Flask-Login keeps this string in the session and the remember-me cookie and hands it
        back to the user loader, which refuses it once the version has moved on.
        """
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """End every signed-in session of this user, on every device."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: Role, dialogue_id: int | None = None) -> bool:
        """True if the user holds ``role`` globally, or for ``dialogue_id`` when given."""
        return any(
            g.role == role and (g.dialogue_id is None or g.dialogue_id == dialogue_id)
            for g in self.grants
        )

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMINISTRATOR)


class Grant(Base):
    """A role held by a user; ``dialogue_id`` NULL means for every dialogue."""

    __tablename__ = "grant"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "dialogue_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    dialogue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="grants")


class RecoveryCode(Base):
    """A single-use code that stands in for the second factor; only its hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(255))
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class KnownDevice(Base):
    """A browser the user has signed in from, known by the hash of a token in its cookie."""

    __tablename__ = "known_device"
    __table_args__ = (sa.UniqueConstraint("user_id", "token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    user_agent: Mapped[str] = mapped_column(sa.String(300))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="devices")

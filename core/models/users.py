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

    grants: Mapped[list[Grant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:
        return self.active

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

"""The participant categories an organiser opens for one dialogue, with their rules."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models.dialogues import Dialogue
from core.models.enums import Category, enum_column
from core.models.enums import label as plain_label
from core.models.organisations import Organisation


class RegistrationMode(StrEnum):
    """Who may put people into a category."""

    INVITATION = "invitation"  # organisers invite; nobody registers themselves
    FOCAL_POINTS = "focal-points"  # an organisation's focal point registers its people
    OPEN = "open"  # anyone signed in may register themselves


class DialogueCategory(Base):
    __tablename__ = "dialogue_category"
    __table_args__ = (
        sa.UniqueConstraint("dialogue_id", "category"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(sa.ForeignKey("dialogue.id", ondelete="CASCADE"))
    category: Mapped[Category] = mapped_column(enum_column(Category))
    label: Mapped[str] = mapped_column(sa.String(120), default="")
    capacity: Mapped[int | None]
    needs_approval: Mapped[bool] = mapped_column(default=True)
    registration: Mapped[RegistrationMode] = mapped_column(
        enum_column(RegistrationMode), default=RegistrationMode.INVITATION
    )
    required_status: Mapped[str] = mapped_column(sa.String(200), default="")
    required_status_issuer: Mapped[str] = mapped_column(sa.String(200), default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    # bumped by every registration into the category: the row lock that serialises them
    lock_version: Mapped[int] = mapped_column(default=0)

    dialogue: Mapped[Dialogue] = relationship()

    @property
    def name(self) -> str:
        return self.label or plain_label(self.category)

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def admits(self, organisation: Organisation | None, on: date) -> bool:
        """Whether ``organisation`` holds the status this category requires on ``on``."""
        if not self.required_status:
            return True
        if organisation is None:
            return False
        return any(
            s.name == self.required_status
            and (not self.required_status_issuer or s.issuer == self.required_status_issuer)
            for s in organisation.valid_statuses(on)
        )


class FocalPoint(Base):
    """A user who registers and manages the representatives of one organisation."""

    __tablename__ = "focal_point"
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )

    organisation: Mapped[Organisation] = relationship()

"""A person's part in one dialogue. The workflows that move it live in the participation module."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.models.dialogues import Dialogue
from core.models.enums import Category, ParticipationStatus, Visibility, enum_column
from core.models.organisations import Organisation
from core.models.people import Person


class Participation(Base):
    __tablename__ = "participation"
    __table_args__ = (
        sa.UniqueConstraint("dialogue_id", "person_id"),
        sa.UniqueConstraint("dialogue_id", "badge_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[Category] = mapped_column(enum_column(Category))
    status: Mapped[ParticipationStatus] = mapped_column(
        enum_column(ParticipationStatus), default=ParticipationStatus.INVITED
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.PARTICIPANTS
    )
    registered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # what the plugins found at the last gate, for the organisers' review
    findings: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    reason_code: Mapped[str] = mapped_column(sa.String(40), default="")
    # accreditation: the decision, the badge, and the version that signed QR tokens carry
    # (bumped to revoke every token issued before)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    badge_number: Mapped[int | None]
    token_version: Mapped[int] = mapped_column(default=0)
    checked_in_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    dialogue: Mapped[Dialogue] = relationship()
    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

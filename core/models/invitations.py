"""Invitations: to a person (who accepts or declines by a signed link) or to an organisation
(whose contact becomes its focal point by accepting)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.models.dialogues import Dialogue
from core.models.enums import Category, enum_column
from core.models.organisations import Organisation
from core.models.people import Person


class InvitationState(StrEnum):
    HELD = "held"  # the gate stopped it; the reason is kept for the organiser
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class Invitation(Base):
    __tablename__ = "invitation"
    __table_args__ = (
        sa.CheckConstraint(
            "person_id IS NOT NULL OR organisation_id IS NOT NULL", name="invites_someone"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[Category] = mapped_column(enum_column(Category))
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    state: Mapped[InvitationState] = mapped_column(enum_column(InvitationState))
    hold_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # what the inviter wrote to this invitee, sent with the e-mail (also once a hold is lifted)
    personal_message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    findings: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]

    dialogue: Mapped[Dialogue] = relationship()
    person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

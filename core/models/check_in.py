"""Check-in entries: each time the desk admitted a participant, once per day or per session."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class CheckInEntry(Base):
    """One admission at the desk. ``point`` names what it admits to: ``day:2025-11-17`` (a day
    in the dialogue's own timezone) or ``session:<id>`` (a session a plugin offered as a
    check-in point). The unique constraint keeps two desks scanning at once from admitting
    the same person twice to the same point."""

    __tablename__ = "check_in_entry"
    __table_args__ = (sa.UniqueConstraint("participation_id", "point"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="CASCADE")
    )
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    point: Mapped[str] = mapped_column(sa.String(80))
    # the local day of the admission, whatever the point: the desk's "who is in today"
    day: Mapped[date] = mapped_column(sa.Date)
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )


class CheckInSetting(Base):
    """How a dialogue's desk checks people in: per day (no row, the default) or per session."""

    __tablename__ = "check_in_setting"

    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True
    )
    per_session: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

"""Changes of the fields screening reads, kept with their old and new values.

The audit log says who changed what and when, but holds no personal data (it is append-only and
outlives an erasure); the values themselves are kept here, erased with the person.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class ScreenedFieldChange(Base):
    __tablename__ = "screened_field_change"
    __table_args__ = (sa.Index("ix_screened_field_change_subject", "subject_kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(sa.String(20))  # "person" or "organisation"
    subject_id: Mapped[int]
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.Text, default="")
    new_value: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)

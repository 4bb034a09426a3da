"""The wording organisers chose for one kind of e-mail of one dialogue (see
``core/outbox/wording.py``): a subject and a message with placeholders, in place of Parley's
default wording. The facts Parley adds around the message are not stored here."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class MessageWording(Base):
    __tablename__ = "message_wording"
    __table_args__ = (sa.UniqueConstraint("dialogue_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(sa.ForeignKey("dialogue.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(60))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

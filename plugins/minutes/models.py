"""The minutes plugin's tables: drafts with their revisions, approvals, published versions,
recommendations with their follow-up, and the reminders already queued.

A dialogue's draft (``MinutesRecord``) is its outcome text plus one document per session.
``draft_revision`` counts every change to any part of the draft, recommendations included; an
approval holds the draft revision it approved, so any later change leaves it behind.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugin_api import Base, Dialogue, Participation, enum_column, utcnow

RECORD_KEY = "record"


class Source(StrEnum):
    """Where a recommendation was made."""

    SESSION = "session"
    SEGMENT = "segment"
    CSO_FORUM = "cso-forum"
    DIALOGUE = "dialogue"


class ResponseStatus(StrEnum):
    """Where a recommendation stands after the addressee's latest response."""

    NO_RESPONSE = "no-response"
    ACKNOWLEDGED = "acknowledged"
    PARTIALLY_IMPLEMENTED = "partially-implemented"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"


class MinutesRecord(Base):
    __tablename__ = "minutes_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), unique=True
    )
    draft_revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    dialogue: Mapped[Dialogue] = relationship()


class MinutesDocument(Base):
    """The outcome text (key ``record``) or one session's minutes (key ``session-<id>``)."""

    __tablename__ = "minutes_document"
    __table_args__ = (sa.UniqueConstraint("record_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes_record.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(40))
    # the sessions plugin's id; no foreign key, so the minutes work without that plugin
    session_id: Mapped[int | None]
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )


class MinutesRevision(Base):
    """Every save of a document, kept."""

    __tablename__ = "minutes_revision"
    __table_args__ = (sa.UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes_document.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )


class MinutesApproval(Base):
    __tablename__ = "minutes_approval"
    __table_args__ = (sa.UniqueConstraint("record_id", "user_id", "draft_revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes_record.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    draft_revision: Mapped[int]
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)


class MinutesVersion(Base):
    """A published version: never changed once written. ``text`` is the published text, with
    mentions as ``@[participation id]``, and ``content`` the same sections and recommendations
    as data, to show them to each reader as they may see them.

    ``text_hmac`` is a keyed digest of ``text`` (HMAC-SHA256 under a key derived from the
    instance's secret), shown nowhere: a plain digest of a text whose mentions are small
    sequential numbers would let anyone who saw it guess who said what. ``public_sha256`` is
    the SHA-256 of the public text (as a visitor downloads it) when the version was published;
    the pages show it while the public text is still the same (``publication.public_state``).
    Both are empty for versions published before they existed, until first read."""

    __tablename__ = "minutes_version"
    __table_args__ = (sa.UniqueConstraint("record_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes_record.id", ondelete="CASCADE"))
    number: Mapped[int]
    draft_revision: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changes: Mapped[str] = mapped_column(sa.String(500), default="")
    text: Mapped[str] = mapped_column(sa.Text)
    text_hmac: Mapped[str | None] = mapped_column(sa.String(64))
    public_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)


class Recommendation(Base):
    __tablename__ = "minutes_recommendation"
    __table_args__ = (sa.UniqueConstraint("dialogue_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(sa.ForeignKey("dialogue.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    addressee: Mapped[str] = mapped_column(sa.String(200))
    thematic_area: Mapped[str] = mapped_column(sa.String(200), default="")
    source: Mapped[Source] = mapped_column(enum_column(Source), default=Source.DIALOGUE)
    source_detail: Mapped[str] = mapped_column(sa.String(300), default="")
    session_id: Mapped[int | None]
    participation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="SET NULL"), index=True
    )
    coalition: Mapped[str] = mapped_column(sa.String(300), default="")
    restates_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("minutes_recommendation.id", ondelete="SET NULL"), index=True
    )
    # the dialogue where the first of a chain of restatements was made
    first_dialogue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="SET NULL")
    )
    due_on: Mapped[date]
    # the addressee's contact for reminders (an office's address, not a person's)
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    published_version: Mapped[int | None]
    # counts the saves: an edit names the revision it started from (optimistic locking)
    revision: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    dialogue: Mapped[Dialogue] = relationship(foreign_keys=[dialogue_id])
    participation: Mapped[Participation | None] = relationship()
    restates: Mapped[Recommendation | None] = relationship(remote_side=[id])
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by=lambda: (FollowUp.responded_on, FollowUp.id),
    )

    @property
    def is_published(self) -> bool:
        return self.published_version is not None


class FollowUp(Base):
    """A dated response of the addressee, or the note that none came, with evidence links."""

    __tablename__ = "minutes_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes_recommendation.id", ondelete="CASCADE"), index=True
    )
    responded_on: Mapped[date]
    status: Mapped[ResponseStatus] = mapped_column(enum_column(ResponseStatus))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    evidence: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    recommendation: Mapped[Recommendation] = relationship(back_populates="follow_ups")


class Reminder(Base):
    """A reminder queued for one recommendation at one stage; unique, so that two hosts
    running ``parley minutes remind`` at once queue it once."""

    __tablename__ = "minutes_reminder"
    __table_args__ = (sa.UniqueConstraint("recommendation_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes_recommendation.id", ondelete="CASCADE")
    )
    stage: Mapped[str] = mapped_column(sa.String(40))
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)

"""The programme's tables: sessions as organisers edit them, who takes part in each, the
released versions the public sees, and the keys of personal calendar feeds."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugin_api import Base, Participation, enum_column, utcnow


class SessionKind(StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    THEMATIC = "thematic"
    GENERAL = "general"
    STAKEHOLDERS = "stakeholders"
    RECOMMENDATIONS = "recommendations"
    CLOSING = "closing"
    SIDE_EVENT = "side-event"
    BREAK = "break"


KIND_LABELS = {
    SessionKind.OPENING: "Opening",
    SessionKind.KEYNOTE: "Keynote",
    SessionKind.THEMATIC: "Thematic session",
    SessionKind.GENERAL: "General dialogues segment",
    SessionKind.STAKEHOLDERS: "Stakeholders' segment",
    SessionKind.RECOMMENDATIONS: "Recommendations segment",
    SessionKind.CLOSING: "Closing",
    SessionKind.SIDE_EVENT: "Side event",
    SessionKind.BREAK: "Break",
}


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CHANGED = "changed"
    CANCELLED = "cancelled"


class SessionRole(StrEnum):
    CHAIR = "chair"
    MODERATOR = "moderator"
    SPEAKER = "speaker"
    RAPPORTEUR = "rapporteur"


class ProgrammeSession(Base):
    """A session or segment as the organisers last saved it (work in progress until released).

    ``attend_categories`` and ``speak_categories`` hold participation categories; an empty list
    means every category.
    """

    __tablename__ = "sessions_session"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(sa.String(200), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    thematic_area: Mapped[str] = mapped_column(sa.String(300), default="")
    attend_categories: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    speak_categories: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    chatham_house: Mapped[bool] = mapped_column(default=False)
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.SCHEDULED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    people: Mapped[list[SessionPerson]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SessionPerson.position",
    )

    def ids(self, role: SessionRole) -> list[int]:
        return [p.participation_id for p in self.people if p.role == role]


class SessionPerson(Base):
    """A participation chairing, moderating, speaking in or reporting on a session."""

    __tablename__ = "sessions_session_person"
    __table_args__ = (sa.UniqueConstraint("session_id", "participation_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions_session.id", ondelete="CASCADE")
    )
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[SessionRole] = mapped_column(enum_column(SessionRole))
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[ProgrammeSession] = relationship(back_populates="people")
    participation: Mapped[Participation] = relationship()


class Release(Base):
    """A released version of a dialogue's programme, as pretalx releases schedules.

    ``sessions`` is the programme as released (see ``plugins.sessions.releases``); people are
    kept as participation ids, so that names are looked up, through the visibility function,
    when shown. ``changes`` is the changelog against the previous release.
    """

    __tablename__ = "sessions_release"
    __table_args__ = (
        sa.UniqueConstraint("dialogue_id", "number"),
        sa.UniqueConstraint("dialogue_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(80))
    released_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    sessions: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)


class FeedKey(Base):
    """The key of a participant's personal calendar feed. The link carries the participation
    and ``version``, signed; a new link or a revocation bumps the version, so every link given
    before stops working."""

    __tablename__ = "sessions_feed_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="CASCADE"), unique=True
    )
    version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EventCache(Base):
    """A session's VEVENT as serialised once, keyed by a hash of everything it is made of
    (the session as released, the names as the viewer may see them, the site's address), so
    an entry is never stale: any change makes a new key. Feeds read their events here in one
    query instead of serialising hundreds with icalendar on every request."""

    __tablename__ = "sessions_event_cache"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

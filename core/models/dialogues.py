"""Series of dialogues, their editions, chairs and co-hosts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.models.enums import DialogueFormat, DialogueStatus, enum_column
from core.models.organisations import Organisation
from core.models.people import Person


class Series(Base):
    """A recurring forum, e.g. the ASEAN Human Rights Dialogue."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    acronym: Mapped[str | None] = mapped_column(sa.String(40))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dialogues: Mapped[list[Dialogue]] = relationship(
        back_populates="series", order_by="Dialogue.starts_at"
    )


class Dialogue(Base):
    """One edition of a series: the 7th ASEAN Human Rights Dialogue, Jakarta, 2025."""

    __tablename__ = "dialogue"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("series.id", ondelete="SET NULL"), index=True
    )
    edition: Mapped[str] = mapped_column(sa.String(40), default="")
    title: Mapped[str] = mapped_column(sa.String(300))
    theme: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(sa.String(64))
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    country: Mapped[str] = mapped_column(sa.String(120), default="")
    format: Mapped[DialogueFormat] = mapped_column(
        enum_column(DialogueFormat), default=DialogueFormat.IN_PERSON
    )
    status: Mapped[DialogueStatus] = mapped_column(
        enum_column(DialogueStatus), default=DialogueStatus.DRAFT
    )
    related_dialogue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="SET NULL")
    )
    relation: Mapped[str] = mapped_column(sa.String(200), default="")
    # days after the end when personal data is purged (None: kept until erased on request)
    retention_days: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    series: Mapped[Series | None] = relationship(back_populates="dialogues")
    related_dialogue: Mapped[Dialogue | None] = relationship(remote_side=[id])
    chairs: Mapped[list[DialogueChair]] = relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="DialogueChair.position"
    )
    hosts: Mapped[list[DialogueHost]] = relationship(
        back_populates="dialogue", cascade="all, delete-orphan", order_by="DialogueHost.position"
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the dialogue's own timezone."""
        return moment.astimezone(self.zone)

    @property
    def is_public(self) -> bool:
        return self.status != DialogueStatus.DRAFT


def open_dialogue_ids() -> sa.Select:
    """The ids of the dialogues not closed: those whose participants are screened again."""
    return sa.select(Dialogue.id).where(Dialogue.status != DialogueStatus.CLOSED)


class DialogueChair(Base):
    """A person chairing a dialogue, with the title they chair under ("Co-chair")."""

    __tablename__ = "dialogue_chair"
    __table_args__ = (sa.UniqueConstraint("dialogue_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(sa.ForeignKey("dialogue.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(120), default="Co-chair")
    position: Mapped[int] = mapped_column(default=0)

    dialogue: Mapped[Dialogue] = relationship(back_populates="chairs")
    person: Mapped[Person] = relationship()


class DialogueHost(Base):
    """An organisation co-hosting a dialogue."""

    __tablename__ = "dialogue_host"
    __table_args__ = (sa.UniqueConstraint("dialogue_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(sa.ForeignKey("dialogue.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(default=0)

    dialogue: Mapped[Dialogue] = relationship(back_populates="hosts")
    organisation: Mapped[Organisation] = relationship()

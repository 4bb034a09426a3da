"""Organisations and the statuses they hold (consultative relationship, accreditation)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.models.enums import OrganisationKind, enum_column


def display_name(name: str, acronym: str | None) -> str:
    """How an organisation is named on every page: "Name (ACRONYM)", or the name alone."""
    return f"{name} ({acronym})" if acronym else name


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300), unique=True)
    acronym: Mapped[str] = mapped_column(sa.String(40), default="")
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    country: Mapped[str] = mapped_column(sa.String(120), default="")
    website: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    statuses: Mapped[list[OrganisationStatus]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationStatus.name",
    )

    @property
    def display_name(self) -> str:
        return display_name(self.name, self.acronym)

    def valid_statuses(self, on: date) -> list[OrganisationStatus]:
        return [s for s in self.statuses if s.is_valid(on)]


class OrganisationStatus(Base):
    """A standing granted by an issuer, e.g. "Consultative relationship" issued by AICHR."""

    __tablename__ = "organisation_status"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "name", "issuer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    issuer: Mapped[str] = mapped_column(sa.String(200))
    valid_from: Mapped[date | None]
    expires_on: Mapped[date | None]

    organisation: Mapped[Organisation] = relationship(back_populates="statuses")

    def is_valid(self, on: date) -> bool:
        started = self.valid_from is None or self.valid_from <= on
        return started and (self.expires_on is None or on <= self.expires_on)

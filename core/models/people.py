"""People as they are named in the record, with the parts of their name where known."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.models.organisations import Organisation


def honorific_name(honorific: str, name: str) -> str:
    """How a person is named on every page: "H.E. Name", or the name alone."""
    return f"{honorific} {name}".strip()


def name_key(honorific: str, name: str) -> str:
    """The name ``honorific_name`` gives, case-folded: what a list of people is sorted by."""
    return honorific_name(honorific, name).casefold()


# compared by code point, as Python compares strings, whatever the database's collation
NAME_KEY_TYPE = sa.String(400).with_variant(sa.String(400, collation="C"), "postgresql")


class Person(Base):
    """A person. ``name`` is written as the person writes it; the parts are optional because
    many names (Burmese names among them) have no given/family split."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    honorific: Mapped[str] = mapped_column(sa.String(80), default="")
    given_name: Mapped[str] = mapped_column(sa.String(200), default="")
    family_name: Mapped[str] = mapped_column(sa.String(200), default="")
    name_original_script: Mapped[str] = mapped_column(sa.String(300), default="")
    position: Mapped[str] = mapped_column(sa.String(300), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    nationality: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # kept by ``_keep_name_key`` on every write: a list of thousands is ordered in the
    # database by a column rather than by folding every name as it sorts
    name_key: Mapped[str] = mapped_column(NAME_KEY_TYPE, default="")

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def full_name(self) -> str:
        return honorific_name(self.honorific, self.name)


@sa.event.listens_for(Person, "before_insert")
@sa.event.listens_for(Person, "before_update")
def _keep_name_key(_mapper, _connection, person: Person) -> None:
    person.name_key = name_key(person.honorific or "", person.name or "")

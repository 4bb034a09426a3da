"""Non-engagement lists kept in Parley, with every imported version and the history of entries.

An entry row holds one content of one list entry between two versions: an import that changes
an entry closes its row (``removed_in``) and opens a new one (``added_in``), so what a list said
at any version can be read back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class VettingList(Base):
    __tablename__ = "vetting_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VettingListVersion(Base):
    __tablename__ = "vetting_list_version"
    __table_args__ = (sa.UniqueConstraint("list_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("vetting_list.id", ondelete="CASCADE"))
    number: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    source_format: Mapped[str] = mapped_column(sa.String(40))
    source_name: Mapped[str] = mapped_column(sa.String(500), default="")
    entries: Mapped[int] = mapped_column(default=0)
    added: Mapped[int] = mapped_column(default=0)
    removed: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)


class VettingEntry(Base):
    __tablename__ = "vetting_entry"
    __table_args__ = (sa.Index("ix_vetting_entry_current", "list_id", "removed_in"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("vetting_list.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(500))
    # aliases, birth dates, countries, position, programmes, reason, source
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    added_in: Mapped[int] = mapped_column(sa.ForeignKey("vetting_list_version.id"))
    removed_in: Mapped[int | None] = mapped_column(sa.ForeignKey("vetting_list_version.id"))

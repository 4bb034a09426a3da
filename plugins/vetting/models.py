"""What the vetting plugin keeps: lists with their versions and entries, findings and decisions.

An entry row holds one content of one list entry between two versions: an import that changes
an entry closes its row (``removed_in``) and opens a new one (``added_in``), so what a list said
at any version can be read back.

A finding is one (subject, entry row) pair: a person or an organisation that looks like an entry.
Because a changed entry is a new row, a decision about a pair holds until the entry changes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugin_api import Base, enum_column, utcnow


class VettingList(Base):
    __tablename__ = "vetting_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # an inactive list is kept with its history but nobody is screened against it
    active: Mapped[bool] = mapped_column(default=True)
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


class FindingState(StrEnum):
    OPEN = "open"
    CLEARED = "cleared"  # not the same: the pair no longer stops anything
    CONFIRMED = "confirmed"  # the same: every step stops
    OVERRIDE_REQUESTED = "override_requested"  # confirmed, a second reviewer is asked
    OVERRIDDEN = "overridden"  # confirmed, yet allowed by two reviewers
    CLEARANCE_REQUESTED = "clearance_requested"  # a strong alert: one reviewer cleared, a
    # second must agree; it stops every step until then


class VettingFinding(Base):
    __tablename__ = "vetting_finding"
    # one finding per name screened: a renamed subject is a new subject
    __table_args__ = (sa.UniqueConstraint("subject_kind", "subject_id", "entry_id", "subject_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(sa.String(20))  # "person" or "organisation"
    subject_id: Mapped[int]
    subject_name: Mapped[str] = mapped_column(sa.String(500))  # the name as it was screened
    # the name as the matcher reads it (``screening.subject_key``): a decision is bound to it
    subject_key: Mapped[str] = mapped_column(sa.String(500), server_default="")
    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vetting_entry.id", ondelete="CASCADE"), index=True
    )
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("vetting_list.id", ondelete="CASCADE"))
    score: Mapped[float]
    level: Mapped[str] = mapped_column(sa.String(10))  # "review" or "alert"
    matched_name: Mapped[str] = mapped_column(sa.String(500))
    explanation: Mapped[str] = mapped_column(sa.Text)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)
    screening_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vetting_screening.id", ondelete="SET NULL")
    )
    state: Mapped[FindingState] = mapped_column(
        enum_column(FindingState), default=FindingState.OPEN
    )
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    override_requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    clearance_requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    entry: Mapped[VettingEntry] = relationship()
    vetting_list: Mapped[VettingList] = relationship()


class VettingFindingDialogue(Base):
    """A dialogue a finding concerns: its subject was screened for it, at its gate (a stopped
    step included) or as one of those taking part."""

    __tablename__ = "vetting_finding_dialogue"

    finding_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vetting_finding.id", ondelete="CASCADE"), primary_key=True
    )
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class VettingDecision(Base):
    """One step in a finding's review, kept in order: who decided what, when and why."""

    __tablename__ = "vetting_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vetting_finding.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(40))
    state: Mapped[FindingState] = mapped_column(enum_column(FindingState))
    reason: Mapped[str] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


class VettingScreening(Base):
    """A screening of everyone taking part against the lists as they stood (after an import,
    or on request): what the engagement statement reports."""

    __tablename__ = "vetting_screening"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    trigger: Mapped[str] = mapped_column(sa.String(200))
    # [{"list_id": ..., "list": name, "version": number}]
    versions: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    subjects: Mapped[int] = mapped_column(default=0)
    new_findings: Mapped[int] = mapped_column(default=0)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

"""The people of a programme as a viewer may see them: every name goes through
``core.visibility.view_participation``.

Participations are read as plain rows (one query, however many sessions) by the core's loader
``core.participation.rows.participant_rows``, as the participant list is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from core.plugin_api import (
    ParticipantRow,
    Participation,
    ParticipationStatus,
    Person,
    Viewer,
    participant_rows,
    view_participation,
)
from plugins.sessions.sql import among

if TYPE_CHECKING:
    from plugins.sessions.releases import Released


def load_rows(ids: Iterable[int]) -> dict[int, ParticipantRow]:
    """The participations ``ids`` as rows, by id (one query)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {row.id: row for row in participant_rows(among(Participation.id, wanted, sa.Integer()))}


def dialogue_rows(
    dialogue_id: int, exclude: Iterable[ParticipationStatus]
) -> dict[int, ParticipantRow]:
    """A dialogue's participations but those in ``exclude``, by id, in name order."""
    rows = participant_rows(
        sa.and_(Participation.dialogue_id == dialogue_id, Participation.status.not_in(exclude)),
        order_by=(Person.name, Participation.id),
    )
    return {row.id: row for row in rows}


class People:
    """Names of a programme's people for one viewer, each decided once."""

    def __init__(self, viewer: Viewer, rows: dict[int, ParticipantRow]) -> None:
        self.viewer = viewer
        self.rows = rows
        self._labels: dict[int, str] = {}

    def label(self, participation_id: int) -> str | None:
        """``H.E. Name (Organisation)``, or the role ("a CSO representative") when the viewer
        may not see who it is; None for a participation that no longer exists."""
        if participation_id not in self._labels:
            row = self.rows.get(participation_id)
            if row is None:
                return None
            view = view_participation(self.viewer, row)
            text = view.label
            if view.named and view.organisation:
                text = f"{text} ({view.organisation})"
            self._labels[participation_id] = text
        return self._labels[participation_id]

    def labels(self, ids: Iterable[int]) -> list[str]:
        return [text for text in (self.label(pid) for pid in ids) if text is not None]

    def encoded(self) -> dict[int, str]:
        """Every participation's label as a JSON string, by id (each decided once)."""
        label = self.label
        return {pid: json.dumps(label(pid)) for pid in self.rows}

    @property
    def last_changed(self) -> datetime | None:
        """The latest change to any of the participations (UTC)."""
        latest = max((row.updated_at for row in self.rows.values()), default=None)
        if latest is None or latest.tzinfo is None:  # SQLite keeps UTC without a zone
            return latest and latest.replace(tzinfo=UTC)
        return latest.astimezone(UTC)


def people_of(viewer: Viewer, sessions: Iterable[Released]) -> People:
    """The people of released ``sessions`` as ``viewer`` may see them (one query)."""
    return People(viewer, load_rows(pid for s in sessions for pid in s.participation_ids))

"""The people of a programme as a viewer may see them: every name goes through
``core.visibility.view_participation``.

Participations are read as plain rows (one query, however many sessions), shaped like the model
for ``view_participation``, as the core's participant list does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    Visibility,
)
from core.models.organisations import display_name
from core.visibility import Viewer, view_participation
from plugins.sessions.sql import among

if TYPE_CHECKING:
    from plugins.sessions.releases import Released


@dataclass(slots=True)
class _Person:
    id: int
    full_name: str


@dataclass(slots=True)
class _Organisation:
    display_name: str


@dataclass(slots=True)
class Row:
    id: int
    dialogue_id: int
    person_id: int
    organisation_id: int | None
    category: Category
    status: ParticipationStatus
    visibility: Visibility
    updated_at: datetime  # as read: naive (UTC) on SQLite; see People.last_changed
    person: _Person
    organisation: _Organisation | None


_CATEGORIES = {c.value: c for c in Category}
_STATUSES = {s.value: s for s in ParticipationStatus}
_VISIBILITIES = {v.value: v for v in Visibility}


def _rows(where, *, ordered: bool) -> dict[int, Row]:
    # the enum columns are read as their stored strings and looked up here: SQLAlchemy's
    # per-row enum processing costs more than the rest of the row
    text = sa.String
    query = (
        sa.select(
            Participation.id,
            Participation.dialogue_id,
            Participation.person_id,
            Participation.organisation_id,
            sa.type_coerce(Participation.category, text),
            sa.type_coerce(Participation.status, text),
            sa.type_coerce(Participation.visibility, text),
            # compared only, for the latest: read without the per-row conversion to UTC
            sa.type_coerce(Participation.updated_at, sa.DateTime(timezone=True)),
            Person.name,
            Person.honorific,
            Organisation.name.label("org_name"),
            Organisation.acronym,
        )
        .join(Person, Person.id == Participation.person_id)
        .outerjoin(Organisation, Organisation.id == Participation.organisation_id)
        .where(where)
    )
    if ordered:
        query = query.order_by(Person.name, Participation.id)
    categories, statuses, visibilities = _CATEGORIES, _STATUSES, _VISIBILITIES
    rows: dict[int, Row] = {}
    # unpacked by position: a thousand rows are read for a feed, and named access costs
    for (
        pid,
        did,
        person_id,
        org_id,
        category,
        status,
        visibility,
        updated,
        name,
        honorific,
        org_name,
        acronym,
    ) in db_session().connection().execute(query):
        organisation = None
        if org_name is not None:
            organisation = _Organisation(display_name(org_name, acronym))
        rows[pid] = Row(
            pid,
            did,
            person_id,
            org_id,
            categories[category],
            statuses[status],
            visibilities[visibility],
            updated,
            _Person(person_id, f"{honorific} {name}".strip()),
            organisation,
        )
    return rows


def load_rows(ids: Iterable[int]) -> dict[int, Row]:
    """The participations ``ids`` as rows, by id (one query)."""
    wanted = set(ids)
    return _rows(among(Participation.id, wanted, sa.Integer()), ordered=False) if wanted else {}


def dialogue_rows(dialogue_id: int, exclude: Iterable[ParticipationStatus]) -> dict[int, Row]:
    """A dialogue's participations but those in ``exclude``, by id, in name order."""
    return _rows(
        sa.and_(Participation.dialogue_id == dialogue_id, Participation.status.not_in(exclude)),
        ordered=True,
    )


class People:
    """Names of a programme's people for one viewer, each decided once."""

    def __init__(self, viewer: Viewer, rows: dict[int, Row]) -> None:
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
    return People(viewer, load_rows(pid for s in sessions for pid in s.participation_ids()))

"""The people of a programme as a viewer may see them: every name goes through
``core.visibility.view_participation``.

Participations are read as plain rows (one query, however many sessions), shaped like the model
for ``view_participation``, as the core's participant list does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

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
from core.visibility import Viewer, view_participation


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
    updated_at: datetime
    person: _Person
    organisation: _Organisation | None


def _rows(where) -> dict[int, Row]:
    query = (
        sa.select(
            Participation.id,
            Participation.dialogue_id,
            Participation.person_id,
            Participation.organisation_id,
            Participation.category,
            Participation.status,
            Participation.visibility,
            Participation.updated_at,
            Person.name,
            Person.honorific,
            Organisation.name.label("org_name"),
            Organisation.acronym,
        )
        .join(Person, Person.id == Participation.person_id)
        .outerjoin(Organisation, Organisation.id == Participation.organisation_id)
        .where(where)
        .order_by(Person.name, Participation.id)
    )
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
        *names,
    ) in db_session().execute(query):
        name, honorific, org_name, acronym = names
        organisation = None
        if org_name is not None:
            organisation = _Organisation(f"{org_name} ({acronym})" if acronym else org_name)
        person = _Person(person_id, f"{honorific} {name}".strip())
        rows[pid] = Row(
            pid, did, person_id, org_id, category, status, visibility, updated, person, organisation
        )
    return rows


def load_rows(ids: Iterable[int]) -> dict[int, Row]:
    """The participations ``ids`` as rows, by id (one query)."""
    wanted = sorted(set(ids))
    return _rows(Participation.id.in_(wanted)) if wanted else {}


def dialogue_rows(dialogue_id: int, exclude: Iterable[ParticipationStatus]) -> dict[int, Row]:
    """A dialogue's participations but those in ``exclude``, by id, in name order."""
    return _rows(
        sa.and_(Participation.dialogue_id == dialogue_id, Participation.status.not_in(exclude))
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

    @property
    def last_changed(self) -> datetime | None:
        return max((row.updated_at for row in self.rows.values()), default=None)

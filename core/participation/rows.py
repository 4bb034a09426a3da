"""Participations read as plain rows, for the outputs that list many of them.

``core.visibility.view_participation`` reads a few facts of a participation (``Facts``): the
ORM model has them, and so does ``ParticipantRow``, which a list of thousands is read into
instead of ORM objects. ``participant_rows`` is the one loader of such rows: the participant
list, its CSV and the programme's people all read through it, and name people and
organisations by the one rule of each (``honorific_name``, ``display_name``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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
from core.models.people import honorific_name


class NamedPerson(Protocol):
    @property
    def full_name(self) -> str: ...


class NamedOrganisation(Protocol):
    @property
    def display_name(self) -> str: ...


class Facts(Protocol):
    """What the visibility rule reads of a participation (``Participation`` fits it)."""

    @property
    def dialogue_id(self) -> int: ...
    @property
    def person_id(self) -> int: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def category(self) -> Category: ...
    @property
    def visibility(self) -> Visibility: ...
    @property
    def person(self) -> NamedPerson: ...
    @property
    def organisation(self) -> NamedOrganisation | None: ...


@dataclass(frozen=True, slots=True)
class RowPerson:
    id: int
    full_name: str
    email: str


@dataclass(frozen=True, slots=True)
class RowOrganisation:
    display_name: str


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """A participation with its person and organisation as plain values."""

    id: int
    dialogue_id: int
    person_id: int
    organisation_id: int | None
    category: Category
    status: ParticipationStatus
    visibility: Visibility
    updated_at: datetime  # as read: naive (UTC) on SQLite
    person: RowPerson
    organisation: RowOrganisation | None


_CATEGORIES = {c.value: c for c in Category}
_STATUSES = {s.value: s for s in ParticipationStatus}
_VISIBILITIES = {v.value: v for v in Visibility}


def participant_rows(
    where: sa.ColumnElement[bool],
    *,
    order_by: Iterable[sa.ColumnElement] = (),
    limit: int | None = None,
    offset: int | None = None,
) -> list[ParticipantRow]:
    """The participations matching ``where`` as rows, in ``order_by`` (one query).

    ``where`` and ``order_by`` may name ``Participation``, ``Person`` and ``Organisation``
    (joined outer: a participation need not have an organisation).
    """
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
            # read without the per-row conversion to UTC: callers compare, never print, it
            sa.type_coerce(Participation.updated_at, sa.DateTime(timezone=True)),
            Person.name,
            Person.honorific,
            Person.email,
            Organisation.name,
            Organisation.acronym,
        )
        .join(Person, Person.id == Participation.person_id)
        .outerjoin(Organisation, Organisation.id == Participation.organisation_id)
        .where(where)
        .order_by(*order_by)
        .limit(limit)
        .offset(offset)
    )
    categories, statuses, visibilities = _CATEGORIES, _STATUSES, _VISIBILITIES
    # unpacked by position: thousands of rows are read for a file or a feed, and named
    # access costs
    return [
        ParticipantRow(
            pid,
            did,
            person_id,
            org_id,
            categories[category],
            statuses[status],
            visibilities[visibility],
            updated,
            RowPerson(person_id, honorific_name(honorific, name), email or ""),
            RowOrganisation(display_name(org_name, acronym)) if org_name is not None else None,
        )
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
            email,
            org_name,
            acronym,
        ) in db_session().connection().execute(query)
    ]

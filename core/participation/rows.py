"""Participations read as plain rows, for the outputs that list many of them.

``core.visibility.view_participation`` reads a few facts of a participation (``Facts``): the
ORM model has them, and so does ``ParticipantRow``, which a list of thousands is read into
instead of ORM objects. ``participant_rows`` is the one loader of such rows: the participant
list, its CSV and the programme's people all read through it, and name people and
organisations by the one rule of each (``honorific_name``, ``display_name``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa

from core.db import db_session, get_engine
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


def _select(where: sa.ColumnElement[bool], order_by: Iterable[sa.ColumnElement]) -> sa.Select:
    # the enum columns are read as their stored strings and looked up in ``_rows``:
    # SQLAlchemy's per-row enum processing costs more than the rest of the row
    text = sa.String
    return (
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
    )


def _rows(records: Iterable[sa.Row]) -> list[ParticipantRow]:
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
        ) in records
    ]


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
    query = _select(where, order_by).limit(limit).offset(offset)
    return _rows(db_session().connection().execute(query))


def participant_rows_in_chunks(
    where: sa.ColumnElement[bool],
    *,
    order_by: Iterable[sa.ColumnElement] = (),
    size: int = 1000,
) -> Iterator[list[ParticipantRow]]:
    """The rows ``participant_rows`` reads, ``size`` at a time, for an output written as it is
    read (a file streamed to its reader): one query, on a server-side cursor where the
    database has one, so memory holds one chunk whatever the number of rows.

    The rows are read on a connection of the application's engine held only while they are
    iterated (and released when the iteration ends or is closed): a response streamed after
    its request's context is gone can still read them.
    """
    engine = get_engine()
    query = _select(where, order_by).execution_options(yield_per=size)

    def chunks() -> Iterator[list[ParticipantRow]]:
        # the result is closed before its connection: a server-side cursor left open when
        # the reader stops half-way would only be closed, with a warning, by the collector
        with engine.connect() as connection, connection.execute(query) as result:
            for records in result.partitions():
                yield _rows(records)

    return chunks()


def shown_name_key() -> sa.ColumnElement[str]:
    """The name ``honorific_name`` gives a person, case-folded, for a list ordered in the
    database as ``sorted(key=str.casefold)`` orders it in Python (``Person.name_key``, kept
    on every write; a test keeps the two in agreement)."""
    return Person.name_key

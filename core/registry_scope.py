"""Which people and organisations of the registry a user may pick or look up.

The registry spans every dialogue and holds people who asked not to be named. An organiser of
every dialogue (and an administrator) keeps the whole of it. An organiser of some dialogues is
offered only the people and organisations already in those dialogues (their participations,
invitations, chairs and co-hosts), and the organisations anyone sees named on a public page
(``core.visibility.publicly_named_organisations``). Anyone else looks up no person, and only
those public organisations. Every picker, suggestion list and lookup of people or
organisations asks ``registry_scope``; plugins have it from ``core.plugin_api``.

Naming someone on a public page, as a dialogue's chair or co-host, asks more of them than
being in scope: ``not_to_be_named``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from core.auth import can
from core.db import db_session
from core.models import (
    DialogueChair,
    DialogueHost,
    Invitation,
    Organisation,
    Participation,
    Person,
    Role,
)
from core.visibility import named_to_visitors, publicly_named_organisations


@dataclass(frozen=True)
class RegistryScope:
    """The part of the registry one user may pick from: all of it (``whole``), or what the
    dialogues they organise (``dialogue_ids``) hold, with the publicly named organisations."""

    whole: bool
    dialogue_ids: frozenset[int]

    def person_ids(self) -> sa.Select:
        """The ids of the people in scope, as a query."""
        if self.whole:
            return sa.select(Person.id)
        own = self.dialogue_ids
        return (
            sa.union(
                sa.select(Participation.person_id).where(Participation.dialogue_id.in_(own)),
                sa.select(Invitation.person_id).where(
                    Invitation.dialogue_id.in_(own), Invitation.person_id.is_not(None)
                ),
                sa.select(DialogueChair.person_id).where(DialogueChair.dialogue_id.in_(own)),
            )
            .subquery()
            .select()
        )

    def organisation_ids(self) -> sa.Select:
        """The ids of the organisations in scope, as a query."""
        if self.whole:
            return sa.select(Organisation.id)
        own = self.dialogue_ids
        return (
            sa.union(
                sa.select(Participation.organisation_id).where(
                    Participation.dialogue_id.in_(own), Participation.organisation_id.is_not(None)
                ),
                sa.select(Invitation.organisation_id).where(
                    Invitation.dialogue_id.in_(own), Invitation.organisation_id.is_not(None)
                ),
                sa.select(DialogueHost.organisation_id).where(DialogueHost.dialogue_id.in_(own)),
                publicly_named_organisations(),
            )
            .subquery()
            .select()
        )

    def people(self, *columns: Any) -> sa.Select:
        """A query of the people in scope (``columns`` of ``Person``, or the model)."""
        query = sa.select(*columns) if columns else sa.select(Person)
        return query.where(self._among(Person.id, self.person_ids()))

    def organisations(self, *columns: Any) -> sa.Select:
        """A query of the organisations in scope (``columns`` of ``Organisation``, or it)."""
        query = sa.select(*columns) if columns else sa.select(Organisation)
        return query.where(self._among(Organisation.id, self.organisation_ids()))

    def allowed_people(self, ids: Iterable[int]) -> set[int]:
        """Those of ``ids`` that are people in scope (one query)."""
        return self._allowed(Person.id, self.person_ids(), ids)

    def allowed_organisations(self, ids: Iterable[int]) -> set[int]:
        """Those of ``ids`` that are organisations in scope (one query)."""
        return self._allowed(Organisation.id, self.organisation_ids(), ids)

    def _among(self, column, ids: sa.Select) -> sa.ColumnElement[bool]:
        return sa.true() if self.whole else column.in_(ids)

    def _allowed(self, column, scoped: sa.Select, ids: Iterable[int]) -> set[int]:
        wanted = {i for i in ids if isinstance(i, int)}
        if not wanted:
            return set()
        query = sa.select(column).where(column.in_(wanted), self._among(column, scoped))
        return set(db_session().scalars(query))


def registry_scope(user: Any) -> RegistryScope:
    """The part of the registry ``user`` may pick people and organisations from."""
    if user is None or not getattr(user, "is_authenticated", False):
        return RegistryScope(whole=False, dialogue_ids=frozenset())
    if can(user, "person.manage") and can(user, "organisation.manage"):
        return RegistryScope(whole=True, dialogue_ids=frozenset())
    own = frozenset(
        grant.dialogue_id
        for grant in user.grants
        if grant.role == Role.ORGANISER and grant.dialogue_id is not None
    )
    return RegistryScope(whole=False, dialogue_ids=own)


def not_to_be_named(column, where: sa.ColumnElement[bool], dialogue_id: int | None) -> set[int]:
    """The people (``column`` is ``Participation.person_id``) or organisations
    (``Participation.organisation_id``), among those ``where`` selects of that column, who
    asked not to be named on dialogue ``dialogue_id``'s public page (one query).

    Someone asked it who takes part in that dialogue under no visibility the public is shown
    (``core.visibility.named_to_visitors``), or who takes part somewhere and is shown to the
    public nowhere. Someone in no dialogue yet asked nothing.
    """
    query = sa.select(column, Participation.dialogue_id, Participation.visibility).where(where)
    anywhere: dict[int, bool] = {}
    here: dict[int, bool] = {}
    for subject, dialogue, visibility in db_session().execute(query):
        shown = named_to_visitors(visibility)
        anywhere[subject] = anywhere.get(subject, False) or shown
        if dialogue == dialogue_id:
            here[subject] = here.get(subject, False) or shown
    return {s for s, shown in anywhere.items() if not shown or not here.get(s, True)}


def people_not_to_be_named(ids: Iterable[int] | sa.Select, dialogue_id: int | None) -> set[int]:
    """Those of the people ``ids`` (a list, or a query of ids) who asked not to be named on
    dialogue ``dialogue_id``'s public page: see ``not_to_be_named``."""
    column = Participation.person_id
    return not_to_be_named(column, column.in_(_ids(ids)), dialogue_id)


def organisations_not_to_be_named(
    ids: Iterable[int] | sa.Select, dialogue_id: int | None
) -> set[int]:
    """Those of the organisations ``ids`` (a list, or a query of ids) that asked not to be
    named on dialogue ``dialogue_id``'s public page: see ``not_to_be_named``."""
    column = Participation.organisation_id
    return not_to_be_named(column, column.in_(_ids(ids)), dialogue_id)


def _ids(ids: Iterable[int] | sa.Select) -> sa.Select | list[int]:
    return ids if isinstance(ids, sa.Select) else [i for i in ids if isinstance(i, int)]

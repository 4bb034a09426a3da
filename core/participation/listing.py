"""Who takes part in a dialogue, as each viewer may see it: for the list page and the CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    Visibility,
)
from core.visibility import (
    TAKING_PART,
    Standing,
    Viewer,
    view_participation,
)


@dataclass(frozen=True)
class ListedParticipant:
    name: str
    organisation: str
    category: Category
    status: str
    email: str  # organisers only


@dataclass(frozen=True)
class ParticipantList:
    named: list[ListedParticipant]
    unnamed: Counter  # category -> how many are not named to this viewer
    unnamed_organisations: int


@dataclass(frozen=True)
class _Person:
    id: int
    full_name: str
    email: str


@dataclass(frozen=True)
class _Organisation:
    display_name: str


@dataclass(frozen=True)
class _Row:
    """A participation as plain values, shaped like the model for ``view_participation``:
    a list of a thousand people is read as rows, not built as ORM objects."""

    dialogue_id: int
    person_id: int
    organisation_id: int | None
    category: Category
    status: ParticipationStatus
    visibility: Visibility
    person: _Person
    organisation: _Organisation | None


def _rows(dialogue: Dialogue, organiser: bool) -> list[_Row]:
    query = (
        sa.select(
            Participation.person_id,
            Participation.organisation_id,
            Participation.category,
            Participation.status,
            Participation.visibility,
            Person.name,
            Person.honorific,
            Person.email,
            Organisation.name.label("org_name"),
            Organisation.acronym,
        )
        .join(Person, Person.id == Participation.person_id)
        .outerjoin(Organisation, Organisation.id == Participation.organisation_id)
        .where(Participation.dialogue_id == dialogue.id)
        .order_by(Participation.category, Participation.id)
    )
    if not organiser:
        query = query.where(Participation.status.in_(TAKING_PART))
    return [
        _Row(
            dialogue_id=dialogue.id,
            person_id=r.person_id,
            organisation_id=r.organisation_id,
            category=r.category,
            status=r.status,
            visibility=r.visibility,
            person=_Person(r.person_id, f"{r.honorific} {r.name}".strip(), r.email or ""),
            organisation=(
                _Organisation(f"{r.org_name} ({r.acronym})" if r.acronym else r.org_name)
                if r.org_name is not None
                else None
            ),
        )
        for r in db_session().execute(query)
    ]


def participant_list(dialogue: Dialogue, viewer: Viewer) -> ParticipantList:
    """Participants taking part (organisers: every registration), named as ``viewer`` may see
    them; the others are counted by category, never named, and so are their organisations."""
    organiser = viewer.standing >= Standing.ORGANISER and viewer.dialogue_id == dialogue.id
    named, unnamed = [], Counter()
    shown_orgs: set[str] = set()
    hidden_orgs: dict[int, str] = {}
    for row in _rows(dialogue, organiser):
        view = view_participation(viewer, row)
        if not view.named:
            unnamed[row.category] += 1
            if row.organisation is not None:
                hidden_orgs[row.organisation_id] = row.organisation.display_name
            continue
        if view.organisation:
            shown_orgs.add(view.organisation)
        named.append(
            ListedParticipant(
                name=view.label,
                organisation=view.organisation or "",
                category=row.category,
                status=row.status.value,
                email=row.person.email if organiser else "",
            )
        )
    named.sort(key=lambda p: (p.category.value, p.name.casefold()))
    unnamed_orgs = sum(1 for name in hidden_orgs.values() if name not in shown_orgs)
    return ParticipantList(named, unnamed, unnamed_orgs)


def _cell(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(listing: ParticipantList, *, with_email: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["name", "organisation", "category", "status"] + (["email"] if with_email else [])
    writer.writerow(header)
    for p in listing.named:
        row = [p.name, p.organisation, p.category.value, p.status]
        writer.writerow([_cell(v) for v in row + ([p.email] if with_email else [])])
    for category, count in sorted(listing.unnamed.items()):
        writer.writerow([f"{count} not named at their request", "", category.value, ""])
    return out.getvalue()

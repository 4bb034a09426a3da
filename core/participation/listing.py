"""Who takes part in a dialogue, as each viewer may see it: for the list page and the CSV.

A file travels (to a caterer, a hotel, a venue's security desk), so the CSV leaves out the
people who asked that only the organisers know who they are (``NOT_TO_BE_NAMED``), and says how
many it left out; an organiser may include them, with a reason the caller audits.
"""

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
from core.models.organisations import display_name
from core.spreadsheets import formula_safe
from core.visibility import (
    REQUIRED_STANDING,
    TAKING_PART,
    Standing,
    Viewer,
    view_participation,
)

# the visibilities of those who asked not to be named to anyone but the organisers
NOT_TO_BE_NAMED = frozenset(
    v for v, needed in REQUIRED_STANDING.items() if needed >= Standing.ORGANISER
)


@dataclass(frozen=True)
class ListedParticipant:
    name: str
    organisation: str
    category: Category
    status: str
    email: str  # organisers only
    visibility: Visibility

    @property
    def asked_not_to_be_named(self) -> bool:
        return self.visibility in NOT_TO_BE_NAMED


@dataclass(frozen=True)
class ParticipantList:
    named: list[ListedParticipant]
    unnamed: Counter  # category -> how many are not named to this viewer
    unnamed_organisations: int

    @property
    def not_to_be_named(self) -> int:
        """How many of those named to this viewer asked not to be named to anyone else."""
        return sum(1 for p in self.named if p.asked_not_to_be_named)


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
                _Organisation(display_name(r.org_name, r.acronym))
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
                visibility=row.visibility,
            )
        )
    named.sort(key=lambda p: (p.category.value, p.name.casefold()))
    unnamed_orgs = sum(1 for name in hidden_orgs.values() if name not in shown_orgs)
    return ParticipantList(named, unnamed, unnamed_orgs)


def as_csv(listing: ParticipantList, *, organiser: bool, include_unnamed: bool = False) -> str:
    """The list as CSV, each cell safe from spreadsheet formulas. The organisers' file has each
    person's visibility and e-mail too. Those who asked not to be named to anyone but the
    organisers are left out, and counted at the end, unless ``include_unnamed`` (organisers
    only: the caller audits it)."""
    include_unnamed = include_unnamed and organiser
    out = io.StringIO()
    writer = csv.writer(out)
    extra = ["visibility", "email"] if organiser else []
    writer.writerow(["name", "organisation", "category", "status", *extra])
    left_out = 0
    for p in listing.named:
        if p.asked_not_to_be_named and not include_unnamed:
            left_out += 1
            continue
        row = [p.name, p.organisation, p.category.value, p.status]
        row += [p.visibility.value, p.email] if organiser else []
        writer.writerow([formula_safe(v) for v in row])
    for category, count in sorted(listing.unnamed.items()):
        writer.writerow([f"{count} not named at their request", "", category.value, ""])
    if left_out:
        writer.writerow([_left_out(left_out)])
    return out.getvalue()


def _left_out(count: int) -> str:
    people = "1 person" if count == 1 else f"{count} people"
    return (
        f"{people} left out of this file: they asked not to be named (organisers only or anonymous)"
    )

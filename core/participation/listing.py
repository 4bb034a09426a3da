"""Who takes part in a dialogue, as each viewer may see it: for the list page and the CSV.

The database does the work that follows the number of people: it selects the participations
named to the viewer (``core.visibility.named_to``, the one rule asked about groups), orders
them, cuts the page and counts the rest; Python reads the page's rows, or the file's rows a
chunk at a time. A page costs the same few queries whether 500 or 5,000 take part.

A file travels (to a caterer, a hotel, a venue's security desk), so the CSV leaves out the
people who asked that only the organisers know who they are (``NOT_TO_BE_NAMED``), and says how
many it left out; an organiser may include them, with a reason that is audited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from core import audit
from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    Organisation,
    Participation,
    Visibility,
)
from core.models.organisations import display_name
from core.pagination import Page, page_number
from core.participation.rows import (
    ParticipantRow,
    participant_rows,
    participant_rows_in_chunks,
    shown_name_key,
)
from core.spreadsheets import formula_safe
from core.visibility import (
    REQUIRED_STANDING,
    TAKING_PART,
    Standing,
    Viewer,
    named_to,
    view_participation,
)

PAGE_SIZE = 200
# rows read from the database and written to the file at a time
CSV_CHUNK = 500

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
class Counts:
    """What the list counts rather than names, for a page and for the file alike."""

    named: int
    unnamed: dict[Category, int]  # category -> how many are not named to this viewer
    unnamed_organisations: int
    # how many of those named to this viewer asked not to be named to anyone else
    not_to_be_named: int


@dataclass(frozen=True)
class ParticipantPage:
    named: Page  # of ListedParticipant
    counts: Counts


@dataclass(frozen=True)
class _Scope:
    """The participations a viewer's list is made of, and which of them it names."""

    dialogue_id: int
    viewer: Viewer
    organiser: bool

    @classmethod
    def of(cls, dialogue: Dialogue, viewer: Viewer) -> _Scope:
        organiser = viewer.standing >= Standing.ORGANISER and viewer.dialogue_id == dialogue.id
        return cls(dialogue.id, viewer, organiser)

    @property
    def listed(self) -> sa.ColumnElement[bool]:
        """Taking part (organisers: every registration)."""
        of_dialogue = Participation.dialogue_id == self.dialogue_id
        if self.organiser:
            return of_dialogue
        return sa.and_(of_dialogue, Participation.status.in_(TAKING_PART))

    @property
    def named(self) -> sa.ColumnElement[bool]:
        return named_to(self.viewer, self.dialogue_id)

    def listing(self, row: ParticipantRow) -> ListedParticipant:
        # the rows are those ``named`` selects; asked again, so that a row the rule would not
        # name could only be described by role, never named
        view = view_participation(self.viewer, row)
        return ListedParticipant(
            name=view.label,
            organisation=view.organisation or "",
            category=row.category,
            status=row.status.value,
            email=row.person.email if self.organiser else "",
            visibility=row.visibility,
        )


# the order of the list: by category, then by the name shown, ignoring case
ORDER = (Participation.category, shown_name_key(), Participation.id)


def _counts(scope: _Scope) -> Counts:
    """The named, the unnamed by category and those named who asked not to be named to
    others, from one grouped query; the organisations named by none of the participations
    shown, from another (grouped by organisation: its cost follows the organisations)."""
    named = sa.case((scope.named, 1), else_=0)
    session = db_session()
    groups = session.execute(
        sa.select(
            Participation.category,
            Participation.visibility,
            named.label("named"),
            sa.func.count(),
        )
        .where(scope.listed)
        .group_by(Participation.category, Participation.visibility, named)
    )
    total, not_to_be_named, unnamed = 0, 0, {}
    for category, visibility, is_named, count in groups:
        if is_named:
            total += count
            not_to_be_named += count if visibility in NOT_TO_BE_NAMED else 0
        else:
            unnamed[category] = unnamed.get(category, 0) + count
    organisations = session.execute(
        sa.select(Organisation.name, Organisation.acronym, sa.func.max(named))
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .where(scope.listed)
        .group_by(Organisation.id, Organisation.name, Organisation.acronym)
    ).all()
    shown = {display_name(n, a) for n, a, is_named in organisations if is_named}
    hidden = sum(
        1 for n, a, is_named in organisations if not is_named and display_name(n, a) not in shown
    )
    return Counts(total, dict(sorted(unnamed.items())), hidden, not_to_be_named)


def participant_page(dialogue: Dialogue, viewer: Viewer, page: str | None) -> ParticipantPage:
    """Page ``page`` (a query-string value: anything not a page number reads as the first, a
    number past the end as the last) of the participants taking part (organisers: every
    registration), named as ``viewer`` may see them, ``PAGE_SIZE`` to a page; the others are
    counted by category, never named, and so are their organisations. Three queries."""
    scope = _Scope.of(dialogue, viewer)
    counts = _counts(scope)
    pages = max(-(-counts.named // PAGE_SIZE), 1)
    number = min(page_number(page), pages)
    rows = participant_rows(
        sa.and_(scope.listed, scope.named),
        order_by=ORDER,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    items = [scope.listing(row) for row in rows]
    return ParticipantPage(Page(items, number, PAGE_SIZE, counts.named), counts)


def participants_csv(
    dialogue: Dialogue, viewer: Viewer, *, include_unnamed: bool = False, reason: str = ""
) -> Iterator[str]:
    """The list as CSV, in pieces to stream as they are read, each cell safe from spreadsheet
    formulas. The organisers' file has each person's visibility and e-mail too. Those who
    asked not to be named to anyone but the organisers are left out, and counted at the end,
    unless ``include_unnamed`` (organisers only): then the export is audited with ``reason``
    and how many it names of them, and committed, before anything is read."""
    scope = _Scope.of(dialogue, viewer)
    include_unnamed = include_unnamed and scope.organiser
    counts = _counts(scope)
    if include_unnamed:
        audit.record(
            "participants.exported_unnamed",
            dialogue,
            reason=reason,
            dialogue_id=dialogue.id,
            count=counts.not_to_be_named,
        )
        db_session().commit()
    written = sa.and_(scope.listed, scope.named)
    if not include_unnamed:
        written = sa.and_(written, Participation.visibility.not_in(sorted(NOT_TO_BE_NAMED)))
    # the query is made (and its engine found) now, in the request; read as the file is
    chunks = participant_rows_in_chunks(written, order_by=ORDER, size=CSV_CHUNK)
    return _csv_pieces(scope, counts, chunks, include_unnamed)


def _csv_pieces(
    scope: _Scope, counts: Counts, chunks: Iterator[list[ParticipantRow]], include_unnamed: bool
) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)

    def taken() -> str:
        piece = out.getvalue()
        out.seek(0)
        out.truncate()
        return piece

    extra = ["visibility", "email"] if scope.organiser else []
    writer.writerow(["name", "organisation", "category", "status", *extra])
    for chunk in chunks:
        for p in map(scope.listing, chunk):
            row = [p.name, p.organisation, p.category.value, p.status]
            row += [p.visibility.value, p.email] if scope.organiser else []
            writer.writerow([formula_safe(v) for v in row])
        yield taken()
    for category, count in counts.unnamed.items():
        writer.writerow([f"{count} not named at their request", "", category.value, ""])
    if counts.not_to_be_named and not include_unnamed:
        writer.writerow([_left_out(counts.not_to_be_named)])
    yield taken()


def _left_out(count: int) -> str:
    people = "1 person" if count == 1 else f"{count} people"
    return (
        f"{people} left out of this file: they asked not to be named (organisers only or anonymous)"
    )

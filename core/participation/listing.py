"""Who takes part in a dialogue, as each viewer may see it: for the list page and the CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.db import db_session
from core.models import Category, Dialogue, Participation
from core.visibility import (
    TAKING_PART,
    Standing,
    Viewer,
    summarise_organisations,
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


def participant_list(dialogue: Dialogue, viewer: Viewer) -> ParticipantList:
    """Participants taking part (organisers: every registration), named as ``viewer`` may see
    them; the others are counted by category, never named."""
    query = (
        sa.select(Participation)
        .where(Participation.dialogue_id == dialogue.id)
        .options(joinedload(Participation.person), joinedload(Participation.organisation))
        .order_by(Participation.category, Participation.id)
    )
    organiser = viewer.standing >= Standing.ORGANISER and viewer.dialogue_id == dialogue.id
    if not organiser:
        query = query.where(Participation.status.in_(TAKING_PART))
    rows = db_session().scalars(query).all()
    named, unnamed = [], Counter()
    for participation in rows:
        view = view_participation(viewer, participation)
        if not view.named:
            unnamed[participation.category] += 1
            continue
        named.append(
            ListedParticipant(
                name=view.label,
                organisation=view.organisation or "",
                category=participation.category,
                status=participation.status.value,
                email=(participation.person.email or "") if organiser else "",
            )
        )
    named.sort(key=lambda p: (p.category.value, p.name.casefold()))
    organisations = summarise_organisations(viewer, rows)
    return ParticipantList(named, unnamed, organisations.unnamed_count)


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

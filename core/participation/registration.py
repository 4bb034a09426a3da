"""Registering people into a dialogue's categories, with capacity and a waitlist.

Registrations into one category are serialised by bumping the category row first: on
PostgreSQL the UPDATE holds the row lock, on SQLite it takes the database's write lock, until
the transaction ends. The count of places taken is read after that, so two registrations can
never both take the last place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from core.db import db_session, utcnow
from core.gate import GateBlocked
from core.models import (
    ENDED,
    Dialogue,
    DialogueCategory,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    User,
    Visibility,
)
from core.participation.accreditation import accredit
from core.participation.status import change_status
from core.plugin_types import Finding
from core.screened_changes import pass_change_gate
from core.templating import local_date

# the statuses that hold a place in a category
HOLDING_A_PLACE = (
    ParticipationStatus.REGISTERED,
    ParticipationStatus.PENDING,
    ParticipationStatus.ACCREDITED,
    ParticipationStatus.ATTENDED,
    ParticipationStatus.SUSPENDED,
)


class RegistrationRefused(Exception):
    """The registration cannot be made; the message says why, in plain words."""


def takes_registrations(dialogue: Dialogue, now: datetime | None = None) -> bool:
    """Whether ``dialogue`` still takes registrations and invitation answers: until its end.

    The one rule for every path (self-registration, a focal point's representatives, an
    invitation answered by a person or an organisation). ``ends_at`` is an instant (UTC), so
    comparing instants is comparing in the dialogue's own zone.
    """
    return (now or utcnow()) < dialogue.ends_at


def ended_message(dialogue: Dialogue) -> str:
    """What a page says when ``takes_registrations`` is False."""
    return (
        f"{dialogue.title} has ended (on {local_date(dialogue.ends_at, dialogue.timezone)}): "
        "it takes no more registrations or answers to invitations."
    )


def check_dialogue_takes_registrations(dialogue: Dialogue, now: datetime | None = None) -> None:
    """Raise ``RegistrationRefused`` once ``dialogue`` has ended."""
    if not takes_registrations(dialogue, now):
        raise RegistrationRefused(ended_message(dialogue))


def lock_category(category: DialogueCategory) -> None:
    db_session().execute(
        sa.update(DialogueCategory)
        .where(DialogueCategory.id == category.id)
        .values(lock_version=DialogueCategory.lock_version + 1)
    )


def places_taken(category: DialogueCategory) -> int:
    return db_session().scalar(
        sa.select(sa.func.count())
        .select_from(Participation)
        .where(
            Participation.dialogue_id == category.dialogue_id,
            Participation.category == category.category,
            Participation.status.in_(HOLDING_A_PLACE),
        )
    )


def check_can_register(
    category: DialogueCategory, organisation: Organisation | None, now: datetime
) -> None:
    """Raise ``RegistrationRefused`` if the category does not take this registration now."""
    if category.opens_at and now < category.opens_at:
        raise RegistrationRefused(f"Registration for {category.name} has not opened yet.")
    if category.closes_at and now >= category.closes_at:
        raise RegistrationRefused(f"Registration for {category.name} has closed.")
    if not category.admits(organisation, category.dialogue.starts_at.date()):
        issuer = (
            f" from {category.required_status_issuer}" if category.required_status_issuer else ""
        )
        raise RegistrationRefused(
            f"{category.name} is open only to organisations holding a valid "
            f"“{category.required_status}”{issuer} on the dialogue's first day."
        )


def register(
    *,
    category: DialogueCategory,
    person: Person,
    organisation: Organisation | None,
    visibility: Visibility,
    actor: User | None,
    now: datetime | None = None,
    invited: bool = False,
    alongside: Callable[[list[Finding]], None] | None = None,
) -> Participation:
    """Register ``person`` in ``category``: a place if one is free, else the waitlist.

    ``invited``: the organisers invited the person, so the category's window and status
    requirement do not apply, and an open invitation is what is being answered.

    Commits. Raises ``RegistrationRefused`` (the caller rolls back),
    ``core.screened_changes.ChangeRefused`` (the actor may not change the person as given; the
    caller rolls back) or ``core.gate.GateBlocked`` (rolled back already, and the block
    recorded: for this dialogue, or for another where a change of the person was stopped).
    """
    session = db_session()
    check_dialogue_takes_registrations(category.dialogue, now)
    if not invited:
        check_can_register(category, organisation, now or utcnow())
    # a person not saved yet (inserted with this registration) has no participation to look up
    participation = (
        None
        if sa.inspect(person).pending
        else session.scalar(
            sa.select(Participation).where(
                Participation.dialogue_id == category.dialogue_id,
                Participation.person_id == person.id,
            )
        )
    )
    answering = (
        invited
        and participation is not None
        and participation.status == ParticipationStatus.INVITED
    )
    if invited and not answering:
        raise RegistrationRefused("This invitation no longer applies. Contact the organisers.")
    if participation is not None and participation.status not in ENDED and not answering:
        raise RegistrationRefused(f"{person.name} is already registered for this dialogue.")
    # a changed name (or nationality...) is screened first in every dialogue the person takes
    # part in; then the person stays in the registry whatever the gate says, so that a
    # screening review of them is remembered when they register again
    pass_change_gate(session, actor)
    session.commit()
    if participation is None:
        participation = Participation(dialogue_id=category.dialogue_id, person=person)
    participation.category = category.category
    participation.organisation = organisation
    participation.visibility = visibility
    if actor is not None:
        participation.registered_by_id = actor.id
    participation.created_at = now or utcnow()  # the waitlist is served in this order
    lock_category(category)
    free = category.capacity is None or places_taken(category) < category.capacity
    status = ParticipationStatus.REGISTERED if free else ParticipationStatus.WAITLISTED
    change_status(participation, status, actor=actor, reason="registration", alongside=alongside)
    if status == ParticipationStatus.REGISTERED:
        accredit_without_review(category, participation)
    return participation


def accredit_without_review(category: DialogueCategory, participation: Participation) -> None:
    """In a category that needs no approval, a place is an accreditation (the gate is still
    asked; a stop leaves the person registered, for the organisers to review)."""
    if category.needs_approval:
        return
    with contextlib.suppress(GateBlocked):  # the stop is audited; the organisers review
        accredit(participation, actor=None, reason="no approval needed in this category")


def waitlist_notice(position: int) -> str:
    return f"full — you will be on the waitlist (position {position})"


def waitlist_notices(categories: list[DialogueCategory]) -> dict[int, str]:
    """What a full category tells whoever is about to register in it, by category id: the
    waitlist position a registration now would take (the waitlist's length plus one). A
    category with room is absent. One query, however many categories and people."""
    limited = [c for c in categories if c.capacity is not None]
    if not limited:
        return {}
    held = sa.func.sum(sa.case((Participation.status.in_(HOLDING_A_PLACE), 1), else_=0))
    waiting = sa.func.sum(
        sa.case((Participation.status == ParticipationStatus.WAITLISTED, 1), else_=0)
    )
    rows = db_session().execute(
        sa.select(Participation.category, held, waiting)
        .where(
            Participation.dialogue_id == limited[0].dialogue_id,
            Participation.category.in_([c.category for c in limited]),
        )
        .group_by(Participation.category)
    )
    counts = {category: (taken or 0, queued or 0) for category, taken, queued in rows}
    notices = {}
    for c in limited:
        taken, queued = counts.get(c.category, (0, 0))
        if taken >= c.capacity:
            notices[c.id] = waitlist_notice(queued + 1)
    return notices


def places_taken_by_category(dialogue_id: int) -> dict[str, int]:
    """Places taken in each category of a dialogue, in one query."""
    rows = db_session().execute(
        sa.select(Participation.category, sa.func.count())
        .where(
            Participation.dialogue_id == dialogue_id,
            Participation.status.in_(HOLDING_A_PLACE),
        )
        .group_by(Participation.category)
    )
    return {category.value: count for category, count in rows}


def promote_waitlisted(category: DialogueCategory, *, actor: User | None) -> list[Participation]:
    """Give free places to the waitlist, first come first served; commits each promotion.

    A waitlisted person stopped by the gate stays on the waitlist (the stop is audited) and
    the next one is tried.
    """
    promoted: list[Participation] = []
    skipped: set[int] = set()
    while True:
        lock_category(category)
        if category.capacity is not None and places_taken(category) >= category.capacity:
            db_session().commit()
            return promoted
        query = (
            sa.select(Participation)
            .where(
                Participation.dialogue_id == category.dialogue_id,
                Participation.category == category.category,
                Participation.status == ParticipationStatus.WAITLISTED,
            )
            .order_by(Participation.created_at, Participation.id)
        )
        if skipped:
            query = query.where(Participation.id.not_in(skipped))
        candidate = db_session().scalar(query.limit(1))
        if candidate is None:
            db_session().commit()
            return promoted
        try:
            change_status(
                candidate,
                ParticipationStatus.REGISTERED,
                actor=actor,
                reason="promoted from waitlist",
            )
        except GateBlocked:
            skipped.add(candidate.id)
        else:
            promoted.append(candidate)
            accredit_without_review(category, candidate)


def category_of(participation: Participation) -> DialogueCategory | None:
    return db_session().scalar(
        sa.select(DialogueCategory).where(
            DialogueCategory.dialogue_id == participation.dialogue_id,
            DialogueCategory.category == participation.category,
        )
    )

"""Finding what Parley holds about one person: their account, participations, invitations,
messages and the audit entries about them. Shared by the export and the erasure."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.db import db_session
from core.models import (
    AuditEvent,
    CheckInEntry,
    DialogueChair,
    FocalPoint,
    Invitation,
    OutboxMessage,
    Participation,
    Person,
    ScreenedFieldChange,
    User,
)

ERASED_ACTION = "person.erased"
ERASED_ACCOUNT_ACTION = "user.erased"


def person_of(user: User) -> Person | None:
    """The person linked to ``user`` (``Person.user_id``), if any."""
    return db_session().scalar(sa.select(Person).where(Person.user_id == user.id))


def user_of(person: Person) -> User | None:
    if person.user_id is None:
        return None
    return db_session().get(User, person.user_id)


def participations(person: Person, *, lock: bool = False) -> Sequence[Participation]:
    """The person's participations. ``lock``: hold their rows until the transaction ends
    (PostgreSQL; SQLite holds the database already) and read their status afresh, so that
    no status change slips in between reading and changing them."""
    query = (
        sa.select(Participation)
        .options(joinedload(Participation.dialogue), joinedload(Participation.organisation))
        .where(Participation.person_id == person.id)
        .order_by(Participation.created_at, Participation.id)
    )
    if lock:
        query = query.with_for_update(of=Participation).execution_options(populate_existing=True)
    return db_session().scalars(query).unique().all()


def check_ins(participation_ids: Sequence[int]) -> Sequence[CheckInEntry]:
    """Every admission at the desk of these participations, oldest first."""
    if not participation_ids:
        return []
    return (
        db_session()
        .scalars(
            sa.select(CheckInEntry)
            .where(CheckInEntry.participation_id.in_(participation_ids))
            .order_by(CheckInEntry.checked_in_at, CheckInEntry.id)
        )
        .all()
    )


def invitations(person: Person | None) -> Sequence[Invitation]:
    """Invitations to the person: those linked to them (``Invitation.person_id``).

    Never by e-mail address: sign-up does not verify addresses, so an account opened with
    someone else's address would otherwise be shown, and could erase, that person's
    invitations (and the links in them). An account without a person has none.
    """
    if person is None:
        return []
    return (
        db_session()
        .scalars(
            sa.select(Invitation)
            .options(joinedload(Invitation.dialogue))
            .where(Invitation.person_id == person.id)
            .order_by(Invitation.created_at, Invitation.id)
        )
        .all()
    )


def messages(person: Person | None) -> Sequence[OutboxMessage]:
    """Messages written for the person: those linked to them (``OutboxMessage.person_id``).

    Never by e-mail address, for the reason given in ``invitations``.
    """
    if person is None:
        return []
    return (
        db_session()
        .scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.person_id == person.id)
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
        )
        .all()
    )


def screened_field_changes(person: Person | None):
    """The changes of the person's screened fields (name, nationality...), oldest first."""
    if person is None:
        return []
    return (
        db_session()
        .scalars(
            sa.select(ScreenedFieldChange)
            .where(
                ScreenedFieldChange.subject_kind == "person",
                ScreenedFieldChange.subject_id == person.id,
            )
            .order_by(ScreenedFieldChange.at, ScreenedFieldChange.id)
        )
        .all()
    )


def focal_points(user: User | None) -> Sequence[FocalPoint]:
    if user is None:
        return []
    return (
        db_session()
        .scalars(
            sa.select(FocalPoint)
            .options(joinedload(FocalPoint.organisation))
            .where(FocalPoint.user_id == user.id)
            .order_by(FocalPoint.id)
        )
        .all()
    )


def audit_events(
    person: Person | None, user: User | None, participation_ids: Sequence[int]
) -> Sequence[AuditEvent]:
    """Entries about the person, their participations and their account."""
    conditions = []
    if person is not None:
        conditions.append(
            sa.and_(AuditEvent.object_type == "person", AuditEvent.object_id == person.id)
        )
    if participation_ids:
        conditions.append(
            sa.and_(
                AuditEvent.object_type == "participation",
                AuditEvent.object_id.in_(list(participation_ids)),
            )
        )
    if user is not None:
        conditions.append(
            sa.and_(AuditEvent.object_type == "user", AuditEvent.object_id == user.id)
        )
    if not conditions:
        return []
    return (
        db_session()
        .scalars(sa.select(AuditEvent).where(sa.or_(*conditions)).order_by(AuditEvent.id))
        .all()
    )


def chaired(person: Person) -> Sequence[DialogueChair]:
    """The dialogues the person chairs (public office: they are not erased)."""
    return (
        db_session()
        .scalars(
            sa.select(DialogueChair)
            .options(joinedload(DialogueChair.dialogue))
            .where(DialogueChair.person_id == person.id)
        )
        .all()
    )


def erased_marker(object_type: str, object_id: int) -> sa.Exists:
    action = ERASED_ACTION if object_type == "person" else ERASED_ACCOUNT_ACTION
    return sa.exists().where(
        AuditEvent.action == action,
        AuditEvent.object_type == object_type,
        AuditEvent.object_id == object_id,
    )


def is_erased(person: Person) -> bool:
    """Whether the person was erased already (the audit log says so)."""
    return bool(db_session().scalar(sa.select(erased_marker("person", person.id))))


def is_account_erased(user: User) -> bool:
    return bool(db_session().scalar(sa.select(erased_marker("user", user.id))))

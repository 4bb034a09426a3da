"""Erasing a person: their personal data goes, the shape of the record stays.

A participation is kept, made anonymous and stripped of its free-text reason, so that every
count (participants per dialogue, per category, per organisation) stays true; the audit log
keeps every entry. Everything is done in one transaction together with the plugins' part
(``on_person_erased``): if anything fails, nothing is erased.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from core import audit
from core.db import db_session
from core.hooks import hooks
from core.models import Person, User, Visibility
from core.personal_data import records

ERASED_NAME = "Erased person"
# not a Werkzeug hash: no password can ever match it
UNUSABLE_PASSWORD = "!erased"


class ErasureRefused(ValueError):
    """The person may not be erased; the message says why, in plain words."""


def erase_person(
    person: Person,
    *,
    actor: User | None,
    reason: str,
    still_wanted: Callable[[Person], bool] | None = None,
) -> bool:
    """Erase ``person`` and commit. Returns False if they were erased already (or
    ``still_wanted``, asked once the person's row is locked, says no), True otherwise.

    Raises ``ErasureRefused`` for a person who chairs a dialogue, and whatever a plugin
    raised in ``on_person_erased``; in both cases nothing is changed.
    """
    session = db_session()
    try:
        if not _lock(Person, person.id) or records.is_erased(person):
            session.rollback()
            return False
        session.refresh(person)
        if still_wanted is not None and not still_wanted(person):
            session.rollback()
            return False
        chairs = records.chaired(person)
        if chairs:
            titles = ", ".join(c.dialogue.title for c in chairs)
            raise ErasureRefused(
                f"{person.name} chairs {titles}. Chairs hold public office and stay named on "
                "the dialogue's record, so they cannot be erased. If they should not be a "
                "chair, an organiser removes them from the dialogue first."
            )
        user = records.user_of(person)
        counts = _anonymise(person, user)
        hooks().person_erased(person=person, actor=actor)
        audit.record(
            records.ERASED_ACTION,
            person,
            reason=reason,
            actor_id=actor.id if actor else None,
            **counts,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return True


def erase_account(user: User, *, actor: User | None, reason: str) -> bool:
    """Erase the holder of ``user``: their person's erasure when one is linked, else the
    account alone (it has no person for plugins to be told about)."""
    person = records.person_of(user)
    if person is not None:
        return erase_person(person, actor=actor, reason=reason)
    session = db_session()
    try:
        if not _lock(User, user.id) or records.is_account_erased(user):
            session.rollback()
            return False
        session.refresh(user)
        counts = _anonymise(None, user)
        audit.record(
            records.ERASED_ACCOUNT_ACTION,
            user,
            reason=reason,
            actor_id=actor.id if actor else None,
            **counts,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return True


def _lock(model: type[Person] | type[User], object_id: int) -> bool:
    """Lock the row until the transaction ends (PostgreSQL: the row; SQLite: the database),
    so that two hosts never erase the same person at once. False if it is gone or erased.

    The update is conditional, but under PostgreSQL's READ COMMITTED a waiting update
    re-checks only the row itself, not the subquery: callers look at the audit log again
    once they hold the lock.
    """
    kind = "person" if model is Person else "user"
    result = db_session().execute(
        sa.update(model)
        .where(model.id == object_id, ~records.erased_marker(kind, object_id))
        .values(name=model.name)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _anonymise(person: Person | None, user: User | None) -> dict[str, Any]:
    """Blank the personal data of ``person`` and ``user``; the counts for the audit entry."""
    session = db_session()
    # found by the addresses before these are blanked
    invitations = records.invitations(person, user)
    messages = records.messages(person, user)
    participations = records.participations(person) if person else []
    focal_points = records.focal_points(user)

    if person is not None:
        person.name = ERASED_NAME
        for field in (
            "honorific",
            "given_name",
            "family_name",
            "name_original_script",
            "position",
            "nationality",
        ):
            setattr(person, field, "")
        person.email = None
        person.organisation_id = None
    if user is not None:
        user.name = ERASED_NAME
        user.email = f"erased-{user.id}@invalid"
        user.password_hash = UNUSABLE_PASSWORD
        user.active = False
        user.last_login_at = None
    for participation in participations:
        participation.visibility = Visibility.ANONYMOUS
        participation.reason = ""
        participation.findings = _codes_only(participation.findings)
        participation.token_version += 1  # badges already printed no longer check in
    for invitation in invitations:
        invitation.email = ""
        invitation.hold_reason = ""
        invitation.findings = _codes_only(invitation.findings)
    for message in messages:
        session.delete(message)
    for focal_point in focal_points:
        session.delete(focal_point)
    session.flush()
    return {
        "participations_kept": len(participations),
        "invitations_blanked": len(invitations),
        "messages_deleted": len(messages),
        "focal_points_removed": len(focal_points),
        "account_closed": user is not None,
    }


def _codes_only(findings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """What screening found, without the messages and details that may name the person."""
    return [
        {key: f.get(key) for key in ("source", "code", "blocking")}
        for f in findings or []
        if isinstance(f, dict)
    ]

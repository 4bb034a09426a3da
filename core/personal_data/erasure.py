"""Erasing a person: their personal data goes, the shape of the record stays.

A participation is kept, made anonymous and stripped of its free-text reason, so that every
count (participants per dialogue, per category, per organisation) stays true; the audit log
keeps every entry. Everything is done in one transaction together with the plugins' part
(``on_person_erased``): if anything fails, nothing is erased.

A participation in a dialogue that has not ended yet, and that is still open (invited,
registered, pending, accredited or waitlisted), is withdrawn in that transaction: an erased
person cannot come, so their place goes to the waitlist once the erasure is committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from core import audit, screened_changes
from core.db import db_session, utcnow
from core.hooks import hooks
from core.models import (
    InvitationState,
    Participation,
    ParticipationStatus,
    Person,
    User,
    Visibility,
)
from core.participation.registration import HOLDING_A_PLACE, category_of, promote_waitlisted
from core.personal_data import records

log = logging.getLogger(__name__)

ERASED_NAME = "Erased person"
# not a Werkzeug hash: no password can ever match it
UNUSABLE_PASSWORD = "!erased"
# the statuses an erasure withdraws (in dialogues not ended yet): the participation is still
# open. Withdrawn and rejected ones are over already; attended ones are a fact that the
# dialogue's record keeps.
STILL_OPEN = (
    ParticipationStatus.INVITED,
    ParticipationStatus.REGISTERED,
    ParticipationStatus.PENDING,
    ParticipationStatus.ACCREDITED,
    ParticipationStatus.WAITLISTED,
    ParticipationStatus.SUSPENDED,  # holds a place; nobody is left to hold it for
)
OPEN_INVITATIONS = (InvitationState.SENT, InvitationState.HELD)
WITHDRAWAL_CODE = "other"
WITHDRAWAL_REASON = "person erased"


@dataclass
class _Withdrawn:
    participation: Participation
    old_status: ParticipationStatus


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
        counts, withdrawn = _anonymise(person, user, actor)
        for change in records.screened_field_changes(person):
            session.delete(change)
        screened_changes.exempt(session)  # a blanked name is no new name to screen
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
    _after_withdrawals(withdrawn, actor)
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
        counts, _withdrawn = _anonymise(None, user, actor)  # no person: no participations
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


def _anonymise(
    person: Person | None, user: User | None, actor: User | None
) -> tuple[dict[str, Any], list[_Withdrawn]]:
    """Blank the personal data of ``person`` and ``user`` and withdraw the person's open
    participations; the counts for the audit entry, and what was withdrawn."""
    session = db_session()
    # by person only: an e-mail address proves nothing (sign-up does not verify it)
    invitations = records.invitations(person)
    messages = records.messages(person)
    participations = records.participations(person, lock=True) if person else []
    now = utcnow()
    withdrawn: list[_Withdrawn] = []
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
        user.end_sessions()  # every browser still signed in is out at its next request
    for participation in participations:
        participation.visibility = Visibility.ANONYMOUS
        participation.reason = ""
        participation.findings = _codes_only(participation.findings)
        participation.token_version += 1  # badges already printed no longer check in
        if participation.status in STILL_OPEN and participation.dialogue.ends_at > now:
            withdrawn.append(_Withdrawn(participation, participation.status))
            participation.status = ParticipationStatus.WITHDRAWN
            participation.reason_code = WITHDRAWAL_CODE
            audit.record(
                "participation.status_changed",
                participation,
                reason=WITHDRAWAL_REASON,
                dialogue_id=participation.dialogue_id,
                actor_id=actor.id if actor else None,
                old=withdrawn[-1].old_status.value,
                new=ParticipationStatus.WITHDRAWN.value,
                findings=[],
            )
    cancelled = 0
    for invitation in invitations:
        if invitation.state in OPEN_INVITATIONS:  # its link must not register them again
            invitation.state = InvitationState.CANCELLED
            cancelled += 1
        invitation.email = ""
        invitation.hold_reason = ""
        invitation.personal_message = ""
        invitation.findings = _codes_only(invitation.findings)
    for message in messages:
        session.delete(message)
    for focal_point in focal_points:
        session.delete(focal_point)
    session.flush()
    counts = {
        "participations_kept": len(participations),
        "participations_withdrawn": len(withdrawn),
        "invitations_blanked": len(invitations),
        "invitations_cancelled": cancelled,
        "messages_deleted": len(messages),
        "focal_points_removed": len(focal_points),
        "account_closed": user is not None,
    }
    return counts, withdrawn


def _after_withdrawals(withdrawn: list[_Withdrawn], actor: User | None) -> None:
    """Once the erasure is committed: tell the plugins of each withdrawal, and give every
    place freed to the category's waitlist.

    The erasure is done by then; a failure here is logged, not raised, so that the caller
    does not report a done erasure as failed (a place left free is given by the next
    withdrawal, or by an organiser).
    """
    session = db_session()
    freed: dict[tuple[int, str], Participation] = {}
    for item in withdrawn:
        hooks().participation_status_changed(
            participation=item.participation,
            old_status=item.old_status,
            new_status=ParticipationStatus.WITHDRAWN,
            actor=actor,
            reason=WITHDRAWAL_REASON,
        )
        if item.old_status in HOLDING_A_PLACE:
            p = item.participation
            freed.setdefault((p.dialogue_id, p.category.value), p)
    for participation in freed.values():
        try:
            category = category_of(participation)
            if category is not None:
                promote_waitlisted(category, actor=None)
        except Exception:
            session.rollback()
            log.exception(
                "Promoting from the waitlist of dialogue %s, category %s, after an erasure",
                participation.dialogue_id,
                participation.category.value,
            )


def _codes_only(findings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """What screening found, without the messages and details that may name the person."""
    return [
        {key: f.get(key) for key in ("source", "code", "blocking")}
        for f in findings or []
        if isinstance(f, dict)
    ]

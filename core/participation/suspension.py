"""Suspending the accreditations a confirmed screening match holds, and reinstating them.

A plugin that confirms a match about a person or an organisation suspends, at once and in the
transaction of its decision, every accreditation (accredited or already checked in) of that
person or with that organisation, in every dialogue not closed: the badge is revoked, the place
and badge number kept, the dialogue's organisers are e-mailed and each suspension is audited.
A suspended participation stays so until an organiser rejects it (``review.reject``) or the
plugin lets it go (``reinstate_holders``: accredited again through the gate, with a new token).
"""

from __future__ import annotations

import logging
from collections import defaultdict

import sqlalchemy as sa
from flask import has_request_context

from core import audit
from core.db import db_session
from core.gate import GateBlocked
from core.hooks import hooks
from core.links import external_url
from core.models import (
    Dialogue,
    Grant,
    Participation,
    ParticipationStatus,
    Role,
    User,
    open_dialogue_ids,
)
from core.outbox.messages import render, when, where
from core.outbox.queue import queue
from core.participation.status import ParticipationChanged, change_status

log = logging.getLogger("parley.outbox")
HELD = (ParticipationStatus.ACCREDITED, ParticipationStatus.ATTENDED)
# what the review page and the participation's record say; never the list entry
SUSPENDED_REASON = "A screening match was confirmed: the accreditation is suspended."
REINSTATED_REASON = "The confirmed screening match was overridden: accredited again."


def _of_subject(person_id: int | None, organisation_id: int | None, statuses) -> sa.Select:
    if (person_id is None) == (organisation_id is None):
        raise ValueError("Name either a person or an organisation.")
    subject = (
        Participation.person_id == person_id
        if person_id is not None
        else Participation.organisation_id == organisation_id
    )
    return (
        sa.select(Participation)
        .where(
            subject,
            Participation.status.in_(statuses),
            Participation.dialogue_id.in_(open_dialogue_ids()),
        )
        .order_by(Participation.id)  # the same order everywhere: no two deciders deadlock
    )


def suspend_holders(
    *,
    person_id: int | None = None,
    organisation_id: int | None = None,
    actor: User | None,
    reason_code: str,
) -> list[Participation]:
    """Suspend the accreditations of a person or with an organisation; commit the caller's
    pending work (the decision) with them, then tell plugins. Return what was suspended.

    ``reason_code`` names the decision that holds them (a plugin's finding), for the audit log.
    """
    session = db_session()
    held = session.scalars(
        _of_subject(person_id, organisation_id, HELD)
        .with_for_update(of=Participation)
        .execution_options(populate_existing=True)
    ).all()
    before = {p.id: p.status for p in held}
    for participation in held:
        participation.status = ParticipationStatus.SUSPENDED
        participation.token_version += 1  # the badge stops opening the door
        participation.reason = SUSPENDED_REASON
        participation.reason_code = reason_code[:40]
        audit.record(
            "participation.suspended",
            participation,
            reason=SUSPENDED_REASON,
            dialogue_id=participation.dialogue_id,
            actor_id=actor.id if actor else None,
            old=before[participation.id].value,
            new=ParticipationStatus.SUSPENDED.value,
            reason_code=reason_code,
        )
    _tell_organisers(held)
    session.commit()
    for participation in held:
        hooks().participation_status_changed(
            participation=participation,
            old_status=before[participation.id],
            new_status=ParticipationStatus.SUSPENDED,
            actor=actor,
            reason=SUSPENDED_REASON,
        )
    return list(held)


def reinstate_holders(
    *,
    person_id: int | None = None,
    organisation_id: int | None = None,
    actor: User | None,
) -> list[Participation]:
    """Accredit again the suspended participations of a person or with an organisation, each
    through the gate and in its own transaction, with the same badge number and a new token.
    One the gate still stops (another match stands) stays suspended. Return those reinstated.
    """
    session = db_session()
    suspended = session.scalars(
        _of_subject(person_id, organisation_id, (ParticipationStatus.SUSPENDED,))
    ).all()
    reinstated = []
    for participation in suspended:
        participation.token_version += 1  # a token computed while suspended never works
        try:
            change_status(
                participation,
                ParticipationStatus.ACCREDITED,
                actor=actor,
                reason=REINSTATED_REASON,
                alongside=lambda _findings, p=participation: audit.record(
                    "participation.reinstated",
                    p,
                    reason=REINSTATED_REASON,
                    dialogue_id=p.dialogue_id,
                    actor_id=actor.id if actor else None,
                ),
            )
        except (GateBlocked, ParticipationChanged):
            session.rollback()  # the stop is audited by change_status
            continue
        reinstated.append(participation)
    return reinstated


def organisers_of(dialogue_id: int) -> list[User]:
    """The active users who organise the dialogue: granted it, or every dialogue."""
    return list(
        db_session()
        .scalars(
            sa.select(User)
            .join(Grant, Grant.user_id == User.id)
            .where(
                User.active.is_(True),
                Grant.role == Role.ORGANISER,
                (Grant.dialogue_id == dialogue_id) | Grant.dialogue_id.is_(None),
            )
            .distinct()
            .order_by(User.id)
        )
        .all()
    )


def _tell_organisers(suspended: list[Participation]) -> None:
    """One e-mail to each organiser of each dialogue, in the caller's transaction. It gives
    badge numbers and the way to the review page, never a name or the list entry."""
    by_dialogue: dict[int, list[Participation]] = defaultdict(list)
    for participation in suspended:
        by_dialogue[participation.dialogue_id].append(participation)
    for dialogue_id, participations in by_dialogue.items():
        dialogue = db_session().get(Dialogue, dialogue_id)
        review_url = (
            external_url("review.queue", slug=dialogue.slug, status="suspended")
            if has_request_context()
            else ""
        )
        subject, body = render(
            "accreditation_suspended",
            title=dialogue.title,
            when=when(dialogue),
            where=where(dialogue),
            badges=sorted(p.badge_number for p in participations if p.badge_number),
            count=len(participations),
            review_url=review_url,
        )
        for organiser in organisers_of(dialogue_id):
            try:
                queue(
                    kind="accreditation_suspended",
                    to=organiser.email,
                    subject=subject,
                    body=body,
                    dialogue_id=dialogue_id,
                )
            except ValueError:  # a bad address must not undo the suspension it reports
                log.warning("user %s: the address cannot be used; no e-mail", organiser.id)

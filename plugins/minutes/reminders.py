"""Reminders of responses due and overdue, queued in the core's outbox.

A published recommendation without an answer gets a reminder when its due date is near
(``due-soon``), on the first run after the date has passed (``overdue-0``), then every 30 days
while it stays unanswered (``overdue-1``, ``overdue-2``…). Each goes to the addressee's contact
address when one is recorded, and to the dialogue's rapporteurs. A ``minutes_reminder`` row
per recommendation and stage, unique, is written in the same transaction as the e-mails: two
hosts running the command at once queue each reminder once.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from core.plugin_api import (
    Dialogue,
    DialogueStatus,
    Grant,
    Role,
    User,
    Viewer,
    check_address,
    db_session,
    queue,
)
from plugins.minutes.composition import long_date
from plugins.minutes.models import Recommendation, Reminder
from plugins.minutes.reading import read_recommendation
from plugins.minutes.recommendations import standing

log = logging.getLogger("parley.minutes")
KIND = "minutes_reminder"


def stage(recommendation: Recommendation, today: date, days_before: int) -> str | None:
    """The reminder due today for an unanswered recommendation, or None."""
    late = (today - recommendation.due_on).days
    if late > 0:
        return f"overdue-{(late - 1) // 30}"
    if -late <= days_before:
        return "due-soon"
    return None


def _rapporteurs(dialogue_id: int) -> list[str]:
    rows = db_session().scalars(
        sa.select(User.email)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role == Role.RAPPORTEUR, Grant.dialogue_id == dialogue_id, User.active)
    )
    return sorted(set(rows))


def _text(recommendation: Recommendation) -> str:
    """The recommendation as the public may read it: nobody named who may not be, under the
    Chatham House Rule as it stands when the e-mail is written."""
    dialogue = recommendation.dialogue
    return read_recommendation(dialogue, recommendation, Viewer.anonymous(dialogue.id)).plain


def _message(recommendation: Recommendation, which: str, url: str) -> tuple[str, str]:
    dialogue = recommendation.dialogue
    due = long_date(recommendation.due_on)
    if which == "due-soon":
        subject = f"A response is due by {due}: recommendation {recommendation.number}"
        opening = f"A response to this recommendation is due by {due}."
    else:
        subject = f"Overdue since {due}: recommendation {recommendation.number}"
        opening = f"A response to this recommendation was due by {due}; none is recorded."
    body = (
        f"{opening}\n\n"
        f"{dialogue.title}, recommendation {recommendation.number}, "
        f"addressed to {recommendation.addressee}:\n\n"
        f"{_text(recommendation)}\n\n"
        f"Its follow-up, and where to record a response: {url}\n\n"
        f"-- \nParley sent this message automatically for the organisers of {dialogue.title}.\n"
    )
    return subject, body


def remind(now: datetime, *, days_before: int, url_for_recommendation) -> int:
    """Queue the reminders due at ``now``, each recommendation in its own transaction; return
    how many recommendations were reminded of. Each recommendation's day is the date where its
    dialogue is held."""
    # a zone is at most 14 hours ahead of UTC: a day more catches every one that may be due
    latest_due = date.fromordinal(now.date().toordinal() + days_before + 1)
    session = db_session()
    candidates = list(
        session.scalars(
            sa.select(Recommendation)
            .join(Dialogue, Dialogue.id == Recommendation.dialogue_id)
            .where(
                Recommendation.published_version.is_not(None),
                Dialogue.status != DialogueStatus.DRAFT,
                Recommendation.due_on <= latest_due,
            )
            .options(selectinload(Recommendation.follow_ups), joinedload(Recommendation.dialogue))
            .order_by(Recommendation.id)
        )
    )
    reminded = 0
    for recommendation in candidates:
        today = recommendation.dialogue.local(now).date()
        if standing(recommendation, today).answered:
            continue
        which = stage(recommendation, today, days_before)
        if which is None:
            continue
        if _queue(recommendation, which, url_for_recommendation(recommendation)):
            reminded += 1
    return reminded


def _queue(recommendation: Recommendation, which: str, url: str) -> bool:
    session = db_session()
    addresses = _rapporteurs(recommendation.dialogue_id)
    if recommendation.contact_email:
        try:
            addresses.insert(0, check_address(recommendation.contact_email))
        except ValueError:
            log.warning("recommendation %s: the contact address cannot be used", recommendation.id)
    subject, body = _message(recommendation, which, url)
    try:
        session.add(Reminder(recommendation_id=recommendation.id, stage=which))
        session.flush()
        for address in addresses:
            queue(
                kind=KIND,
                to=address,
                subject=subject,
                body=body,
                dialogue_id=recommendation.dialogue_id,
            )
        session.commit()
    except IntegrityError:  # another host queued this one first
        session.rollback()
        return False
    return True

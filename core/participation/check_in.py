"""Admitting a participant at the desk: once per day, or once per session where the organisers
check in per session.

Each admission is a ``CheckInEntry`` for its point (``day:2025-11-17``, the day in the
dialogue's own timezone, or ``session:12``). The first one also moves the participation from
accredited to attended (``checked_in_at`` keeps that first admission). A second scan for the
same point is answered "already in since 09:12" and saves no second entry. Every admission asks
the gate (``GateStep.CHECK_IN``) again: a holder the screening stops now is turned away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core import audit
from core.db import db_session, utcnow
from core.gate import GateBlocked
from core.hooks import hooks
from core.models import (
    CheckInEntry,
    CheckInSetting,
    Dialogue,
    Participation,
    ParticipationStatus,
    User,
)
from core.models.enums import label
from core.participation.status import (
    ParticipationChanged,
    change_status,
    lock_participation,
    screen,
)
from core.plugin_types import CheckInPoint, GateStep
from core.visibility import view_on_badge

# what the desk is told of a holder the screening stops: never the reason, never the list entry
SEE_THE_ORGANISERS = "please see the organisers."


class DeskAnswer(NamedTuple):
    """What the desk is told: whether the person may go in, and in what words."""

    admitted: bool
    message: str


class Refused(DeskAnswer):
    """A refusal the audit log holds: the participation's state or the screening stops the
    holder (the desk answers 409), where a code that is no badge is bad input (422)."""

    __slots__ = ()


@dataclass(frozen=True)
class Point:
    """What the desk admits people to now: a day, or a session."""

    key: str
    label: str
    session: bool = False


@dataclass(frozen=True)
class Desk:
    """A dialogue's desk as it stands: its mode, the sessions it may admit to, its point."""

    dialogue: Dialogue
    per_session: bool
    sessions: list[CheckInPoint]
    point: Point
    today: date


def local_day(dialogue: Dialogue, moment: datetime) -> date:
    return dialogue.local(moment).date()


def local_clock(dialogue: Dialogue, moment: datetime) -> str:
    """``09:12``: the time of day in the dialogue's own timezone."""
    return f"{dialogue.local(moment):%H:%M}"


def checks_in_per_session(dialogue: Dialogue) -> bool:
    setting = db_session().get(CheckInSetting, dialogue.id)
    return bool(setting and setting.per_session)


def set_per_session(dialogue: Dialogue, per_session: bool, actor: User) -> None:
    """Record how the dialogue's desk checks people in from now on (audited), and commit."""
    session = db_session()
    setting = session.get(CheckInSetting, dialogue.id)
    if setting is None:
        setting = CheckInSetting(dialogue_id=dialogue.id)
        session.add(setting)
    setting.per_session = per_session
    setting.changed_by_id = actor.id
    audit.record(
        "dialogue.check_in_mode_changed",
        dialogue,
        dialogue_id=dialogue.id,
        mode="session" if per_session else "day",
    )
    session.commit()


def open_desk(dialogue: Dialogue, chosen: str | None = None, now: datetime | None = None) -> Desk:
    """The desk of ``dialogue`` at ``now``: per session when the organisers chose it and a
    plugin offers sessions (``chosen``, else the one running or next), per day otherwise."""
    now = now or utcnow()
    today = local_day(dialogue, now)
    sessions = hooks().check_in_points(dialogue=dialogue)
    per_session = bool(sessions) and checks_in_per_session(dialogue)
    if per_session:
        by_key = {s.key: s for s in sessions}
        current = next((s for s in sessions if s.ends_at > now), sessions[-1])
        picked = by_key.get(chosen or "", current)
        point = Point(key=picked.key, label=picked.label, session=True)
    else:
        point = Point(key=f"day:{today.isoformat()}", label=f"{today.day} {today:%B %Y}")
    return Desk(
        dialogue=dialogue, per_session=per_session, sessions=sessions, point=point, today=today
    )


def refuse(participation: Participation, desk: Desk, reason: str, message: str) -> Refused:
    """Turn the holder away: audited with the point, committed."""
    audit.record(
        "participation.check_in_refused",
        participation,
        reason=reason,
        dialogue_id=participation.dialogue_id,
        point=desk.point.key,
        point_label=desk.point.label,
    )
    db_session().commit()
    return Refused(False, message)


def admit(participation: Participation, desk: Desk, actor: User) -> DeskAnswer:
    """Admit the holder of ``participation`` to the desk's point, or say why not.

    The participation's row is locked first, so two desks admitting the same person run one
    after the other: the second reads the first one's entry and answers "already in". The
    unique constraint on (participation, point) stops any admission that got past it anyway.
    """
    for _attempt in range(2):
        try:
            return _admit(participation, desk, actor)
        except ParticipationChanged:  # changed at another desk or by a reviewer: read again
            db_session().refresh(participation)
        except IntegrityError:  # the same entry saved at another desk a moment ago
            db_session().rollback()
            db_session().refresh(participation)
    return DeskAnswer(False, "This badge was checked in a moment ago at another desk.")


def _admit(participation: Participation, desk: Desk, actor: User) -> DeskAnswer:
    if participation.status == ParticipationStatus.SUSPENDED:
        return refuse(participation, desk, "suspended", SEE_THE_ORGANISERS)
    if participation.status not in (ParticipationStatus.ACCREDITED, ParticipationStatus.ATTENDED):
        state = label(participation.status).lower()
        return refuse(participation, desk, "not accredited", f"This participation is {state}.")
    lock_participation(participation)
    entered = _entry(participation, desk.point)
    now = utcnow()

    def enter(_findings=None) -> None:
        if entered is None:
            db_session().add(
                CheckInEntry(
                    participation_id=participation.id,
                    dialogue_id=participation.dialogue_id,
                    point=desk.point.key,
                    day=desk.today,
                    checked_in_at=now,
                    checked_in_by_id=actor.id,
                )
            )
        audit.record(
            "participation.checked_in",
            participation,
            dialogue_id=participation.dialogue_id,
            point=desk.point.key,
            point_label=desk.point.label,
            again=entered is not None,
        )

    try:
        if participation.status == ParticipationStatus.ACCREDITED:
            participation.checked_in_at = participation.checked_in_at or now
            change_status(
                participation,
                ParticipationStatus.ATTENDED,
                actor=actor,
                reason="checked in",
                alongside=enter,
            )
        else:
            screen(GateStep.CHECK_IN, participation, actor)
            enter()
            db_session().commit()
    except GateBlocked:
        return refuse(participation, desk, "stopped by the screening", SEE_THE_ORGANISERS)
    badge = view_on_badge(participation)
    number = participation.badge_number
    if entered is not None:
        since = local_clock(desk.dialogue, entered.checked_in_at)
        return DeskAnswer(
            True,
            f"{badge.name} (badge {number}) is already in since {since}; "
            f"this is not counted again.",
        )
    return DeskAnswer(True, f"Welcome, {badge.name}. Badge {number} checked in.")


def _entry(participation: Participation, point: Point) -> CheckInEntry | None:
    return db_session().scalar(
        sa.select(CheckInEntry).where(
            CheckInEntry.participation_id == participation.id, CheckInEntry.point == point.key
        )
    )

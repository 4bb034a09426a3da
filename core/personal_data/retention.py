"""Purging the personal data of past dialogues, as each dialogue's retention period says.

A person is erased when every dialogue they take part in, or were invited to, has a retention
period (``Dialogue.retention_days``) and ended more than that many days ago. Kept: chairs
(public office) and people whose account holds a role (organisers, administrators and the
like are staff, not participants). Each erasure is its own transaction and locks the person
first, so the purge may run on several hosts at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa

from core.db import db_session
from core.hooks import PluginError
from core.models import Dialogue, DialogueChair, Grant, Invitation, Participation, Person
from core.personal_data import records
from core.personal_data.erasure import ErasureRefused, erase_person

REASON = "retention"


class Verdict(StrEnum):
    ERASE = "erase"
    CHAIR = "chair"
    ROLE = "role"
    NOT_DUE = "not due"


@dataclass
class PurgeReport:
    now: datetime
    dry_run: bool
    erased: list[int] = field(default_factory=list)
    kept_chairs: list[int] = field(default_factory=list)
    kept_roles: list[int] = field(default_factory=list)
    # erased meanwhile by another host, or no longer due when their row was locked
    passed_over: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What happened, by person id (never by name: this goes to logs)."""
        verb = "Would erase" if self.dry_run else "Erased"
        out = [f"{verb} {_people(self.erased)}{_ids(self.erased)}."]
        if self.kept_chairs:
            out.append(
                f"Kept {_people(self.kept_chairs)} who chair a dialogue{_ids(self.kept_chairs)}."
            )
        if self.kept_roles:
            out.append(
                f"Kept {_people(self.kept_roles)} whose account holds a role"
                f"{_ids(self.kept_roles)}."
            )
        if self.passed_over:
            out.append(
                f"Passed over {_people(self.passed_over)} erased meanwhile or no longer "
                f"due{_ids(self.passed_over)}."
            )
        for person_id, message in self.failed:
            out.append(f"Could not erase person {person_id}: {message}")
        if self.dry_run:
            out.append("Dry run: nothing was changed.")
        return out


def _people(ids: list[int]) -> str:
    return "1 person" if len(ids) == 1 else f"{len(ids)} people"


def _ids(ids: list[int]) -> str:
    return f" (ids {', '.join(map(str, ids))})" if ids else ""


def expired_dialogues(now: datetime) -> set[int]:
    """Dialogues whose retention period ended before ``now``."""
    rows = db_session().execute(
        sa.select(Dialogue.id, Dialogue.ends_at, Dialogue.retention_days).where(
            Dialogue.retention_days.is_not(None)
        )
    )
    return {row.id for row in rows if row.ends_at + timedelta(days=row.retention_days) < now}


def candidates(expired: set[int]) -> list[int]:
    """People not yet erased who take part in at least one expired dialogue."""
    if not expired:
        return []
    return list(
        db_session().scalars(
            sa.select(Person.id)
            .where(
                sa.exists().where(
                    Participation.person_id == Person.id,
                    Participation.dialogue_id.in_(sorted(expired)),
                ),
                ~records.erased_marker("person", Person.id),
            )
            .order_by(Person.id)
        )
    )


def verdict(person: Person, expired: set[int]) -> Verdict:
    """Whether ``person`` is due for erasure, and if not, why."""
    session = db_session()
    dialogue_ids = set(
        session.scalars(
            sa.select(Participation.dialogue_id).where(Participation.person_id == person.id)
        )
    ) | set(
        session.scalars(sa.select(Invitation.dialogue_id).where(Invitation.person_id == person.id))
    )
    if not dialogue_ids or not dialogue_ids <= expired:
        return Verdict.NOT_DUE
    chairs = sa.select(DialogueChair.id).where(DialogueChair.person_id == person.id)
    if session.scalar(chairs.limit(1)) is not None:
        return Verdict.CHAIR
    if person.user_id is not None:
        grants = sa.select(Grant.id).where(Grant.user_id == person.user_id)
        if session.scalar(grants.limit(1)) is not None:
            return Verdict.ROLE
    return Verdict.ERASE


def purge(now: datetime, *, dry_run: bool = False) -> PurgeReport:
    """Erase every person due for erasure at ``now``; with ``dry_run``, only say who."""
    session = db_session()
    report = PurgeReport(now=now, dry_run=dry_run)
    expired = expired_dialogues(now)
    for person_id in candidates(expired):
        person = session.get(Person, person_id)
        if person is None:
            continue
        found = verdict(person, expired)
        if found is Verdict.NOT_DUE:
            continue
        if found is Verdict.CHAIR:
            report.kept_chairs.append(person_id)
            continue
        if found is Verdict.ROLE:
            report.kept_roles.append(person_id)
            continue
        if dry_run:
            report.erased.append(person_id)
            continue
        try:
            done = erase_person(
                person,
                actor=None,
                reason=REASON,
                # the dialogues' retention is read again once the person's row is locked
                still_wanted=lambda p: verdict(p, expired_dialogues(now)) is Verdict.ERASE,
            )
        except (ErasureRefused, PluginError) as exc:
            report.failed.append((person_id, str(exc)))
            continue
        (report.erased if done else report.passed_over).append(person_id)
    session.rollback()  # a dry run reads only; a real run has committed each erasure
    return report

"""A change of a field screening reads passes the gate before it is committed, by any path.

The fields are a person's name, name in their own script, nationality and organisation, and an
organisation's name and country. Every flush notes which of them changed, whatever changed them
(a form, an import, a command); ``pass_change_gate`` screens each changed person or organisation
again in every dialogue where they hold a live participation or invitation, and refuses the
change, rolled back and recorded, when a plugin blocks it. A commit that carries a change not
screened is refused (``UnscreenedChange``): a path that forgets to ask cannot slip a rename by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from core import audit
from core.auth.permissions import can
from core.db import db_session
from core.gate import GateBlocked, blocked_event
from core.models import (
    AuditEvent,
    FocalPoint,
    Organisation,
    Person,
    ScreenedFieldChange,
    User,
)
from core.plugin_types import Finding, GateStep
from core.taking_part import places_taken_part

PERSON_FIELDS = ("name", "name_original_script", "nationality", "organisation_id")
ORGANISATION_FIELDS = ("name", "country")
PENDING = "parley.screened_changes"


class UnscreenedChange(RuntimeError):
    """A commit carried a change of a screened field that did not pass the gate."""


class ChangeRefused(Exception):
    """The actor may not change this person or organisation; the message says why."""


@dataclass
class Change:
    """What changed of one person or organisation in this transaction."""

    subject: Person | Organisation
    old: dict[str, Any] = field(default_factory=dict)  # field -> its committed value

    @property
    def kind(self) -> str:
        return "person" if isinstance(self.subject, Person) else "organisation"

    def real(self) -> dict[str, Any]:
        """The fields whose value differs from the committed one, with that committed value."""
        return {
            name: old
            for name, old in self.old.items()
            if _plain(old) != _plain(getattr(self.subject, name))
        }


def _plain(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _note(session: Session) -> dict[int, Change]:
    """Note the screened fields changed on the session's objects since the last flush."""
    pending: dict[int, Change] = session.info.setdefault(PENDING, {})
    for obj in session.dirty:
        if isinstance(obj, Person):
            names = PERSON_FIELDS
        elif isinstance(obj, Organisation):
            names = ORGANISATION_FIELDS
        else:
            continue
        state = sa.inspect(obj)
        for name in names:
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            change = pending.setdefault(id(obj), Change(obj))
            if name not in change.old:  # the first old value is the committed one
                change.old[name] = history.deleted[0] if history.deleted else None
    return pending


def _refuse_unscreened(session: Session) -> None:
    pending = _note(session)
    if any(change.real() for change in pending.values()):
        raise UnscreenedChange(
            "A screened field changed without passing the gate: call "
            "core.screened_changes.pass_change_gate before committing."
        )


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def watch(factory: sessionmaker) -> None:
    """Note changes on every session ``factory`` makes, and refuse unscreened commits."""
    sa.event.listen(factory, "before_flush", lambda session, _context, _objects: _note(session))
    sa.event.listen(factory, "before_commit", _refuse_unscreened)
    sa.event.listen(factory, "after_transaction_end", _forget)


def exempt(session: Session) -> None:
    """Let the pending changes be committed unscreened: for an erasure, which blanks a name
    rather than giving a new one."""
    session.flush()
    session.info.pop(PENDING, None)


def may_change(session: Session, actor: User | None, change: Change) -> bool:
    """Who may change a screened field: the person, a focal point of the person's organisation
    (as it was) or of the organisation itself, an organiser of every dialogue (the registry is
    theirs), or a command (no actor)."""
    if actor is None:
        return True
    subject = change.subject
    if change.kind == "person":
        if can(actor, "person.manage") or (subject.user_id and subject.user_id == actor.id):
            return True
        organisation_id = change.old.get("organisation_id") or subject.organisation_id
    else:
        if can(actor, "organisation.manage"):
            return True
        organisation_id = subject.id
    return organisation_id is not None and bool(
        session.scalar(
            sa.select(FocalPoint.id).where(
                FocalPoint.user_id == actor.id, FocalPoint.organisation_id == organisation_id
            )
        )
    )


def pass_change_gate(session: Session, actor: User | None) -> list[Finding]:
    """Screen the changed people and organisations in every dialogue where they take part;
    keep the old and new values and audit the change. Returns the findings.

    Raises ``ChangeRefused`` when ``actor`` may not make a change (nothing rolled back: the
    caller does), and ``GateBlocked`` when a plugin stops it: then the change is rolled back,
    the stop is audited for each dialogue and the plugins record their findings, committed.
    """
    session.flush()
    changes = [(change, change.real()) for change in _note(session).values()]
    changes = [(change, fields) for change, fields in changes if fields]
    if not changes:
        session.info.pop(PENDING, None)
        return []
    if not all(may_change(session, actor, change) for change, _ in changes):
        raise ChangeRefused("You may not change this record: ask the organisers.")
    checked = [
        (place, place.ask(actor))
        for place in places_taken_part(
            session,
            people=[c.subject.id for c, _ in changes if c.kind == "person"],
            organisations=[c.subject.id for c, _ in changes if c.kind == "organisation"],
        )
    ]
    blocking = [(place, [f for f in found if f.blocking], found) for place, found in checked]
    blocking = [item for item in blocking if item[1]]
    if blocking:
        _refuse(session, changes, checked, blocking, actor)
    for place, found in checked:
        place.tell(found, blocked=False, actor=actor)
        if place.participation is not None and place.participation.id is not None:
            place.participation.findings = [finding.as_record() for finding in found]
    dialogues = sorted({place.dialogue_id for place, _ in checked})
    for change, fields in changes:
        _keep(session, change, fields, actor, dialogues)
    session.info.pop(PENDING, None)
    return [finding for _, found in checked for finding in found]


def _refuse(session, changes, checked, blocking, actor) -> None:
    everything = [finding for _, found in checked for finding in found]
    stopped = GateBlocked(GateStep.CHANGE, [f for _, b, _ in blocking for f in b], everything)
    events = [
        blocked_event(GateBlocked(GateStep.CHANGE, b, found), place.participation, actor)
        for place, b, found in blocking
        if place.participation is not None
    ]
    refused = [(change.kind, change.subject.id, sorted(fields)) for change, fields in changes]
    session.rollback()  # nothing is renamed
    session.add_all(events)
    dialogues = sorted({place.dialogue_id for place, _, _ in blocking})
    session.add_all(
        AuditEvent(
            action=f"{kind}.change_blocked",
            object_type=kind,
            object_id=subject_id,
            actor_id=actor.id if actor else None,
            reason=stopped.reason,
            details={"fields": fields, "dialogues": dialogues},
        )
        for kind, subject_id, fields in refused
    )
    for place, found in checked:
        # the change is stopped in every dialogue, not only where a finding blocked it: each
        # is told so, in the transaction of the stop (a plugin failing here loses only its own
        # record, audited: core.hooks)
        place.tell(found, blocked=True, actor=actor)
    session.commit()
    raise stopped


def _keep(session, change: Change, fields, actor: User | None, dialogues: list[int]) -> None:
    rows = [
        ScreenedFieldChange(
            subject_kind=change.kind,
            subject_id=change.subject.id,
            field=name,
            old_value=_plain(old),
            new_value=_plain(getattr(change.subject, name)),
            actor_id=actor.id if actor else None,
        )
        for name, old in sorted(fields.items())
    ]
    session.add_all(rows)
    session.flush()
    audit.record(
        f"{change.kind}.screened_fields_changed",
        change.subject,
        actor_id=actor.id if actor else None,
        fields=sorted(fields),
        changes=[row.id for row in rows],
        dialogues=dialogues,
    )


def passes_on_form(field, actor: User | None) -> bool:
    """Pass the change gate for a registry form; False, with the reason beside ``field``,
    when screening stopped the change (then rolled back: nothing was changed)."""
    try:
        pass_change_gate(db_session(), actor)
    except GateBlocked as blocked:
        field.errors.append(
            f"This change was not saved: screening stopped it ({blocked.reason}). The finding "
            "is on the Screening tab of each dialogue concerned."
        )
        return False
    return True

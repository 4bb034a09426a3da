"""The download of everything Parley holds about a person, as one versioned JSON document.

What screening found (findings, the reason an invitation was held, the reasons of stopped
gate steps) is left out: the organisers keep it, and a registrant is not told what was found
(see docs/decisions.md). Nothing about other people is included.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from core.db import db_session, utcnow
from core.hooks import hooks
from core.models import (
    AuditEvent,
    Dialogue,
    Invitation,
    OutboxMessage,
    Participation,
    Person,
    User,
)
from core.personal_data import records

FORMAT = "parley-personal-data"
VERSION = 1
# audit entries whose reason is what screening found: kept from the download
WITHHELD_REASONS = {"participation.gate_blocked"}
# details of audit entries that say what changed and name no one
SHOWN_DETAILS = ("old", "new", "role", "step")


def export_person(person: Person) -> dict[str, Any]:
    """Everything Parley, and each plugin, holds about ``person``."""
    return _document(person, records.user_of(person))


def export_account(user: User) -> dict[str, Any]:
    """Everything held about the signed-in ``user``: their person's export when one is linked,
    else their account alone."""
    person = records.person_of(user)
    return _document(person, user)


def to_json(document: dict[str, Any]) -> str:
    """The document as JSON; dates as ISO 8601, anything else a plugin returned as text."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=_fallback)


def _fallback(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _document(person: Person | None, user: User | None) -> dict[str, Any]:
    participations = records.participations(person) if person else []
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(utcnow()),
        "person": _person(person) if person else None,
        "account": _account(user) if user else None,
        "participations": [_participation(p) for p in participations],
        "check_ins": [
            _check_in(c, participations) for c in records.check_ins([p.id for p in participations])
        ],
        "invitations": [_invitation(i) for i in records.invitations(person)],
        "focal_point_for": [
            {"organisation": fp.organisation.display_name, "organisation_id": fp.organisation_id}
            for fp in records.focal_points(user)
        ],
        "messages": [_message(m) for m in records.messages(person)],
        "changes": [
            {"field": c.field, "old": c.old_value, "new": c.new_value, "at": _iso(c.at)}
            for c in records.screened_field_changes(person)
        ],
        "audit": _audit(records.audit_events(person, user, [p.id for p in participations])),
        "plugins": hooks().personal_data(person=person) if person else {},
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "honorific": person.honorific,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name_original_script": person.name_original_script,
        "position": person.position,
        "organisation": person.organisation.display_name if person.organisation else None,
        "nationality": person.nationality,
        "email": person.email,
        "created_at": _iso(person.created_at),
    }


def _account(user: User) -> dict[str, Any]:
    titles = _dialogue_slugs({g.dialogue_id for g in user.grants if g.dialogue_id})
    return {
        "email": user.email,
        "name": user.name,
        "active": user.active,
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "roles": [
            {"role": g.role.value, "dialogue": titles.get(g.dialogue_id) if g.dialogue_id else None}
            for g in user.grants
        ],
    }


def _dialogue(dialogue: Dialogue | None) -> dict[str, Any] | None:
    if dialogue is None:
        return None
    return {
        "title": dialogue.title,
        "slug": dialogue.slug,
        "starts_at": _iso(dialogue.starts_at),
        "ends_at": _iso(dialogue.ends_at),
        "timezone": dialogue.timezone,
    }


def _participation(p: Participation) -> dict[str, Any]:
    return {
        "dialogue": _dialogue(p.dialogue),
        "category": p.category.value,
        "status": p.status.value,
        "visibility": p.visibility.value,
        "organisation": p.organisation.display_name if p.organisation else None,
        "reason_code": p.reason_code,
        "reason": p.reason,
        "badge_number": p.badge_number,
        "decided_at": _iso(p.decided_at),
        "checked_in_at": _iso(p.checked_in_at),
        "created_at": _iso(p.created_at),
        "updated_at": _iso(p.updated_at),
    }


def _check_in(entry, participations: Sequence[Participation]) -> dict[str, Any]:
    dialogue = next(p.dialogue for p in participations if p.id == entry.participation_id)
    return {
        "dialogue": _dialogue(dialogue),
        "point": entry.point,
        "day": entry.day.isoformat(),
        "checked_in_at": _iso(entry.checked_in_at),
    }


def _invitation(i: Invitation) -> dict[str, Any]:
    return {
        "dialogue": _dialogue(i.dialogue),
        "category": i.category.value,
        "state": i.state.value,
        "email": i.email,
        "personal_message": i.personal_message,
        "created_at": _iso(i.created_at),
        "sent_at": _iso(i.sent_at),
        "responded_at": _iso(i.responded_at),
    }


def _message(m: OutboxMessage) -> dict[str, Any]:
    status = "sent" if m.sent_at else "failed" if m.failed_at else "waiting to be sent"
    return {
        "to": m.to_address,
        "subject": m.subject,
        "body": m.body,
        "status": status,
        "created_at": _iso(m.created_at),
        "sent_at": _iso(m.sent_at),
        "failed_at": _iso(m.failed_at),
    }


def _audit(events: Sequence[AuditEvent]) -> list[dict[str, Any]]:
    slugs = _dialogue_slugs({e.dialogue_id for e in events if e.dialogue_id})
    return [
        {
            "action": e.action,
            "at": _iso(e.at),
            "about": e.object_type,
            "dialogue": slugs.get(e.dialogue_id) if e.dialogue_id else None,
            "reason": None if e.action in WITHHELD_REASONS else e.reason,
            "details": {k: e.details[k] for k in SHOWN_DETAILS if k in (e.details or {})},
        }
        for e in events
    ]


def _dialogue_slugs(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db_session().execute(
        sa.select(Dialogue.id, Dialogue.slug).where(Dialogue.id.in_(sorted(ids)))
    )
    return {row.id: row.slug for row in rows}

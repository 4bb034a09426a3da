"""Moving data between the dialogue form and the model."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user
from wtforms import SelectChoice

from core.auth import can
from core.db import db_session
from core.dialogues.forms import DialogueForm
from core.forms import to_local
from core.models import (
    Dialogue,
    DialogueChair,
    DialogueFormat,
    DialogueHost,
    Organisation,
    Person,
    Series,
)
from core.registry_scope import (
    organisations_not_to_be_named,
    people_not_to_be_named,
    registry_scope,
)

NONE_CHOICE = SelectChoice(0, "None")
NOT_TO_BE_NAMED = " (asked not to be named in public: cannot be chosen)"


def fill_choices(form: DialogueForm, exclude: Dialogue | None = None) -> None:
    session = db_session()
    form.series_id.choices = [NONE_CHOICE] + [
        SelectChoice(s.id, s.name) for s in session.scalars(sa.select(Series).order_by(Series.name))
    ]
    others = sa.select(Dialogue).order_by(Dialogue.starts_at.desc())
    if exclude is not None:
        others = others.where(Dialogue.id != exclude.id)
    form.related_dialogue_id.choices = [NONE_CHOICE] + [
        SelectChoice(d.id, d.title)
        for d in session.scalars(others)
        if d.is_public or can(current_user, "dialogue.view_draft", d)
    ]
    # chairs and co-hosts: only what the user may pick from, each who asked not to be named in
    # public said so beside the name (the form refuses them)
    scope = form.scope = registry_scope(current_user)
    dialogue_id = exclude.id if exclude is not None else None
    people = session.execute(scope.people(Person.id, Person.name).order_by(Person.name)).all()
    organisations = session.execute(
        scope.organisations(Organisation.id, Organisation.name).order_by(Organisation.name)
    ).all()
    form.names = {
        "chair_ids": {row.id: row.name for row in people},
        "host_ids": {row.id: row.name for row in organisations},
    }
    form.chair_ids.choices = _choices(
        people, people_not_to_be_named(scope.person_ids(), dialogue_id)
    )
    form.host_ids.choices = _choices(
        organisations, organisations_not_to_be_named(scope.organisation_ids(), dialogue_id)
    )


def _choices(rows, hidden: set[int]) -> list[SelectChoice]:
    return [SelectChoice(r.id, r.name + (NOT_TO_BE_NAMED if r.id in hidden else "")) for r in rows]


def fill_form(form: DialogueForm, dialogue: Dialogue) -> None:
    form.series_id.data = dialogue.series_id or 0
    form.related_dialogue_id.data = dialogue.related_dialogue_id or 0
    form.starts_at.data = to_local(dialogue.starts_at, dialogue.timezone)
    form.ends_at.data = to_local(dialogue.ends_at, dialogue.timezone)
    form.format.data = dialogue.format.value
    form.chair_ids.data = [c.person_id for c in dialogue.chairs]
    form.host_ids.data = [h.organisation_id for h in dialogue.hosts]


def apply_form(dialogue: Dialogue, form: DialogueForm) -> None:
    for name in ("title", "slug", "edition", "theme", "description", "timezone", "venue"):
        setattr(dialogue, name, (getattr(form, name).data or "").strip())
    dialogue.city = (form.city.data or "").strip()
    dialogue.country = (form.country.data or "").strip()
    dialogue.relation = (form.relation.data or "").strip()
    dialogue.series_id = form.series_id.data or None
    dialogue.related_dialogue_id = form.related_dialogue_id.data or None
    dialogue.format = DialogueFormat(form.format.data)
    dialogue.starts_at = form.starts_utc
    dialogue.ends_at = form.ends_utc
    _sync_chairs(dialogue, form.chair_ids.data or [])
    _sync_hosts(dialogue, form.host_ids.data or [])


def _sync_chairs(dialogue: Dialogue, person_ids: list[int]) -> None:
    existing = {c.person_id: c for c in dialogue.chairs}
    dialogue.chairs = [
        existing.get(pid) or DialogueChair(person_id=pid) for pid in dict.fromkeys(person_ids)
    ]
    for position, chair in enumerate(dialogue.chairs):
        chair.position = position


def _sync_hosts(dialogue: Dialogue, organisation_ids: list[int]) -> None:
    existing = {h.organisation_id: h for h in dialogue.hosts}
    dialogue.hosts = [
        existing.get(oid) or DialogueHost(organisation_id=oid)
        for oid in dict.fromkeys(organisation_ids)
    ]
    for position, host in enumerate(dialogue.hosts):
        host.position = position

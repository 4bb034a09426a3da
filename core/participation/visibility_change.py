"""Changing who may see a participation, at any time: by the person, their organisation's
focal point or the dialogue's organisers (``access.acts_for``).

Nothing is copied when a participation's visibility is chosen: every output asks
``core.visibility`` when it is built, so the new choice holds in all of them from the commit
on. The change is audited (from, to, and in what capacity the actor made it; never a name),
and a person whose visibility someone else changed is told by e-mail. An erased person stays
anonymous for good: their visibility cannot be changed.
"""

from __future__ import annotations

import sqlalchemy as sa

from core import audit
from core.db import db_session
from core.models import Participation, User, Visibility
from core.outbox.messages import to_participant
from core.participation.access import is_focal_point
from core.participation.forms import VISIBILITY_LABELS
from core.participation.registration_messages import visibility_hints
from core.participation.status import lock_participation
from core.personal_data.records import is_erased

ACTION = "participation.visibility_changed"
# in what capacity someone changed it, as the audit log and the e-mail word it
PERSON, FOCAL_POINT, ORGANISER = "person", "focal point", "organiser"


class VisibilityUnchangeable(Exception):
    """This participation's visibility cannot be changed; the message says why."""


def capacity(actor: User, participation: Participation) -> str:
    """Whether ``actor`` (whom ``acts_for`` let in) acts as the person, their focal point or
    an organiser."""
    if participation.person.user_id == actor.id:
        return PERSON
    if is_focal_point(actor, participation.organisation_id):
        return FOCAL_POINT
    return ORGANISER


def in_words(participation: Participation) -> tuple[str, str]:
    """The participation's visibility as its label and the hint the registration forms give."""
    value = participation.visibility.value
    return VISIBILITY_LABELS[value], visibility_hints([participation.category])[value]


def change_visibility(
    participation: Participation, visibility: Visibility, *, actor: User, change_url: str
) -> bool:
    """Give ``participation`` the visibility ``visibility`` and commit, with its audit entry
    and, when the actor is not the person, an e-mail to the person linking to ``change_url``.
    False (and nothing recorded) when it had that visibility already."""
    if is_erased(participation.person):
        raise VisibilityUnchangeable(
            "This person's personal data was erased: they stay anonymous, and who may see "
            "them cannot be changed."
        )
    session = db_session()
    lock_participation(participation)  # one change at a time; the stored choice is read after
    table = Participation.__table__
    old = Visibility(
        session.scalar(sa.select(table.c.visibility).where(table.c.id == participation.id))
    )
    if old == visibility:
        session.rollback()
        return False
    participation.visibility = visibility
    by = capacity(actor, participation)
    audit.record(
        ACTION,
        participation,
        dialogue_id=participation.dialogue_id,
        actor_id=actor.id,
        old=old.value,
        new=visibility.value,
        by=by,
    )
    if by != PERSON:
        label, hint = in_words(participation)
        to_participant(
            "visibility_changed",
            participation,
            changed_by=by,
            organisation=participation.organisation.display_name
            if participation.organisation
            else "",
            previous=VISIBILITY_LABELS[old.value],
            label=label,
            hint=hint,
            change_url=change_url,
            own_account=participation.person.user_id is not None,
        )
    session.commit()
    return True

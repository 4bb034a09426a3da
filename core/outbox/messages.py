"""The e-mails Parley writes to people about their own participation.

Each ``notify_*`` function renders a plain-text template from ``core/outbox/templates/`` and
queues one message in the caller's transaction (see ``core.outbox.queue``); the caller commits
it with the change. A message goes to the person it is about and speaks only of them: it may
name them, and never names another participant. Dates are in the dialogue's own timezone.
A person without a usable e-mail address is skipped (a bad one with a warning in the log): the
function returns ``None``, and the change goes ahead.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    DialogueCategory,
    DialogueFormat,
    OutboxMessage,
    Participation,
    ParticipationStatus,
)
from core.outbox.queue import MAX_SUBJECT, check_address, queue
from core.outbox.wording import PLACEHOLDERS, clean_body, filled, wording_for
from core.templating import local_date, local_time
from core.visibility import describe_role

log = logging.getLogger("parley.outbox")

_env = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=False,  # plain text, never HTML
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

RECEIVED = (
    ParticipationStatus.REGISTERED,
    ParticipationStatus.PENDING,
    ParticipationStatus.WAITLISTED,
)
DECIDED = (ParticipationStatus.ACCREDITED, ParticipationStatus.REJECTED)


def when(dialogue: Dialogue) -> str:
    """``17 November 2025, 09:00 (Jakarta, UTC+7), to 18 November 2025, 16:00 (Jakarta, UTC+7)``;
    on one day ``17 November 2025, 09:00 to 16:00 (Jakarta, UTC+7)``."""
    zone = dialogue.timezone
    start, end = dialogue.local(dialogue.starts_at), dialogue.local(dialogue.ends_at)
    if start.date() == end.date():
        span = (
            f"{local_date(dialogue.starts_at, zone)}, {start:%H:%M} to "
            f"{local_time(dialogue.ends_at, zone)}"
        )
    else:
        span = (
            f"{local_date(dialogue.starts_at, zone)}, {local_time(dialogue.starts_at, zone)}, "
            f"to {local_date(dialogue.ends_at, zone)}, {local_time(dialogue.ends_at, zone)}"
        )
    return span


def where(dialogue: Dialogue) -> str:
    """``Venue, City, Country``, ``Online``, or the place ``and online`` for a hybrid one."""
    if dialogue.format == DialogueFormat.ONLINE:
        return "Online"
    place = ", ".join(p for p in (dialogue.venue, dialogue.city, dialogue.country) if p.strip())
    if dialogue.format == DialogueFormat.HYBRID:
        return f"{place}, and online" if place else "Online and in person"
    return place


def moment(value: datetime, dialogue: Dialogue) -> str:
    """``1 November 2025 at 17:00 (Jakarta, UTC+7)``, in the dialogue's timezone."""
    return f"{local_date(value, dialogue.timezone)} at {local_time(value, dialogue.timezone)}"


# a dialogue's own wording: the template with its subject and message blocks replaced by text
# already filled in (plain strings, never template source)
_CUSTOM = _env.from_string(
    "{% extends base %}{% block subject %}{{ custom_subject }}{% endblock %}"
    "{% block message %}{{ custom_message }}{% endblock %}"
)


def render(template: str, *, wording: Any = None, **context: Any) -> tuple[str, str]:
    """The subject and body of ``template``; its first line is ``Subject: ...``. With a
    dialogue's ``wording`` (a ``MessageWording``), its subject and message replace the
    template's own, and the rest of the template stays."""
    custom = filled(wording, context) if wording is not None else None
    if custom is None:
        text = _env.get_template(f"{template}.txt").render(**context)
    else:
        subject, message = custom
        text = _CUSTOM.render(
            base=f"{template}.txt", custom_subject=subject, custom_message=message, **context
        )
    head, _, body = text.partition("\n\n")
    if not head.startswith("Subject: ") or "\n" in head:
        raise ValueError(f"The e-mail template {template} must begin with one Subject: line.")
    subject = " ".join(head.removeprefix("Subject: ").split())  # one line, whatever the title
    if len(subject) > MAX_SUBJECT:  # a long title in a long wording must not stop the change
        subject = subject[: MAX_SUBJECT - 1] + "…"
    return subject, body.strip("\n") + "\n"


def default_wording(kind: str) -> tuple[str, str]:
    """The default subject and message of ``kind``, with placeholders where the template has
    its values: what an organiser starts from."""
    template = _env.get_template(f"{kind}.txt")
    context = template.new_context({key: f"{{{p}}}" for p, (_, key) in PLACEHOLDERS.items()})
    subject = "".join(template.blocks["subject"](context))
    return " ".join(subject.split()), "".join(template.blocks["message"](context)).strip("\n")


def _dialogue_context(dialogue: Dialogue) -> dict[str, Any]:
    return {"title": dialogue.title, "when": when(dialogue), "where": where(dialogue)}


def to_participant(kind: str, participation: Participation, **context: Any):
    """Queue the e-mail ``kind`` to the person of ``participation`` in the dialogue's wording,
    or nothing (None) when no usable address is on record."""
    person = participation.person
    address = (person.email or "").strip()
    if not address:
        return None
    try:
        address = check_address(address)
    except ValueError:  # a bad address on record must not stop the change it would report
        log.warning(
            "person %s: the address on record cannot be used; no %s e-mail", person.id, kind
        )
        return None
    dialogue = participation.dialogue
    subject, body = render(
        kind,
        wording=wording_for(dialogue.id, kind),
        name=person.full_name,
        role=describe_role(participation.category),
        status=participation.status.value,
        visibility=participation.visibility.value,
        **_dialogue_context(dialogue),
        **context,
    )
    return queue(
        kind=kind,
        to=address,
        subject=subject,
        body=body,
        dialogue_id=dialogue.id,
        person_id=person.id,
    )


def notify_registration_received(participation: Participation) -> OutboxMessage | None:
    """Tell a person their registration arrived: a place held, or a place on the waitlist."""
    if participation.status not in RECEIVED:
        raise ValueError(f"A {participation.status.value} participation is not a registration.")
    return to_participant(
        "registration_received", participation, needs_approval=_needs_approval(participation)
    )


def _needs_approval(participation: Participation) -> bool:
    """Whether the organisers decide on an accreditation in this person's category (a
    category no longer there counts as needing them)."""
    needs = db_session().scalar(
        sa.select(DialogueCategory.needs_approval).where(
            DialogueCategory.dialogue_id == participation.dialogue_id,
            DialogueCategory.category == participation.category,
        )
    )
    return needs is not False


def notify_decision(participation: Participation, reason: str) -> OutboxMessage | None:
    """Tell a person the organisers accredited or rejected them, with the reason given."""
    if participation.status not in DECIDED:
        raise ValueError(f"A {participation.status.value} participation has no decision to tell.")
    return to_participant(
        participation.status.value,
        participation,
        reason=(reason or "").strip(),
        badge_number=participation.badge_number,
        needs_approval=_needs_approval(participation),
    )


def notify_waitlist_promotion(participation: Participation) -> OutboxMessage | None:
    """Tell a person a place became free and is now theirs."""
    return to_participant("waitlist_promotion", participation)


def notify_withdrawal(participation: Participation) -> OutboxMessage | None:
    """Confirm to a person that their participation was withdrawn (by them or for them)."""
    return to_participant("withdrawal", participation)


def invitation_message(
    *,
    dialogue: Dialogue,
    accept_url: str,
    decline_url: str,
    expires_at: datetime,
    name: str = "",
    category: Category | None = None,
    personal_message: str = "",
) -> tuple[str, str]:
    """The subject and body of an invitation to ``dialogue``, in the dialogue's wording: what
    ``notify_invitation`` queues, and what the invitation form previews."""
    return render(
        "invitation",
        wording=wording_for(dialogue.id, "invitation"),
        name=name,
        role=describe_role(category) if category else "",
        accept_url=accept_url,
        decline_url=decline_url,
        expires=moment(expires_at, dialogue),
        personal_message=clean_body(personal_message).strip("\n"),
        **_dialogue_context(dialogue),
    )


def sample_message(
    kind: str, dialogue: Dialogue, wording: Any, expires_at: datetime
) -> tuple[str, str]:
    """The e-mail ``kind`` of ``dialogue`` in ``wording``, as an example person would receive
    it (a CSO representative shown to participants, whose category needs approval, badge 42):
    what the organisers' preview of a wording shows."""
    return render(
        kind,
        wording=wording,
        name="Amina Rahman (example)",
        role=describe_role(Category.CSO),
        status=ParticipationStatus.REGISTERED.value,
        visibility="participants",
        needs_approval=True,
        reason="(the note or reason the organisers give with their decision)",
        badge_number=42,
        accept_url="[the link to accept]",
        decline_url="[the link to decline]",
        expires=moment(expires_at, dialogue),
        personal_message="",
        **_dialogue_context(dialogue),
    )


def notify_invitation(
    *, email: str, person_id: int | None, **invitation: Any
) -> OutboxMessage | None:
    """Invite the holder of ``email`` to a dialogue, with links to accept or decline; the
    other arguments are ``invitation_message``'s."""
    address = (email or "").strip()
    if not address:
        return None
    subject, body = invitation_message(**invitation)
    return queue(
        kind="invitation",
        to=address,
        subject=subject,
        body=body,
        dialogue_id=invitation["dialogue"].id,
        person_id=person_id,
    )

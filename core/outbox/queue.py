"""Adding a message to the outbox, in the caller's transaction."""

from __future__ import annotations

import re

from core.db import db_session
from core.models import OutboxMessage

# a header value must stay on one line: no CR, LF or other control characters
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
# one bare address: local@domain, nothing a header parser could read as a second one
_ATOM = r"[^\s@<>,;:\"()\[\]\\]+"
_ADDRESS = re.compile(f"{_ATOM}@{_ATOM}")

MAX_ADDRESS = 254  # the width of ``outbox_message.to_address``
MAX_SUBJECT = 300
MAX_KIND = 60


def check_address(address: str) -> str:
    """``address`` stripped, or ``ValueError`` if it is not one bare e-mail address."""
    if _CONTROL.search(address or ""):
        raise ValueError("An e-mail address cannot contain line breaks or control characters.")
    address = (address or "").strip()
    if not address:
        raise ValueError("An e-mail needs an address to go to.")
    if len(address) > MAX_ADDRESS or not _ADDRESS.fullmatch(address):
        raise ValueError(f"“{address}” is not one e-mail address.")
    return address


def check_subject(subject: str) -> str:
    if _CONTROL.search(subject or ""):
        raise ValueError("An e-mail subject cannot contain line breaks or control characters.")
    subject = (subject or "").strip()
    if not subject:
        raise ValueError("An e-mail needs a subject.")
    if len(subject) > MAX_SUBJECT:
        raise ValueError(f"An e-mail subject can be at most {MAX_SUBJECT} characters long.")
    return subject


def queue(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    dialogue_id: int | None = None,
    person_id: int | None = None,
) -> OutboxMessage:
    """Add an e-mail to the outbox in the current session, without committing.

    The caller commits it together with the change it reports, so that the message exists if
    and only if the change does. Raises ``ValueError`` for an empty or malformed address,
    subject or kind, and for a subject or address that would inject a header.
    """
    kind = (kind or "").strip()
    if not kind or len(kind) > MAX_KIND or _CONTROL.search(kind):
        raise ValueError(f"“{kind}” is not a kind of message.")
    if "\x00" in (body or ""):
        raise ValueError("An e-mail body cannot contain NUL characters.")
    message = OutboxMessage(
        kind=kind,
        to_address=check_address(to),
        subject=check_subject(subject),
        body=body or "",
        dialogue_id=dialogue_id,
        person_id=person_id,
        attempts=0,
        claimed_by="",
        last_error="",
    )
    db_session().add(message)
    return message

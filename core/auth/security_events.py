"""Security events of an account: each is audited and told to the account's owner by e-mail.

A person at risk must learn at once when someone else changes their password, their address or
their second factor, or signs in from a browser they do not know; the e-mail says what happened,
when, and what to do if it was not them. It never carries a link that signs in.
"""

from __future__ import annotations

from typing import Any

from core import audit
from core.db import utcnow
from core.models import User
from core.outbox.messages import render
from core.outbox.queue import queue


def announce(
    user: User,
    event: str,
    *,
    to: str | None = None,
    context: dict[str, Any] | None = None,
    **details: Any,
) -> None:
    """Audit ``account.<event>`` for ``user`` and queue the ``account_<event>`` e-mail.

    The e-mail goes to ``to`` when given (the old address, when the address changes), else to
    the user's address; ``details`` reach the audit entry and the template and must not carry
    secrets. The template also has ``name`` and ``when`` (now, in UTC), and ``context``, which
    reaches the template only: what the owner may read but the audit log must not keep (an
    address is personal data). Not committed: the caller commits it with the change.
    """
    audit.record(f"account.{event}", user, **details)
    values = {"name": user.name, "when": f"{utcnow():%d %B %Y, %H:%M} UTC", **(context or {})}
    subject, body = render(f"account_{event}", **{**values, **details})
    queue(kind=f"account_{event}", to=to or user.email, subject=subject, body=body)

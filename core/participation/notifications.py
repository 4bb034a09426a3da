"""Which e-mail a status change sends to the person it concerns.

Queued in the outbox inside the change's own transaction: the e-mail exists exactly when the
change does.
"""

from __future__ import annotations

from core.models import Participation, ParticipationStatus
from core.outbox.messages import (
    notify_decision,
    notify_registration_received,
    notify_waitlist_promotion,
    notify_withdrawal,
)

S = ParticipationStatus
# an invitation's own e-mail is sent by the invitation; a declined invitation needs no reply
SILENT_CODES = {"declined"}


def notify_status_change(
    participation: Participation, old: ParticipationStatus | None, new: ParticipationStatus
) -> None:
    if new == S.REGISTERED and old == S.WAITLISTED:
        notify_waitlist_promotion(participation)
    elif new in (S.REGISTERED, S.WAITLISTED) and old != new:
        notify_registration_received(participation)
    elif new in (S.ACCREDITED, S.REJECTED):
        notify_decision(participation, participation.reason)
    elif new == S.WITHDRAWN and participation.reason_code not in SILENT_CODES:
        notify_withdrawal(participation)

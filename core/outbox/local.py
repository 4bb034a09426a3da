"""The in-app outbox: where mail goes when no SMTP server is configured.

Without ``MAIL_SERVER`` (``core.config.mail_configured``) nothing can be sent, yet a message
must neither wait for ever nor be sent weeks later, when a server is set up, to people who no
longer expect it. So it is *delivered locally*: marked as sent, with ``claimed_by`` set to
``IN_APP`` to say it never left Parley, and administrators read it at ``/admin/outbox``
(``core.outbox.outbox_views``) as it would have arrived.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core.models import OutboxMessage
from core.outbox.claims import db_now

# written in ``claimed_by`` of a message delivered to the in-app outbox instead of over SMTP; a
# message sent over SMTP has ``claimed_by`` empty once sent
IN_APP = "in-app outbox"


def delivered_in_app():
    """The condition of messages delivered to the in-app outbox and not over SMTP."""
    return sa.and_(OutboxMessage.sent_at.is_not(None), OutboxMessage.claimed_by == IN_APP)


def deliver_in_app(session: Session) -> int:
    """Deliver every queued message that no sender holds to the in-app outbox; commit.

    Messages waiting to retry are taken too: without a server they would never go. One
    ``UPDATE``, so two callers at once never deliver a message twice. Returns how many.
    """
    m = OutboxMessage
    now = db_now(session)
    result = session.execute(
        sa.update(m)
        .where(
            m.sent_at.is_(None),
            m.failed_at.is_(None),
            sa.or_(m.claimed_until.is_(None), m.claimed_until < now),
        )
        .values(sent_at=now, claimed_until=None, claimed_by=IN_APP)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount

"""The e-mail outbox: messages queued in the transaction of the change they report, sent later
by ``parley outbox send`` over SMTP, with retries and a record of failures."""

from core.outbox.queue import queue

__all__ = ["queue"]

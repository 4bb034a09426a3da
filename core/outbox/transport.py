"""SMTP: the settings, one connection per batch, the e-mail as sent, and what an error means.

Settings (``app.config``, or ``PARLEY_MAIL_*`` in the environment):
``MAIL_SERVER`` (none: without one, mail stays in the in-app outbox, see
``core.outbox.local``), ``MAIL_PORT`` (25), ``MAIL_USERNAME`` and ``MAIL_PASSWORD``
(optional; log in when a user name is set), ``MAIL_SECURITY`` ("none", "starttls" or "tls"),
``MAIL_FROM`` ("Parley <noreply@localhost>"), ``MAIL_TIMEOUT`` (10 seconds per SMTP operation)
and ``MAIL_MAX_ATTEMPTS`` (8).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from core.models import OutboxMessage

SECURITY = ("none", "starttls", "tls")


@dataclass(frozen=True)
class MailSettings:
    server: str  # empty when no SMTP server is configured
    port: int
    username: str
    password: str
    security: str
    sender: str  # the From: header, "Name <address>"
    envelope_sender: str  # the bare address, where bounces go
    timeout: float
    max_attempts: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        """The settings in ``config``; ``ValueError`` names the one that is wrong."""
        security = str(config.get("MAIL_SECURITY", "none") or "none").strip().lower()
        if security not in SECURITY:
            raise ValueError(
                f"MAIL_SECURITY must be one of {', '.join(SECURITY)}, not {security!r}."
            )
        sender = str(config.get("MAIL_FROM", "Parley <noreply@localhost>") or "").strip()
        _name, address = parseaddr(sender)
        if "@" not in address or any(c in sender for c in "\r\n"):
            raise ValueError(f"MAIL_FROM must be an e-mail address, not {sender!r}.")
        try:
            port = int(config.get("MAIL_PORT", 25))
            timeout = float(config.get("MAIL_TIMEOUT", 10))
            max_attempts = int(config.get("MAIL_MAX_ATTEMPTS", 8))
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"MAIL_PORT, MAIL_TIMEOUT and MAIL_MAX_ATTEMPTS must be numbers: {exc}"
            ) from exc
        if not 0 < port < 65536 or timeout <= 0 or max_attempts < 1:
            raise ValueError("MAIL_PORT, MAIL_TIMEOUT and MAIL_MAX_ATTEMPTS must be positive.")
        return cls(
            server=str(config.get("MAIL_SERVER") or "").strip(),
            port=port,
            username=str(config.get("MAIL_USERNAME") or ""),
            password=str(config.get("MAIL_PASSWORD") or ""),
            security=security,
            sender=sender,
            envelope_sender=address,
            timeout=timeout,
            max_attempts=max_attempts,
        )


def connect(settings: MailSettings) -> smtplib.SMTP:
    """An open, secured and logged-in connection; the caller closes it."""
    context = ssl.create_default_context()
    if settings.security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.server, settings.port, timeout=settings.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def close(smtp: smtplib.SMTP) -> None:
    """Say goodbye if the server still listens; close the socket in any case."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        smtp.close()


def build(message: OutboxMessage, settings: MailSettings) -> EmailMessage:
    """The e-mail for an outbox row. Its Message-ID is the same on every attempt."""
    domain = settings.envelope_sender.rpartition("@")[2] or "localhost"
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = Address(addr_spec=message.to_address)
    if message.subject.isascii():
        email["Subject"] = message.subject
    else:
        # written as encoded words here: the standard library's own folding of a long subject
        # mixing plain and encoded words leaves two spaces where there was one
        email.set_raw("Subject", Header(message.subject, "utf-8", header_name="Subject").encode())
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = f"<outbox.{message.id}.{int(message.created_at.timestamp())}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body)
    return email


def send(smtp: smtplib.SMTP, email: EmailMessage, message: OutboxMessage, sender: str) -> None:
    """Send to the row's address alone; raises what ``smtplib`` raises."""
    smtp.send_message(email, from_addr=sender, to_addrs=[message.to_address])


def describe(exc: BaseException) -> str:
    """An error as recorded in ``last_error``: the server's words, never the message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (0, b""))
        return f"recipient refused: {code} {_text(text)}"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"sender refused: {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"[:1000]


def is_permanent(exc: BaseException) -> bool:
    """Whether retrying this message cannot help: the server refused it (a 5xx reply to its
    recipient or content), or it cannot be sent through this server at all.

    A refused sender, a failed log-in and every connection error are temporary: they are the
    set-up's fault, not the message's, and mail waits until the set-up is mended.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, smtplib.SMTPNotSupportedError)


def keeps_connection(exc: BaseException) -> bool:
    """After a refusal the server is still talking to us; after anything else, reconnect."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException)


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())[:1000]

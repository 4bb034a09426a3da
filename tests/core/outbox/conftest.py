"""A real SMTP server on 127.0.0.1 (aiosmtpd), and apps that send to it."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    peer: tuple
    message: email.message.EmailMessage


class Recorder:
    """An aiosmtpd handler that keeps what it is given, or refuses as it is told to."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.rcpt_reply: str | None = None  # to every recipient, e.g. "451 4.3.0 Try later"
        self.replies: dict[str, str] = {}  # to some recipients, e.g. {"a@x.org": "550 No"}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.replies.get(address, self.rcpt_reply)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), session.peer, message)
            )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SMTPServer:
    port: int
    handler: Recorder

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SMTPServer(port=port, handler=handler)
    finally:
        controller.stop()


def mail_config(port: int, **extra) -> dict:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_FROM": "Parley secretariat <noreply@parley.example>",
        "MAIL_TIMEOUT": 5,
        **extra,
    }


@pytest.fixture
def mail_app(make_app, smtp_server):
    """An app whose mail goes to ``smtp_server``."""
    return make_app(**mail_config(smtp_server.port))

"""The e-mails that carry an account's links, and the limit on how often one address gets them.

Anyone can make Parley write to an address (sign up with it, ask a reset link for it), so
besides the limit per client on each route, one address receives at most
``ACCOUNT_MAIL_RATE_LIMIT`` of these e-mails, whoever asks: nobody can bury someone's inbox
under Parley's messages. Over the limit, nothing is sent and the page answers as always, so
the limit says nothing about the address either.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from limits import parse_many

from core import audit
from core.accounts import normalise_email
from core.auth import tokens
from core.db import utcnow
from core.links import external_url
from core.models import User
from core.outbox.messages import render
from core.outbox.queue import check_address, queue
from core.security import limiter


def address_may_receive(address: str) -> bool:
    """Count one e-mail to ``address``; False when it has had its share (nothing to send)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True) or not limiter.enabled:
        return True
    key = current_app.config["SECRET_KEY"].encode()
    # the limiter's storage may be shared (Redis): it keeps a keyed hash, not the address
    digest = hmac.new(key, address.lower().encode(), hashlib.sha256).hexdigest()
    items = parse_many(current_app.config["ACCOUNT_MAIL_RATE_LIMIT"])
    return all([limiter.limiter.hit(item, "account-mail", digest) for item in items])


def _send(kind: str, to: str, **context) -> None:
    subject, body = render(kind, **context)
    queue(kind=kind, to=to, subject=subject, body=body)


def send_verification(user: User, *, next_url: str | None = None) -> bool:
    """Queue the link that confirms ``user``'s address; False when the address had its share.
    Not committed."""
    if not address_may_receive(user.email):
        return False
    data = {"n": next_url} if next_url else {}
    link = external_url("recovery.verify_email", token=tokens.make(tokens.VERIFY, user, **data))
    hours = int(current_app.config["VERIFICATION_LINK_HOURS"])
    _send("account_verify", user.email, name=user.name, link=link, hours=hours)
    audit.record("account.verification_sent", user)
    return True


def send_reset(user: User) -> bool:
    """Queue a link to set a new password for ``user``; False when over the address's share.
    Not committed."""
    if not address_may_receive(user.email):
        return False
    link = external_url("recovery.reset_password", token=tokens.make(tokens.RESET, user))
    minutes = int(current_app.config["RESET_LINK_MINUTES"])
    _send(
        "account_reset_link",
        user.email,
        name=user.name,
        link=link,
        minutes=minutes,
        forgot_url=external_url("recovery.forgot_password"),
    )
    audit.record("account.reset_requested", user)
    return True


def send_no_account(address: str) -> bool:
    """Tell ``address``, which has no account, that a reset link was asked for it. Not committed.

    Asking for an address without an account thus costs the same work as for one with an
    account (one e-mail written), so neither the page nor its timing tells them apart; and
    only the owner of the address learns there is no account.
    """
    try:
        address = check_address(normalise_email(address))
    except ValueError:  # nothing Parley could write to
        return False
    if not address_may_receive(address):
        return False
    _send(
        "account_no_account",
        address,
        when=f"{utcnow():%d %B %Y, %H:%M} UTC",
        forgot_url=external_url("recovery.forgot_password"),
        signup_url=external_url("auth.signup"),
    )
    return True


def send_new_email_link(user: User, new_address: str) -> bool:
    """Queue, to ``new_address``, the link that moves ``user`` to it. Not committed."""
    if not address_may_receive(new_address):
        return False
    token = tokens.make(tokens.NEW_EMAIL, user, e=new_address)
    link = external_url("account.confirm_email", token=token)
    hours = int(current_app.config["VERIFICATION_LINK_HOURS"])
    _send("account_confirm_new_email", new_address, name=user.name, link=link, hours=hours)
    audit.record("account.email_change_requested", user)
    return True


def mask(address: str) -> str:
    """``n…@example.org``: enough for the owner to recognise an address, not to write to it."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"

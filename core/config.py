"""Configuration: defaults, then ``instance/parley.cfg``, then ``PARLEY_*`` environment variables.

The secret key is never a built-in default: it comes from configuration or is generated once
into ``instance/secret_key`` and read from there afterwards.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

log = logging.getLogger("parley.outbox")

DEFAULTS: dict[str, Any] = {
    "DISABLED_PLUGINS": [],
    # roles whose holders must have a second factor; [] (or "") requires it of nobody
    "REQUIRE_TWO_FACTOR": ["administrator", "organiser"],
    "PROXY_COUNT": 0,
    "TRACE_PLUGINS": False,
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    "SIGNUP_RATE_LIMIT": "5 per hour",
    # account recovery and verification (docs/accounts.md)
    "FORGOT_PASSWORD_RATE_LIMIT": "5 per minute;20 per hour",
    "RESEND_VERIFICATION_RATE_LIMIT": "5 per minute;20 per hour",
    "CHANGE_EMAIL_RATE_LIMIT": "5 per hour",
    "CHANGE_PASSWORD_RATE_LIMIT": "10 per hour",
    # e-mails one address may receive unasked (links, sign-up attempts), whoever asks for them
    "ACCOUNT_MAIL_RATE_LIMIT": "3 per hour;10 per day",
    "RESET_LINK_MINUTES": 60,
    "VERIFICATION_LINK_HOURS": 48,
    # the site's own address, e.g. "https://parley.example.org": links in e-mails are built on
    # it, never on the Host header a request came with
    "PUBLIC_URL": "",
    # the SMTP server's host name; empty: no SMTP server, mail stays in the in-app outbox
    "MAIL_SERVER": "",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
    "WTF_CSRF_TIME_LIMIT": 60 * 60 * 4,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
}


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("parley.cfg", silent=True)
        app.config.from_prefixed_env("PARLEY")
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("DATABASE_URL"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'parley.db'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    for key in ("DISABLED_PLUGINS", "REQUIRE_TWO_FACTOR"):
        names = app.config[key]
        if isinstance(names, str):  # a bare name or comma list given outside JSON
            app.config[key] = [n.strip() for n in names.split(",") if n.strip()]
    if not mail_configured(app.config) and not (app.debug or app.testing):
        log.warning(
            "No SMTP server is configured (MAIL_SERVER is empty): Parley sends no e-mail to "
            "anyone; administrators read each message at /admin/outbox. Set MAIL_SERVER "
            "(PARLEY_MAIL_SERVER) to send real mail."
        )


def mail_configured(config: Mapping[str, Any]) -> bool:
    """Whether an SMTP server is configured: ``MAIL_SERVER`` is a host name, not empty.

    Without one, ``parley outbox send`` delivers each message to the in-app outbox
    (``/admin/outbox``) instead of over SMTP, where administrators read it.
    """
    return bool(str(config.get("MAIL_SERVER") or "").strip())


def _instance_secret(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key

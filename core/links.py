"""Full addresses of Parley's pages for what leaves the site: e-mails, above all.

An e-mailed link is built on ``PUBLIC_URL`` when it is set, never on the Host header the request
came with: a visitor asking for a reset link or an invitation for someone else must not choose
the site the link points to. Without ``PUBLIC_URL`` the request's own address is used, and
outside a request (a command) Flask's ``SERVER_NAME`` and ``PREFERRED_URL_SCHEME``.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """The full address of ``endpoint`` for an e-mail."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    if has_request_context():
        return request.host_url.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)

"""Routes an account may use only once its address is confirmed.

An unconfirmed account may sign in, read what a visitor reads and manage itself; it may not
register an organisation or people, accept an organisation's invitation or stand as a
participant (``core.auth.permissions.has_confirmed_address`` is the rule). A refused request
gets a page that says so, with a button that sends the link again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import render_template, request
from flask_login import current_user

from core.auth.permissions import has_confirmed_address


def unconfirmed_page():
    """The answer to an unconfirmed account at a route that needs a confirmed address."""
    next_url = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return render_template("account/unconfirmed.html", next_url=next_url), 403


def refuse_unconfirmed() -> Any | None:
    """The page to answer with when the signed-in user has not confirmed their address yet;
    None for a confirmed account (and for a visitor: sign-in is asked for elsewhere)."""
    if current_user.is_authenticated and not has_confirmed_address(current_user):
        return unconfirmed_page()
    return None


def require_confirmed_address(view: Callable) -> Callable:
    """Route decorator, under ``login_required``: an unconfirmed account is refused (403)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        refused = refuse_unconfirmed()
        if refused is not None:
            return refused
        return view(*args, **kwargs)

    return wrapped

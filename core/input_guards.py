"""Refuse input no page can use before it reaches a view: NUL characters, ids beyond the
database's integer range."""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's integer


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that only matches ids the database can hold, so bigger ones are 404s."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def as_id(text: str) -> int | None:
    """A database id typed or sent as text, or None: ASCII digits within the integer range
    ("²" is a digit to ``str.isdigit`` but not to ``int``)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def _has_nul() -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any("\x00" in k or "\x00" in v for k, v in request.form.items(multi=True))
    return False


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntegerConverter

    @app.before_request
    def refuse_nul_characters() -> None:
        if _has_nul():
            abort(400)

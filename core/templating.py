"""What every template can use: navigation, plugin snippets, dates in a dialogue's timezone."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, url_for
from flask_login import current_user
from markupsafe import Markup

from core.auth import can
from core.hooks import Hooks
from core.markdown import to_html, to_text
from core.models.enums import label
from core.visibility import Viewer


def init_app(app: Flask, hooks: Hooks) -> None:
    navigation = hooks.navigation()

    def nav_items() -> list[tuple[str, str]]:
        return [
            (item.label, url_for(item.endpoint))
            for item in navigation
            if item.permission is None or can(current_user, item.permission)
        ]

    def snippet(place: str, **context: Any) -> Markup:
        return hooks.snippets(place=place, context=context)

    def dialogue_tabs(dialogue) -> list:
        viewer = Viewer.for_dialogue(current_user, dialogue)
        return hooks.dialogue_tabs(dialogue=dialogue, viewer=viewer)

    app.jinja_env.globals.update(
        nav_items=nav_items, snippet=snippet, can=can, label=label, dialogue_tabs=dialogue_tabs
    )
    app.jinja_env.filters.update(
        local_date=local_date,
        local_time=local_time,
        iso=_iso,
        paragraphs=paragraphs,
        markdown=to_html,
        markdown_text=to_text,
    )


def local_date(moment: datetime, zone: str) -> str:
    """``17 November 2025`` in the given IANA zone."""

    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {local:%B %Y}"


def local_time(moment: datetime, zone: str) -> str:
    """``09:30 WIB`` in the given IANA zone, with the zone's abbreviation."""

    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%H:%M} {local.tzname()}"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines, whatever the line endings."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]

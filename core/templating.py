"""What every template can use: navigation, plugin snippets, dates in a dialogue's timezone."""

# ruff: noqa: RUF001, RUF002 (spans of dates and times are printed with en dashes)

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, url_for
from flask_login import current_user
from markupsafe import Markup

from core.auth import can
from core.hooks import Hooks
from core.markdown import to_html, to_text
from core.models.enums import label
from core.timezones import choices, place, utc_offset
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
        nav_items=nav_items,
        snippet=snippet,
        can=can,
        label=label,
        dialogue_tabs=dialogue_tabs,
        zone_choices=zone_choices,
    )
    app.jinja_env.filters.update(
        local_date=local_date,
        local_time=local_time,
        time_span=time_span,
        zone_name=zone_name,
        date_span=date_span,
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
    """``09:30 (Jakarta, UTC+7)`` in the given IANA zone: its city and the offset then."""

    return f"{moment.astimezone(ZoneInfo(zone)):%H:%M} ({zone_name(moment, zone)})"


def time_span(start: datetime, end: datetime, zone: str) -> str:
    """``09:00–10:30 (Jakarta, UTC+7)``; each time with its own offset if the clocks change
    in between: ``01:30 (Brussels, UTC+2)–04:00 (Brussels, UTC+1)``."""

    if zone_name(start, zone) != zone_name(end, zone):
        return f"{local_time(start, zone)}–{local_time(end, zone)}"
    tz = ZoneInfo(zone)
    return f"{start.astimezone(tz):%H:%M}–{end.astimezone(tz):%H:%M} ({zone_name(start, zone)})"


def zone_name(moment: datetime, zone: str) -> str:
    """``Jakarta, UTC+7``: the zone's city and its offset at ``moment`` (summer time or not);
    ``UTC`` alone for UTC."""

    offset = utc_offset(moment.astimezone(ZoneInfo(zone)))
    city = place(zone)
    if not city:
        return "UTC" if offset == "UTC+0" else offset
    return f"{city}, {offset}"


def _date_parts(start: datetime, end: datetime, zone: str) -> list[tuple[datetime, str]]:
    """The local days a dialogue runs, each with what is printed of it: ``17`` and
    ``18 November 2025``, ``30 November`` and ``1 December 2025``, or one day whole."""

    first, last = (moment.astimezone(ZoneInfo(zone)) for moment in (start, end))
    whole = f"{last.day} {last:%B %Y}"
    if first.date() >= last.date():
        return [(first, f"{first.day} {first:%B %Y}")]
    if (first.year, first.month) == (last.year, last.month):
        return [(first, str(first.day)), (last, whole)]
    if first.year == last.year:
        return [(first, f"{first.day} {first:%B}"), (last, whole)]
    return [(first, f"{first.day} {first:%B %Y}"), (last, whole)]


def _dash(parts: list) -> str:
    """An en dash, spaced between two dates that both name a month."""
    return "–" if parts[0][1].isdigit() else " – "


def date_range(start: datetime, end: datetime, zone: str) -> str:
    """``17–18 November 2025``, ``30 November – 1 December 2025`` or ``17 November 2025``:
    the days from ``start`` to ``end`` in the given IANA zone, as plain text."""

    parts = _date_parts(start, end, zone)
    return _dash(parts).join(text for _day, text in parts)


def date_span(start: datetime, end: datetime, zone: str) -> Markup:
    """``date_range`` for a page, each date in a ``<time>`` element. In a template:
    ``{{ d.starts_at|date_span(d.ends_at, d.timezone) }}``."""

    parts = _date_parts(start, end, zone)
    return Markup(_dash(parts)).join(
        Markup('<time datetime="{}">{}</time>').format(day.date().isoformat(), text)
        for day, text in parts
    )


def zone_choices() -> list[tuple[str, str]]:
    """The zones a timezone box offers, ``(IANA name, label)``, with this year's offsets."""

    return choices(datetime.now(UTC).year)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines, whatever the line endings."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]

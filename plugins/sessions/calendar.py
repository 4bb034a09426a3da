"""iCalendar documents of a programme, built with the icalendar library.

Every event carries a UID that never changes, DTSTAMP and LAST-MODIFIED from the release that
last changed it (so that an unchanged feed is byte for byte the same, and its ETag too), the
SEQUENCE of that release, times with the dialogue's TZID and a VTIMEZONE for it. People are
named in the description only as the viewer may see them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any

from flask import current_app, request, url_for
from icalendar import Calendar, Event, Timezone

from core.plugin_api import Dialogue
from plugins.sessions import event_cache
from plugins.sessions.models import SessionRole
from plugins.sessions.people import People
from plugins.sessions.releases import Released

ROLE_HEADINGS = {
    SessionRole.CHAIR: "Chairs",
    SessionRole.MODERATOR: "Moderators",
    SessionRole.SPEAKER: "Speakers",
    SessionRole.RAPPORTEUR: "Rapporteurs",
}


def uid(kind: str, id_: int) -> str:
    """A UID unique to this Parley and the same whatever host name the feed is read under:
    the kind of record, its id and the site's domain (``PARLEY_CALENDAR_UID_DOMAIN``, else
    ``PARLEY_SERVER_NAME``, else a name derived from the instance's secret key)."""
    return f"parley-{kind}-{id_}@{uid_domain()}"


def uid_domain() -> str:
    config = current_app.config
    domain = config.get("CALENDAR_UID_DOMAIN") or config.get("SERVER_NAME")
    if domain:
        return str(domain).split(":")[0]
    digest = hashlib.sha256(b"parley-calendar-uid:" + _key_bytes(config["SECRET_KEY"]))
    return f"{digest.hexdigest()[:16]}.parley"


def _key_bytes(key: str | bytes) -> bytes:
    return key if isinstance(key, bytes) else key.encode()


def new_calendar(name: str, timezone: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Parley//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if timezone:
        calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def where(dialogue: Dialogue, session: Released) -> str:
    place = [dialogue.venue, dialogue.city, dialogue.country]
    if session.room:
        return ", ".join(part for part in [session.room, *place] if part)
    if session.online_url:
        return "Online"
    return ", ".join(part for part in place if part)


def description(session: Released, people: People, online: bool, page: str) -> str:
    lines = [session.kind_label + (f": {session.thematic_area}" if session.thematic_area else "")]
    for role, heading in ROLE_HEADINGS.items():
        names = people.labels(session.ids(role))
        if names:
            lines.append(f"{heading}: {'; '.join(names)}")
    if session.chatham_house:
        lines.append("Held under the Chatham House rule.")
    if session.description:
        lines += ["", session.description]
    if online and session.online_url:
        lines += ["", f"Join online: {session.online_url}"]
    lines += ["", page]
    return "\n".join(lines)


def session_event(dialogue: Dialogue, session: Released, people: People, *, online: bool) -> Event:
    """``session`` as a VEVENT; ``online`` says whether its online link may be shown."""
    page = url_for(
        "sessions.session_page", slug=dialogue.slug, session_id=session.id, _external=True
    )
    event = Event()
    event.add("uid", uid("session", session.id))
    event.add("dtstamp", session.modified_at)
    event.add("last-modified", session.modified_at)
    event.add("sequence", session.sequence)
    event.add("dtstart", dialogue.local(session.starts_at))
    event.add("dtend", dialogue.local(session.ends_at))
    event.add("summary", session.title)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    event.add("categories", [session.kind_label])
    event.add("location", where(dialogue, session))
    event.add("url", page)
    event.add("description", description(session, people, online, page))
    event.add("class", "PUBLIC")
    return event


def dialogue_event(dialogue: Dialogue) -> Event:
    """A dialogue as one event: all-day when it spans several days at the venue, as calendars
    show conferences; with its times when it is held within one day."""
    first, last = dialogue.local(dialogue.starts_at), dialogue.local(dialogue.ends_at)
    event = Event()
    event.add("uid", uid("dialogue", dialogue.id))
    event.add("dtstamp", dialogue.updated_at)
    event.add("last-modified", dialogue.updated_at)
    if first.date() == last.date():
        event.add("dtstart", first)
        event.add("dtend", last)
    else:
        event.add("dtstart", first.date())
        event.add("dtend", last.date() + timedelta(days=1))  # DTEND of a date is exclusive
        event.add("transp", "TRANSPARENT")
    event.add("summary", dialogue.title)
    event.add("status", "CONFIRMED")
    place = ", ".join(p for p in [dialogue.venue, dialogue.city, dialogue.country] if p)
    if place:
        event.add("location", place)
    page = url_for("dialogues.show", slug=dialogue.slug, _external=True)
    event.add("url", page)
    event.add("description", "\n\n".join(p for p in [dialogue.theme, page] if p))
    return event


def cached_events(
    dialogue: Dialogue, sessions: list[Released], people: People, online: Callable[[Released], bool]
) -> list[bytes]:
    """Each session's VEVENT, serialised, from the cache or made now.

    An entry's key is the hash of everything ``session_event`` puts into the event: the site
    and the dialogue's place and zone; the session's id, ``sequence`` and time of change (a
    release changes them whenever the session's content changes, so they stand for it); the
    names as the viewer sees them; whether the online link is shown.
    """
    # the site as the reader reaches it (scheme and host: the event's URL holds them), and the
    # domain of its UID
    place = (
        request.host_url,
        uid_domain(),
        dialogue.slug,
        dialogue.timezone,
        dialogue.venue,
        dialogue.city,
    )
    prefix = json.dumps([*place, dialogue.country])
    # the names as JSON strings, joined as JSON arrays: an unambiguous text, built without
    # encoding each session's lists again. Which participation holds which role is part of
    # the session's content, which its id, sequence and time of change stand for.
    encoded = people.encoded()
    missing = "null"  # a participation that no longer exists names nobody
    key = event_cache.key
    wanted = []
    for session in sessions:
        names = "],[".join(
            ",".join([encoded.get(pid, missing) for pid in ids]) for ids in session.people.values()
        )
        shown = online(session)
        version = f"{session.id}|{session.sequence}|{session.modified_at.isoformat()}|{shown}"
        wanted.append(
            (
                key(prefix, version, f"[[{names}]]"),
                partial(_serialised, dialogue, session, people, shown),
            )
        )
    return event_cache.bodies(wanted)


def _serialised(dialogue: Dialogue, session: Released, people: People, online: bool) -> bytes:
    return session_event(dialogue, session, people, online=online).to_ical()


@lru_cache(maxsize=64)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``tzid`` for whole years (a pure function of the zone rules)."""
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    ).to_ical()


def assemble(
    calendar: Calendar,
    moments: Iterable[datetime | date],
    events: list[bytes],
    extra: Iterable[Any] = (),
) -> bytes:
    """The calendar with a VTIMEZONE for every TZID its events use (covering their dates, a
    year either side), the serialised ``events`` and ``extra`` components."""
    extra = list(extra)
    years = [m.year for m in moments]
    probe = Calendar()
    for component in extra:
        probe.add_component(component)
    tzids = set(probe.get_used_tzids())
    if events:
        tzids |= {calendar.get("x-wr-timezone")} - {None}
    parts = [vtimezone(str(tzid), min(years) - 1, max(years) + 1) for tzid in sorted(tzids)]
    parts += events
    parts += [component.to_ical() for component in extra]
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(parts) + b"END:VCALENDAR" + end


def finish(calendar: Calendar, moments: Iterable[datetime | date]) -> bytes:
    """Add a VTIMEZONE for every TZID used, covering the calendar's dates, and serialise."""
    days = [m.date() if isinstance(m, datetime) else m for m in moments]
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return calendar.to_ical()

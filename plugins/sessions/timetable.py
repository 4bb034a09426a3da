"""The released programme laid out for a page: one table per day at the venue, each session
with its people as the viewer may see them and, on request, its times in another zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.models import Category, Dialogue
from core.models.enums import label
from core.templating import zone_name
from plugins.sessions.access import Access
from plugins.sessions.models import SessionRole
from plugins.sessions.people import People
from plugins.sessions.releases import Released


@dataclass(frozen=True)
class Row:
    session: Released
    local_start: datetime
    local_end: datetime
    other_start: datetime | None
    other_end: datetime | None
    people: dict[SessionRole, list[str]]
    online_url: str | None

    @property
    def days_later(self) -> int:
        """How many days after the start (at the venue) the session ends."""
        return (self.local_end.date() - self.local_start.date()).days


@dataclass(frozen=True)
class Day:
    day: date
    rows: list[Row]
    # the zones of the day's columns in words, "Jakarta, UTC+7", with the offsets of that day
    zone: str
    other_zone: str | None

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"

    @property
    def heading(self) -> str:
        return f"{self.day:%A} {self.day.day} {self.day:%B %Y}"


def programme_days(dialogue: Dialogue, sessions: list[Released]) -> list[date]:
    """Every day of the dialogue at the venue, and any other day a session falls on."""
    first, last = dialogue.local(dialogue.starts_at).date(), dialogue.local(dialogue.ends_at).date()
    days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    return sorted(days | {dialogue.local(s.starts_at).date() for s in sessions})


def choose_days(days: list[date], wanted: str | None, today: date) -> list[date]:
    """The days a timetable page shows: ``wanted`` ("all", or a date as 2025-11-17), else
    today while the dialogue lasts, else its first day."""
    if wanted == "all":
        return days
    try:
        chosen = date.fromisoformat(wanted or "")
    except ValueError:
        chosen = today
    return [chosen] if chosen in days else days[:1]


def eligibility(session: Released) -> str:
    """Who may attend and speak, in plain words ("" when everyone may)."""
    parts = []
    for heading, chosen in (("Open to", session.attend), ("Speaking", session.speak)):
        if chosen:
            names = ", ".join(label(c) for c in Category if c.value in chosen)
            parts.append(f"{heading}: {names}.")
    return " ".join(parts)


def lay_out(
    dialogue: Dialogue,
    days: list[date],
    sessions: list[Released],
    people: People,
    *,
    other_zone: str | None,
    access: Access,
) -> list[Day]:
    """``days`` with the sessions (of ``sessions``) that start on each, in order; online links
    only where ``access`` allows."""
    zone = ZoneInfo(other_zone) if other_zone else None
    by_day: dict[date, list[Row]] = {day: [] for day in days}
    for session in sessions:
        start, end = dialogue.local(session.starts_at), dialogue.local(session.ends_at)
        if start.date() not in by_day:
            continue
        by_day[start.date()].append(
            Row(
                session=session,
                local_start=start,
                local_end=end,
                other_start=session.starts_at.astimezone(zone) if zone else None,
                other_end=session.ends_at.astimezone(zone) if zone else None,
                people={role: people.labels(session.ids(role)) for role in SessionRole},
                online_url=session.online_url if access.may_join(session) else None,
            )
        )
    return [
        Day(day, rows, *_zone_names(dialogue, day, other_zone))
        for day, rows in sorted(by_day.items())
    ]


def _zone_names(dialogue: Dialogue, day: date, other_zone: str | None) -> tuple[str, str | None]:
    """The venue's zone and ``other_zone`` in words at noon of ``day`` at the venue: summer
    time or not as on that day. A session at another offset (the night the clocks change)
    says its own."""
    noon = datetime.combine(day, time(12), dialogue.zone)
    other = zone_name(noon, other_zone) if other_zone else None
    return zone_name(noon, dialogue.timezone), other

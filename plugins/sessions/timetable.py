"""The released programme laid out for a page: one table per day at the venue, each session
with its people as the viewer may see them and, on request, its times in another zone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.plugin_api import Category, Dialogue, label, zone_name
from plugins.sessions.access import Access
from plugins.sessions.models import SessionRole
from plugins.sessions.people import People
from plugins.sessions.releases import Released

# what each role is called over the names of the people who hold it, one and several
ROLE_HEADINGS = {
    SessionRole.CHAIR: ("Chair", "Chairs"),
    SessionRole.MODERATOR: ("Moderator", "Moderators"),
    SessionRole.SPEAKER: ("Speaker", "Speakers"),
    SessionRole.RAPPORTEUR: ("Rapporteur", "Rapporteurs"),
}


@dataclass(frozen=True)
class Row:
    session: Released
    local_start: datetime
    local_end: datetime
    other_start: datetime | None
    other_end: datetime | None
    people: dict[SessionRole, list[str]]
    online_url: str | None
    # who may attend and speak in words (``eligibility``), "" when everyone may
    eligibility: str = ""
    # the session's zone in words where its offset is not its day's column's (the night the
    # clocks change), at the venue and in the other zone; else None
    own_zone: str | None = None
    other_own_zone: str | None = None

    @property
    def days_later(self) -> int:
        """How many days after the start (at the venue) the session ends."""
        return (self.local_end.date() - self.local_start.date()).days

    @property
    def who(self) -> list[tuple[str, str]]:
        """Each role held, as its heading ("Speakers") and the names joined ("A; B")."""
        return [
            (ROLE_HEADINGS[role][len(names) > 1], "; ".join(names))
            for role, names in self.people.items()
            if names
        ]


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


def programme_days(dialogue: Dialogue, session_days: Iterable[date]) -> list[date]:
    """Every day of the dialogue at the venue, and any other day a session falls on."""
    venue = dialogue.zone
    first, last = (
        moment.astimezone(venue).date() for moment in (dialogue.starts_at, dialogue.ends_at)
    )
    days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    return sorted(days | set(session_days))


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
    return _eligibility(session.attend, session.speak)


@lru_cache(maxsize=256)
def _eligibility(attend: tuple[str, ...], speak: tuple[str, ...]) -> str:
    """Worded once per distinct choice of categories, not once per session."""
    parts = []
    for heading, chosen in (("Open to", attend), ("Speaking", speak)):
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
    only where ``access`` allows.

    The zones are worked out once per day (its columns' offsets at noon); a session's own
    zone is worded only when its offset differs from its column's."""
    venue = dialogue.zone
    zone = ZoneInfo(other_zone) if other_zone else None
    columns = {day: _Columns(dialogue, day, other_zone) for day in days}
    by_day: dict[date, list[Row]] = {day: [] for day in days}
    roles = list(SessionRole)
    for session in sessions:
        start = session.starts_at.astimezone(venue)
        column = columns.get(start.date())
        if column is None:
            continue
        other_start = session.starts_at.astimezone(zone) if zone else None
        by_day[start.date()].append(
            Row(
                session=session,
                local_start=start,
                local_end=session.ends_at.astimezone(venue),
                other_start=other_start,
                other_end=session.ends_at.astimezone(zone) if zone else None,
                people={role: people.labels(session.ids(role)) for role in roles},
                online_url=session.online_url if access.may_join(session) else None,
                eligibility=_eligibility(session.attend, session.speak),
                own_zone=column.own(start, dialogue.timezone),
                other_own_zone=column.other_own(other_start, other_zone),
            )
        )
    return [
        Day(day, rows, columns[day].zone, columns[day].other_zone)
        for day, rows in sorted(by_day.items())
    ]


class _Columns:
    """The venue's zone and ``other_zone`` in words at noon of ``day`` at the venue: summer
    time or not as on that day. A session at another offset (the night the clocks change)
    says its own."""

    def __init__(self, dialogue: Dialogue, day: date, other_zone: str | None) -> None:
        noon = datetime.combine(day, time(12), dialogue.zone)
        self.zone = zone_name(noon, dialogue.timezone)
        self.offset = noon.utcoffset()
        self.other_zone = zone_name(noon, other_zone) if other_zone else None
        self.other_offset = (
            noon.astimezone(ZoneInfo(other_zone)).utcoffset() if other_zone else None
        )

    def own(self, start: datetime, zone: str) -> str | None:
        return self._differing(start, zone, self.offset, self.zone)

    def other_own(self, start: datetime | None, zone: str | None) -> str | None:
        if start is None or zone is None:
            return None
        return self._differing(start, zone, self.other_offset, self.other_zone)

    @staticmethod
    def _differing(
        start: datetime, zone: str, offset: timedelta | None, words: str | None
    ) -> str | None:
        if start.utcoffset() == offset:
            return None
        here = zone_name(start, zone)
        return here if here != words else None

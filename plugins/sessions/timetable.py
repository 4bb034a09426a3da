"""The released programme laid out for a page: one table per day at the venue, each session
with its people as the viewer may see them and, on request, its times in another zone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.models import Category, Dialogue
from core.models.enums import label
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

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"

    @property
    def heading(self) -> str:
        return f"{self.day:%A} {self.day.day} {self.day:%B %Y}"


def dialogue_days(dialogue: Dialogue) -> list[date]:
    first, last = dialogue.local(dialogue.starts_at).date(), dialogue.local(dialogue.ends_at).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


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
    sessions: list[Released],
    people: People,
    *,
    other_zone: str | None,
    access: Access,
) -> list[Day]:
    """Every day of the dialogue (and any day a session falls on) with its sessions in order;
    online links only where ``access`` allows."""
    zone = ZoneInfo(other_zone) if other_zone else None
    by_day: dict[date, list[Row]] = defaultdict(list)
    for day in dialogue_days(dialogue):
        by_day[day] = []
    for session in sessions:
        start, end = dialogue.local(session.starts_at), dialogue.local(session.ends_at)
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
    return [Day(day, rows) for day, rows in sorted(by_day.items())]

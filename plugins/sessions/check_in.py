"""The sessions as check-in points: a dialogue whose organisers check in per session admits
people to each session of the released programme (what the public saw), cancelled ones left
out."""

from __future__ import annotations

from core.plugin_api import CheckInPoint, Dialogue, hookimpl
from plugins.sessions import releases


@hookimpl
def collect_check_in_points(dialogue: Dialogue) -> list[CheckInPoint]:
    _released_at, sessions = releases.latest_sessions(dialogue.id)  # one query
    return [
        CheckInPoint(key=f"session:{s.id}", label=s.title, starts_at=s.starts_at, ends_at=s.ends_at)
        for s in sorted(sessions, key=lambda s: (s.starts_at, s.ends_at, s.id))
        if not s.cancelled
    ]

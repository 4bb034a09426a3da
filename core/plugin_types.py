"""The values hooks exchange between the core and the plugins, and the hook marker.

They live apart from ``core.plugin_api`` because the core's own modules (the hook facade, the gate,
the hookspecs) need them at import time, while ``core.plugin_api`` imports those modules to offer
their actions to plugins: both import from here, and nothing here imports the core. Plugins take
them from ``core.plugin_api``, which re-exports every name.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import pluggy

PROJECT = "parley"
hookimpl = pluggy.HookimplMarker(PROJECT)


class GateStep(StrEnum):
    """The steps of a participation that plugins are asked about before they happen."""

    INVITE = "invite"
    REGISTER = "register"
    ACCREDIT = "accredit"
    # a screened field of the person or organisation (name, name in own script, nationality,
    # organisation) is about to change, asked for each live participation before the commit
    CHANGE = "change"
    # the holder of a badge is at the door
    CHECK_IN = "check-in"


@dataclass(frozen=True)
class Finding:
    """Something a plugin found about a participation at a gate.

    A ``blocking`` finding stops the step; the others are shown to the organiser.
    ``message`` is written for the organiser, in plain words.
    """

    source: str
    code: str
    message: str
    blocking: bool = False
    score: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        """The finding as JSON-ready data, as a participation keeps it for review."""
        return asdict(self)


@dataclass(frozen=True)
class NavItem:
    """A link in the site navigation. ``permission`` is checked with ``core.auth.can``."""

    label: str
    endpoint: str
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class Tab:
    """A tab on a dialogue page."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class SessionSummary:
    """A session of a dialogue as other plugins see it (``collect_sessions``).

    ``chairs``, ``speakers`` and ``rapporteurs`` hold participation ids, so that whoever shows
    them goes through the visibility function. Times are UTC.
    """

    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    status: str = "scheduled"
    chatham_house: bool = False
    chairs: tuple[int, ...] = ()
    speakers: tuple[int, ...] = ()
    rapporteurs: tuple[int, ...] = ()


@dataclass(frozen=True)
class CheckInPoint:
    """Something the desk can check people in to, besides a day: a session
    (``collect_check_in_points``). ``key`` is stable and unique in the dialogue
    (``session:12``); ``label`` is what the desk reads; times are UTC."""

    key: str
    label: str
    starts_at: datetime
    ends_at: datetime

"""What a Parley plugin imports: the hook marker, the values hooks exchange with the core, and
the few core actions a plugin takes (suspending and reinstating accreditations, releasing held
invitations, asking which people and organisations a user may pick)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from core.models import Invitation, Participation, User
    from core.registry_scope import RegistryScope

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


def suspend_holders(
    *,
    person_id: int | None = None,
    organisation_id: int | None = None,
    actor: User | None,
    reason_code: str,
) -> list[Participation]:
    """Suspend the accreditations of a person or with an organisation held by a decision the
    plugin just took (a confirmed match): badges revoked, places kept, organisers e-mailed,
    audited. Commits the plugin's pending work with them. See ``core.participation.suspension``.
    """
    from core.participation.suspension import suspend_holders as suspend

    return suspend(
        person_id=person_id, organisation_id=organisation_id, actor=actor, reason_code=reason_code
    )


def reinstate_holders(
    *, person_id: int | None = None, organisation_id: int | None = None, actor: User | None
) -> list[Participation]:
    """Accredit again, through the gate, the suspended participations of a person or with an
    organisation once the plugin lets them go (an override agreed). Commits each."""
    from core.participation.suspension import reinstate_holders as reinstate

    return reinstate(person_id=person_id, organisation_id=organisation_id, actor=actor)


def release_held_invitations(
    *, person_id: int | None = None, organisation_id: int | None = None, actor: User | None
) -> list[Invitation]:
    """Ask the gate again for the held invitations of a person or of or with an organisation
    once the plugin decided on what held them (a screening review): sent when nothing stops
    them any more, held with the new reason otherwise. Commits each; returns those sent."""
    from core.participation.invitations import release_held_invitations as release

    return release(person_id=person_id, organisation_id=organisation_id, actor=actor)


def registry_scope(user: User | None) -> RegistryScope:
    """The people and organisations ``user`` may pick or look up (``person_ids()``,
    ``organisation_ids()``, ``allowed_people(ids)``...): every plugin's picker of people or
    organisations outside one dialogue's own participations asks it. See
    ``core.registry_scope``."""
    from core.registry_scope import registry_scope as scope

    return scope(user)

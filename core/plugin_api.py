"""Everything a Parley plugin imports from the core, and the only module it may import from it.

An import-linter contract (``.importlinter``, run by ``tests/test_import_contract.py``) keeps it
so: a plugin that needs something else of the core adds it here, documented, rather than reaching
into the core's modules, so that the core can move its internals without breaking a plugin.

The names come in groups (see ``__all__``): the hook marker and the values hooks exchange
(defined in ``core.plugin_types``), the database and the core's models, the visibility rule,
permissions, the dialogue loader, forms, audit, the outbox, templating and text helpers, the hook
facade, and the few actions a plugin takes on participations.

Import order matters once: ``core.hooks``, ``core.gate`` and the hookspecs import the value types
at import time, and several modules re-exported below import ``core.hooks``. The value types are
therefore bound first, from ``core.plugin_types`` which imports nothing of the core, so that a
module reached from here that asks this module for them while it is still loading finds them.
"""

# ruff: noqa: I001 — the value types must be bound before the modules that import core.hooks

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.plugin_types import (
    PROJECT,
    CheckInPoint,
    Finding,
    GateStep,
    NavItem,
    SessionSummary,
    Tab,
    hookimpl,
)

from core import audit
from core.auth.permissions import can, require, require_dialogue
from core.db import Base, UTCDateTime, db_session, utcnow
from core.forms import (
    CheckboxesField,
    HiddenIntegerField,
    ParleyForm,
    choices,
    form_page,
    to_local,
    to_utc,
)
from core.input_guards import MAX_ID
from core.links import external_url
from core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, MARKDOWN_HINT
from core.markdown import parser as markdown_parser
from core.markdown import to_html as markdown_to_html
from core.models import (
    ENDED,
    Category,
    Dialogue,
    DialogueStatus,
    Grant,
    Invitation,
    InvitationState,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    Series,
    User,
    Visibility,
    open_dialogue_ids,
)
from core.models.enums import enum_column, label
from core.outbox.queue import check_address, queue
from core.participation.rows import ParticipantRow, participant_rows
from core.registry_scope import RegistryScope, registry_scope
from core.sealed import keyed_digest, seal, unseal
from core.spreadsheets import formula_safe
from core.timezones import known_zone
from core.visibility import (
    TAKING_PART,
    Standing,
    Viewer,
    describe_role,
    view_participation,
)

if TYPE_CHECKING:
    from core.dialogues.views import load_visible
    from core.gate import GateBlocked, blocked_event
    from core.hooks import hooks
    from core.participation.invitations import release_held_invitations
    from core.participation.suspension import reinstate_holders, suspend_holders
    from core.templating import date_range, time_span, zone_choices, zone_name

record_audit = audit.record
"""Write an audit entry (who, when, what, why) in the caller's transaction (``core.audit``)."""

# Names whose modules import ``core.hooks`` at import time. ``core.hooks``, ``core.gate``,
# ``core.plugins`` and ``core.participation.registration`` still import the value types from this
# module rather than from ``core.plugin_types``, and ``core.hooks`` is loaded (through ``core.app``)
# before any of these modules is complete; so they are bound on first use, by ``__getattr__``,
# when the core is loaded. Once those four import ``core.plugin_types``, this module imports them
# at the top with the rest and ``__getattr__`` goes.
_BOUND_ON_FIRST_USE = frozenset(
    {
        "GateBlocked",
        "blocked_event",
        "date_range",
        "hooks",
        "load_visible",
        "reinstate_holders",
        "release_held_invitations",
        "suspend_holders",
        "time_span",
        "zone_choices",
        "zone_name",
    }
)


def __getattr__(name: str) -> Any:
    """Bind the names of ``_BOUND_ON_FIRST_USE`` (see there why) the first time one is asked."""
    if name not in _BOUND_ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # the one exception to module-level imports in the core, explained above _BOUND_ON_FIRST_USE
    from core.dialogues.views import load_visible  # noqa: PLC0415
    from core.gate import GateBlocked, blocked_event  # noqa: PLC0415
    from core.hooks import hooks  # noqa: PLC0415
    from core.participation.invitations import release_held_invitations  # noqa: PLC0415
    from core.participation.suspension import reinstate_holders, suspend_holders  # noqa: PLC0415
    from core.templating import date_range, time_span, zone_choices, zone_name  # noqa: PLC0415

    bound = {
        "GateBlocked": GateBlocked,
        "blocked_event": blocked_event,
        "date_range": date_range,
        "hooks": hooks,
        "load_visible": load_visible,
        "reinstate_holders": reinstate_holders,
        "release_held_invitations": release_held_invitations,
        "suspend_holders": suspend_holders,
        "time_span": time_span,
        "zone_choices": zone_choices,
        "zone_name": zone_name,
    }
    globals().update(bound)
    return bound[name]


__all__ = [  # noqa: RUF022 — grouped by what a plugin does with them
    # hooks: the marker and the values exchanged with the core (core.plugin_types)
    "PROJECT",
    "CheckInPoint",
    "Finding",
    "GateStep",
    "NavItem",
    "SessionSummary",
    "Tab",
    "hookimpl",
    # calling other plugins through the core's facade: hooks().sessions(dialogue=...)
    "hooks",
    # database: the session of the request or command, the plugin tables' base and types
    "Base",
    "UTCDateTime",
    "db_session",
    "enum_column",
    "label",
    "utcnow",
    # the core's models a plugin reads or links its tables to
    "ENDED",
    "Category",
    "Dialogue",
    "DialogueStatus",
    "Grant",
    "Invitation",
    "InvitationState",
    "Organisation",
    "Participation",
    "ParticipationStatus",
    "Person",
    "Role",
    "Series",
    "User",
    "Visibility",
    "open_dialogue_ids",
    # visibility: the one rule for what a viewer may see of a participation
    "TAKING_PART",
    "ParticipantRow",
    "Standing",
    "Viewer",
    "describe_role",
    "participant_rows",
    "view_participation",
    # permissions and the dialogue a request may see
    "can",
    "load_visible",
    "require",
    "require_dialogue",
    # forms: the base class with CSRF and the core's error summary, fields and the page helper
    "CheckboxesField",
    "HiddenIntegerField",
    "MAX_ID",
    "ParleyForm",
    "choices",
    "form_page",
    "to_local",
    "to_utc",
    # audit and the gate's record of a stopped step
    "GateBlocked",
    "blocked_event",
    "record_audit",
    # the outbox: e-mail queued in the caller's transaction
    "check_address",
    "queue",
    # templating and text: dates and zones as pages show them, Markdown, links, seals, CSV
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "MARKDOWN_HINT",
    "date_range",
    "external_url",
    "formula_safe",
    "keyed_digest",
    "known_zone",
    "markdown_parser",
    "markdown_to_html",
    "seal",
    "time_span",
    "unseal",
    "zone_choices",
    "zone_name",
    # actions on participations a plugin's decision leads to (each commits)
    "RegistryScope",
    "registry_scope",
    "reinstate_holders",
    "release_held_invitations",
    "suspend_holders",
]

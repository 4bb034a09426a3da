"""Everything a Parley plugin imports from the core, and the only module it may import from it.

An import-linter contract (``.importlinter``, run by ``tests/test_import_contract.py``) keeps it
so: a plugin that needs something else of the core adds it here, documented, rather than reaching
into the core's modules, so that the core can move its internals without breaking a plugin.

The names come in groups (see ``__all__``): the hook marker and the values hooks exchange
(defined in ``core.plugin_types``), the database and the core's models, the visibility rule,
permissions, the dialogue loader, forms, audit, the outbox, templating and text helpers, the hook
facade, and the few actions a plugin takes on participations.
"""

from __future__ import annotations

from core import audit
from core.auth.permissions import can, require, require_dialogue
from core.db import Base, UTCDateTime, db_session, utcnow
from core.dialogues.loading import load_visible
from core.forms import (
    CheckboxesField,
    HiddenIntegerField,
    ParleyForm,
    choices,
    form_page,
    to_local,
    to_utc,
)
from core.gate import GateBlocked, blocked_event
from core.hooks import hooks
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
from core.participation.invitations import release_held_invitations
from core.participation.rows import ParticipantRow, participant_rows
from core.participation.suspension import reinstate_holders, suspend_holders
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
from core.registry_scope import RegistryScope, registry_scope
from core.sealed import keyed_digest, seal, unseal
from core.spreadsheets import formula_safe
from core.templating import date_range, time_span, zone_choices, zone_name
from core.timezones import known_zone
from core.visibility import (
    TAKING_PART,
    Standing,
    Viewer,
    describe_role,
    view_participation,
)

record_audit = audit.record
"""Write an audit entry (who, when, what, why) in the caller's transaction (``core.audit``)."""

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

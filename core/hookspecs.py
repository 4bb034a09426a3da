"""Hook specifications of Parley. Specs only: implementations live in plugins.

Every spec documents each argument under ``Args:``, says when it is called and whether its
results are collected from every plugin or the first answer wins (a test enforces this).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from core.plugin_types import (
    PROJECT,
    CheckInPoint,
    Finding,
    GateStep,
    NavItem,
    SessionSummary,
    Tab,
)

if TYPE_CHECKING:
    import click
    from flask import Blueprint
    from markupsafe import Markup

    from core.models import (
        Dialogue,
        Organisation,
        Participation,
        ParticipationStatus,
        Person,
        User,
    )
    from core.visibility import Viewer

hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def register_blueprints(register: Callable[[Blueprint], None]) -> None:
    """Add Flask blueprints (pages, feeds) to the application.

    Called once by ``create_app``; every plugin is asked.

    Args:
        register: call it with each ``flask.Blueprint`` to mount.
    """


@hookspec
def register_commands(register: Callable[[click.Command], None]) -> None:
    """Add commands to the ``parley`` command line.

    Called once by ``create_app``; every plugin is asked.

    Args:
        register: call it with each ``click.Command`` or ``click.Group``.
    """


@hookspec
def register_migrations(register: Callable[[Path], None]) -> None:
    """Contribute a folder of Alembic revisions forming the plugin's own branch.

    Called whenever migrations run; every plugin is asked. The branch's first revision carries
    ``branch_labels = ("<plugin name>",)`` and ``depends_on`` a core revision.

    Args:
        register: call it with the folder's ``pathlib.Path``.
    """


@hookspec
def register_navigation(register: Callable[[NavItem], None]) -> None:
    """Add links to the site navigation.

    Called once by ``create_app``; every plugin is asked. Items whose permission the viewer
    lacks are not shown.

    Args:
        register: call it with each ``core.plugin_api.NavItem``.
    """


@hookspec
def register_dialogue_tabs(
    register: Callable[[Tab], None], dialogue: Dialogue, viewer: Viewer
) -> None:
    """Add tabs to a dialogue's page.

    Called on every request for a dialogue page; every plugin is asked. Use no more than a
    fixed number of queries here: the page's query count must not grow with its size.

    Args:
        register: call it with each ``core.plugin_api.Tab``.
        dialogue: the ``Dialogue`` being shown.
        viewer: who is looking (``core.visibility.Viewer``); show a tab only if they may use it.
    """


@hookspec
def render_snippet(place: str, context: dict[str, Any]) -> Markup | str | None:
    """Return HTML to insert at a named place in a core template, or None.

    Called while a page renders; every plugin's answer is collected and joined in order.
    Places: ``head``, ``footer``, ``dialogue_summary`` (beside a dialogue's details),
    ``dialogue_sidebar``. A plain ``str`` is escaped; return ``Markup`` for HTML.

    Args:
        place: the name of the place in the template.
        context: what the template has there, e.g. ``{"dialogue": ..., "viewer": ...}``.
    """


@hookspec
def check_participation(
    step: GateStep, participation: Participation, actor: User | None
) -> list[Finding] | None:
    """Gate: report findings before a participation is invited, registered or accredited.

    Called before the step is saved; every plugin's findings are collected. A finding with
    ``blocking=True`` stops the step and its message is shown as the reason.

    Args:
        step: which step is about to happen (``GateStep``).
        participation: the participation as it would be saved (it may have no id yet).
        actor: the user taking the step, or None for a command-line or system action.
    """


@hookspec
def check_organisation(
    step: GateStep, organisation: Organisation, dialogue: Dialogue, actor: User | None
) -> list[Finding] | None:
    """Gate: report findings before an organisation is invited to a dialogue, or before a
    screened field of an organisation invited (its name, its country) changes.

    Called before the invitation is saved, sent or held, or before the change is committed;
    every plugin is asked and its findings are collected. Do not change the session here: what a
    plugin keeps of its findings, it keeps in ``on_organisation_gate_checked``. A finding with
    ``blocking=True`` holds the invitation (or stops the change) and its message is the reason.

    Args:
        step: the step that is about to happen (``GateStep.INVITE`` or ``GateStep.CHANGE``).
        organisation: the ``Organisation`` invited.
        dialogue: the ``Dialogue`` it is invited to.
        actor: the user inviting, or None for a command-line or system action.
    """


@hookspec
def collect_withheld_badges(participations: list[Participation]) -> list[int] | None:
    """Badges: name the participations whose holder the plugin would stop at the door now.

    Called by the badge pages and the badge sheet with every accredited or checked-in
    participation about to be shown, at once; every plugin's answers are collected, and a
    participation any plugin names shows no badge. Answer from what the plugin already holds
    (a confirmed match, an alert awaiting review) in a fixed number of queries, however many
    participations; save nothing. The door itself asks ``check_participation``.

    Args:
        participations: the ``Participation`` rows, with their person and organisation ids.
    """


@hookspec
def on_gate_checked(
    step: GateStep,
    participation: Participation,
    findings: list[Finding],
    blocked: bool,
    actor: User | None,
) -> None:
    """Event: the gate has answered; record what the plugin found, in the answer's transaction.

    Called after ``check_participation``: when the step goes ahead, just before the step is
    committed; when it is stopped, after the step's work was rolled back, in the transaction
    that records the stop in the audit log. Every plugin is told. Add rows to the session and
    do not commit; an error here stops a step that would go ahead. A stopped step stays
    stopped and audited: a plugin that fails then is rolled back to a savepoint of its own,
    logged, and audited as ``participation.findings_lost``.

    Args:
        step: the step that was asked about (``GateStep``).
        participation: the participation; when the step is stopped, a new one has no id.
        findings: every plugin's findings, blocking or not.
        blocked: True when a blocking finding stopped the step (for a change, stopped in any
            dialogue: the change is then stopped in every one).
        actor: the user taking the step, or None for a command-line or system action.
    """


@hookspec
def on_organisation_gate_checked(
    step: GateStep,
    organisation: Organisation,
    dialogue: Dialogue,
    findings: list[Finding],
    blocked: bool,
    actor: User | None,
) -> None:
    """Event: the organisation gate has answered; record what the plugin found, in the
    answer's transaction.

    Called after ``check_organisation``: in the transaction that saves the invitation, sent or
    held; for a change that was stopped, after the change was rolled back, in the transaction
    that records the stop. Every plugin is told. Add rows to the session and do not commit.
    When the step was stopped, a plugin that fails is rolled back to a savepoint of its own,
    logged, and audited as ``organisation.findings_lost``; the stop stands.

    Args:
        step: the step that was asked about (``GateStep``).
        organisation: the organisation, as it was screened.
        dialogue: the dialogue it is invited to.
        findings: every plugin's findings, blocking or not.
        blocked: True when a blocking finding stopped the step.
        actor: the user taking the step, or None for a command-line or system action.
    """


@hookspec
def on_participation_status_changed(
    participation: Participation,
    old_status: ParticipationStatus | None,
    new_status: ParticipationStatus,
    actor: User | None,
    reason: str,
) -> None:
    """Event: a participation's status changed and was committed.

    Called after the commit; every plugin is told; return values are ignored.

    Args:
        participation: the participation, with its new status.
        old_status: the status before, or None for a new participation.
        new_status: the status now.
        actor: the user who made the change, or None for a system action.
        reason: the reason given with the change (may be empty).
    """


@hookspec
def on_dialogue_published(dialogue: Dialogue, actor: User | None) -> None:
    """Event: a dialogue was published and the change committed.

    Called after the commit; every plugin is told; return values are ignored.

    Args:
        dialogue: the dialogue, now published.
        actor: the user who published it, or None for a system action.
    """


@hookspec
def collect_personal_data(person: Person) -> dict[str, Any] | None:
    """Return what the plugin holds about a person, for their data export, or None.

    Called when a person (or an organiser for them) downloads their data; every plugin's
    answer is collected and becomes a section of the export named after the plugin. Return
    JSON-ready values only (str, int, float, bool, None, lists and dicts of them).

    Args:
        person: the ``Person`` whose data is exported.
    """


@hookspec
def on_person_erased(person: Person, actor: User | None) -> None:
    """Event: a person's personal data is being erased; erase or anonymise the plugin's part.

    Called inside the erasure's transaction, before its commit, so that the plugin's part is
    erased together with the core's or not at all; every plugin is told. Do not commit.

    Args:
        person: the ``Person`` being erased; their fields are already anonymised, the id stays.
        actor: the user who asked for the erasure, or None for ``parley retention purge``.
    """


@hookspec
def load_demo_data() -> None:
    """Add the plugin's part of the demo data (``parley demo``).

    Called by ``parley demo`` after the core's demo data is loaded and flushed, inside the same
    transaction; every plugin is asked, in load order. Find the core's demo records by their
    slugs and names; running the command again must create nothing new. Do not commit.
    """


@hookspec
def collect_sessions(dialogue: Dialogue) -> list[SessionSummary] | None:
    """Return the sessions of a dialogue, for other plugins (the minutes read them), or None.

    Called whenever a plugin needs a dialogue's programme; every plugin's answer is collected
    and joined. Return sessions in programme order, cancelled ones included (with their status).

    Args:
        dialogue: the ``Dialogue`` whose sessions are wanted.
    """


@hookspec
def collect_calendar_components(dialogue: Dialogue, viewer: Viewer) -> list[Any] | None:
    """Return extra iCalendar components (``icalendar.Event``, ``icalendar.Todo``) for a
    dialogue's calendar feed, as ``viewer`` may see them, or None.

    Called while a dialogue's feed is built; every plugin's answer is collected and added to the
    feed. Every component needs a stable UID, and personal data goes through the visibility
    function. Use no more than a fixed number of queries.

    Args:
        dialogue: the ``Dialogue`` whose feed is built.
        viewer: who the feed is for (``core.visibility.Viewer``).
    """


@hookspec
def on_outcome_published(dialogue: Dialogue, version: int, actor: User | None) -> None:
    """Event: a version of a dialogue's outcome record was published and committed.

    Called after the commit; every plugin is told; return values are ignored.

    Args:
        dialogue: the ``Dialogue`` whose outcome record was published.
        version: the number of the published version.
        actor: the user who published it.
    """


@hookspec
def collect_check_in_points(dialogue: Dialogue) -> list[CheckInPoint] | None:
    """Return what the check-in desk may admit people to, other than a day (the sessions of
    a dialogue whose organisers check in per session), or None.

    Called by the check-in desk on every request; every plugin's answer is collected and
    joined. Return points in programme order, leaving out what no one can enter any more (a
    cancelled session); use no more than a fixed number of queries.

    Args:
        dialogue: the ``Dialogue`` whose desk is open.
    """

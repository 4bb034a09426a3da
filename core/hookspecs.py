"""Hook specifications of Parley. Specs only: implementations live in plugins.

Every spec documents each argument under ``Args:``, says when it is called and whether its
results are collected from every plugin or the first answer wins (a test enforces this).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from core.plugin_api import PROJECT, Finding, GateStep, NavItem, Tab

if TYPE_CHECKING:
    import click
    from flask import Blueprint
    from markupsafe import Markup

    from core.models import Dialogue, Participation, ParticipationStatus, Person, User
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

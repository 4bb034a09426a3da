"""Vetting plugin: screening invitees against non-engagement lists.

The matcher and the list readers work without a database (`parley vetting screen` screens a
spreadsheet of people against a list file), and lists can be kept in Parley with their versions
(`parley vetting import`). The gate comes next; until then the plugin tells the organisers of
each dialogue plainly that nobody is screened, so that nobody believes screening happened.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from core.plugin_api import hookimpl
from core.visibility import Standing
from plugins.vetting import models  # noqa: F401  (registers the plugin's tables)


@hookimpl
def register_commands(register):
    from plugins.vetting.cli import vetting

    register(vetting)


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")


@hookimpl
def render_snippet(place, context):
    viewer = context.get("viewer")
    if place != "dialogue_sidebar" or viewer is None or viewer.standing < Standing.ORGANISER:
        return None
    return Markup(
        '<div class="panel" data-plugin="vetting"><h2>Screening</h2>'
        "<p>Screening at invitation and registration is not switched on: invitees to this "
        "dialogue are not screened yet.</p></div>"
    )

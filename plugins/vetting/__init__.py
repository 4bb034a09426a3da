"""Vetting plugin: screening invitees against non-engagement lists.

No lists can be loaded yet, so the gate has nothing to find; the plugin says so plainly to
the organisers of each dialogue, so that nobody believes screening happened when it did not.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from core.plugin_api import hookimpl
from core.visibility import Standing


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
        "<p>No non-engagement lists are loaded: invitees to this dialogue are not screened "
        "yet.</p></div>"
    )

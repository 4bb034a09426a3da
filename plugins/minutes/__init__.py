"""Minutes plugin: outcome records and the follow-up of recommendations.

Rapporteurs draft the minutes of each session and the outcome of the dialogue in Markdown,
the approvers approve the draft as it stands, and it is published as an immutable, numbered
version. Recommendations carry their addressee and due date; their follow-up feeds a public
scorecard per series. See docs/minutes.md.
"""

from __future__ import annotations

from pathlib import Path

from flask import url_for
from flask_login import current_user

from core.plugin_api import NavItem, Tab, hookimpl
from plugins.minutes import (
    demo,
    models,  # noqa: F401  (registers the plugin's tables)
    personal_data,
)
from plugins.minutes.approval import is_approver
from plugins.minutes.cli import minutes
from plugins.minutes.permissions import may_draft
from plugins.minutes.snippets import series_scorecard_link, stylesheet
from plugins.minutes.views import bp


@hookimpl
def register_blueprints(register):
    register(bp)


@hookimpl
def register_commands(register):
    register(minutes)


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")


@hookimpl
def register_navigation(register):
    register(NavItem(label="Outcome records", endpoint="minutes.index", order=40))


@hookimpl
def register_dialogue_tabs(register, dialogue, viewer):
    register(
        Tab(label="Outcome record", url=url_for("minutes.outcome", slug=dialogue.slug), order=30)
    )
    if may_draft(current_user, dialogue) or is_approver(current_user, dialogue):
        register(Tab(label="Drafting", url=url_for("minutes.draft", slug=dialogue.slug), order=31))


@hookimpl
def render_snippet(place, context):
    if place == "head":
        return stylesheet()
    if place == "dialogue_sidebar":
        return series_scorecard_link(context.get("dialogue"))
    return None


@hookimpl
def collect_personal_data(person):
    return personal_data.export(person)


@hookimpl
def on_person_erased(person, actor):
    personal_data.erase(person)


@hookimpl
def load_demo_data():
    demo.load()

"""Sessions plugin: a dialogue's programme of segments and thematic sessions."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from core.plugin_api import Tab, hookimpl
from plugins.sessions import models  # noqa: F401  (registers the plugin's tables)

bp = Blueprint("sessions", __name__, template_folder="templates", url_prefix="/dialogues")


@bp.route("/<slug>/programme")
def programme(slug: str):
    from core.dialogues.views import load_visible

    dialogue = load_visible(slug, current_user)
    return render_template("sessions/programme.html", dialogue=dialogue)


@hookimpl
def register_blueprints(register):
    register(bp)


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")


@hookimpl
def register_dialogue_tabs(register, dialogue, viewer):
    register(
        Tab(label="Programme", url=url_for("sessions.programme", slug=dialogue.slug), order=10)
    )

"""Minutes plugin: outcome records and the follow-up of recommendations."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from core.plugin_api import Tab, hookimpl

bp = Blueprint("minutes", __name__, template_folder="templates", url_prefix="/dialogues")


@bp.route("/<slug>/outcome")
def outcome(slug: str):
    from core.dialogues.views import load_visible

    dialogue = load_visible(slug, current_user)
    return render_template("minutes/outcome.html", dialogue=dialogue)


@hookimpl
def register_blueprints(register):
    register(bp)


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")


@hookimpl
def register_dialogue_tabs(register, dialogue, viewer):
    register(
        Tab(label="Outcome record", url=url_for("minutes.outcome", slug=dialogue.slug), order=30)
    )

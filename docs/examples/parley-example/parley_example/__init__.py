"""parley-example: a minimal Parley plugin.

Parley finds this module through the entry point ``example = parley_example`` in the group
``parley`` (see ``setup.cfg``) and registers it with its plugin manager. Every function below
marked ``@hookimpl`` answers one hook of ``core/hookspecs.py``; the function's name must be the
hook's name and its arguments a subset of the hook's arguments.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, render_template, url_for

from core.plugin_api import Tab, hookimpl

# Importing the models registers the example_note table on core.db.Base when Parley loads
# the plugin.
from . import models  # noqa: F401

# Templates live in templates/example/, so they are named "example/..." and cannot collide
# with the core's templates or another plugin's.
bp = Blueprint("example", __name__, template_folder="templates", url_prefix="/example")


@bp.route("/hello")
def hello():
    return render_template("example/hello.html")


@hookimpl
def register_blueprints(register):
    register(bp)


@hookimpl
def register_dialogue_tabs(register, dialogue, viewer):
    # Every viewer may see this tab. A real plugin would link to a page about ``dialogue``
    # and check ``viewer.standing`` (core.visibility.Standing) before offering it.
    register(Tab(label="Example", url=url_for("example.hello"), order=90))


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")

"""Vetting plugin: screening invitees against non-engagement lists.

At the core's gate, the person and the organisation of a participation are screened against the
active lists before they are invited, registered or accredited; a possible match at alert level
stops the step until a reviewer decides, and a confirmed match stops it for good unless two
reviewers override it. Each dialogue page carries the engagement statement. The matcher and the
list readers also work without a database (``parley vetting screen``).
"""

from __future__ import annotations

from pathlib import Path

from flask import render_template, url_for
from markupsafe import Markup

from core.plugin_api import NavItem, Standing, Tab, hookimpl
from plugins.vetting import (
    demo,
    door,
    gate,
    models,  # noqa: F401  (registers the plugin's tables)
    personal_data,
    statement,
)
from plugins.vetting.cli import vetting
from plugins.vetting.views import bp


@hookimpl
def register_blueprints(register):
    register(bp)


@hookimpl
def register_commands(register):
    register(vetting)


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")


@hookimpl
def register_navigation(register):
    register(NavItem("Lists", "vetting.lists", permission="organisation.manage", order=60))


@hookimpl
def register_dialogue_tabs(register, dialogue, viewer):
    if viewer.standing >= Standing.ORGANISER:
        register(Tab("Screening", url_for("vetting.queue", slug=dialogue.slug), order=40))


@hookimpl
def check_participation(step, participation, actor):
    return gate.check(participation)


@hookimpl
def check_organisation(step, organisation, dialogue, actor):
    return gate.check_organisation(organisation)


@hookimpl
def on_organisation_gate_checked(step, organisation, dialogue, findings, blocked, actor):
    gate.record(findings, lambda _subject: {dialogue.id})


@hookimpl
def collect_withheld_badges(participations):
    return door.withheld_badges(participations)


@hookimpl
def on_gate_checked(step, participation, findings, blocked, actor):
    dialogue_id = participation.dialogue_id
    gate.record(findings, lambda _subject: {dialogue_id})


@hookimpl
def render_snippet(place, context):
    dialogue = context.get("dialogue")
    if place != "dialogue_summary" or dialogue is None:
        return None
    viewer = context.get("viewer")
    organiser = viewer is not None and viewer.standing >= Standing.ORGANISER
    return Markup(
        render_template(
            "vetting/statement.html",
            statement=statement.statement_for(dialogue.id),
            review_url=url_for("vetting.queue", slug=dialogue.slug) if organiser else None,
        )
    )


@hookimpl
def collect_personal_data(person):
    return personal_data.findings_about(person)


@hookimpl
def on_person_erased(person, actor):
    personal_data.erase(person)


@hookimpl
def load_demo_data():
    demo.load()

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

from core.plugin_api import NavItem, Tab, hookimpl
from core.visibility import Standing
from plugins.vetting import models  # noqa: F401  (registers the plugin's tables)


@hookimpl
def register_blueprints(register):
    from plugins.vetting.views import bp

    register(bp)


@hookimpl
def register_commands(register):
    from plugins.vetting.cli import vetting

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
    from plugins.vetting.gate import check

    return check(participation)


@hookimpl
def check_organisation(step, organisation, dialogue, actor):
    from plugins.vetting.gate import check_organisation as check

    return check(organisation)


@hookimpl
def on_organisation_gate_checked(step, organisation, dialogue, findings, blocked, actor):
    from plugins.vetting.gate import record

    record(findings, lambda _subject: {dialogue.id})


@hookimpl
def collect_withheld_badges(participations):
    from plugins.vetting.door import withheld_badges

    return withheld_badges(participations)


@hookimpl
def on_gate_checked(step, participation, findings, blocked, actor):
    from plugins.vetting.gate import record

    dialogue_id = participation.dialogue_id
    record(findings, lambda _subject: {dialogue_id})


@hookimpl
def render_snippet(place, context):
    dialogue = context.get("dialogue")
    if place != "dialogue_summary" or dialogue is None:
        return None
    from plugins.vetting.statement import statement_for

    viewer = context.get("viewer")
    organiser = viewer is not None and viewer.standing >= Standing.ORGANISER
    return Markup(
        render_template(
            "vetting/statement.html",
            statement=statement_for(dialogue.id),
            review_url=url_for("vetting.queue", slug=dialogue.slug) if organiser else None,
        )
    )


@hookimpl
def collect_personal_data(person):
    from plugins.vetting.personal_data import findings_about

    return findings_about(person)


@hookimpl
def on_person_erased(person, actor):
    from plugins.vetting.personal_data import erase

    erase(person)


@hookimpl
def load_demo_data():
    from plugins.vetting.demo import load

    load()

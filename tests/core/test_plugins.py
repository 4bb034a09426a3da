"""The plugin system: discovery, disabling, failures, a test plugin, tracing, ``parley plugins``."""

from __future__ import annotations

import json
import logging
from importlib.metadata import EntryPoint

import click
import pytest
import sqlalchemy as sa
from flask import Blueprint
from markupsafe import Markup

from core import create_app
from core.db import db_session
from core.gate import GateBlocked
from core.hooks import PluginError
from core.models import ParticipationStatus, Series
from core.participation.status import change_status
from core.plugin_api import Finding, NavItem, Tab, hookimpl
from core.plugins import BUILTINS, PluginLoadError
from tests import factories

CORE_PAGES = ["/", "/series/", "/login", "/dialogues/{slug}", "/series/{series}"]
ORGANISER_PAGES = [
    "/organisations/",
    "/organisations/{organisation}",
    "/people/",
    "/people/{person}",
    "/dialogues/new",
    "/dialogues/{slug}/edit",
    "/dialogues/{slug}/categories/",
    "/dialogues/{slug}/register",
    "/series/new",
    "/admin/users/",
    "/admin/users/{admin}",
]
PLUGIN_PAGES = {
    "sessions": "/dialogues/{slug}/programme",
    "minutes": "/dialogues/{slug}/outcome",
}


def test_builtins_load_through_entry_points_in_order(app):
    infos = app.extensions["parley.plugins"]
    assert list(infos)[:3] == list(BUILTINS)
    assert all(infos[name].distribution == "parley" for name in BUILTINS)


def test_parley_plugins_prints_json_with_hooks(runner):
    result = runner.invoke(args=["plugins"])
    assert result.exit_code == 0, result.output
    listed = {p["name"]: p for p in json.loads(result.output)}
    assert set(BUILTINS) <= set(listed)
    assert "register_dialogue_tabs" in listed["sessions"]["hooks"]
    assert "render_snippet" in listed["vetting"]["hooks"]
    assert listed["minutes"]["version"] == "0.1.0"


def _seed_pages(app) -> dict:
    with app.app_context():
        dialogue = factories.dialogue(slug="the-dialogue")
        series = Series(slug="the-series", name="The series")
        db_session().add(series)
        dialogue.series = series
        organiser = factories.user(factories.Role.ADMINISTRATOR)
        person = factories.person(organisation=factories.organisation())
        db_session().commit()
        return {
            "slug": dialogue.slug,
            "series": series.slug,
            "organiser": organiser,
            "admin": organiser.id,
            "person": person.id,
            "organisation": person.organisation_id,
        }


@pytest.mark.parametrize("disabled", BUILTINS)
def test_disabling_a_builtin_leaves_every_core_page_working(make_app, disabled):
    app = make_app(DISABLED_PLUGINS=[disabled])
    assert disabled not in app.extensions["parley.plugins"]
    seeded = _seed_pages(app)
    client = app.test_client()
    for page in CORE_PAGES:
        assert client.get(page.format(**seeded)).status_code == 200, page
    factories.login(client, seeded["organiser"])
    for page in [p for p in CORE_PAGES if p != "/login"] + ORGANISER_PAGES:
        assert client.get(page.format(**seeded)).status_code == 200, page
    for name, page in PLUGIN_PAGES.items():
        expected = 404 if name == disabled else 200
        assert client.get(page.format(**seeded)).status_code == expected, page
    html = client.get(f"/dialogues/{seeded['slug']}").get_data(as_text=True)
    tab = {"sessions": "Programme", "minutes": "Outcome record", "vetting": "Screening"}[disabled]
    assert tab not in html


def test_disabled_plugins_come_from_the_environment(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("PARLEY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PARLEY_DATABASE_URL", database_url)
    monkeypatch.setenv("PARLEY_DISABLED_PLUGINS", '["minutes", "sessions"]')
    app = create_app()
    assert set(app.extensions["parley.plugins"]) == {"vetting"}
    assert "minutes.outcome" not in app.view_functions


def _fake_entry_points(monkeypatch, *extra: EntryPoint) -> None:
    import core.plugins

    real = core.plugins.entry_points

    def entry_points(group: str):
        return [*real(group=group), *extra]

    monkeypatch.setattr(core.plugins, "entry_points", entry_points)


def test_a_plugin_that_fails_to_import_stops_startup_with_its_name(monkeypatch, database_url):
    broken = EntryPoint(name="broken", value="parley_no_such_module", group="parley")
    _fake_entry_points(monkeypatch, broken)
    with pytest.raises(PluginLoadError, match="'broken' failed to load"):
        create_app({"DATABASE_URL": database_url, "SECRET_KEY": "k"})


class UnknownHookPlugin:
    @hookimpl
    def register_widgets(self, register):
        register("widget")


def test_a_plugin_implementing_an_unknown_hook_stops_startup_with_its_name(make_app):
    with pytest.raises(PluginLoadError, match="'widgets' does not fit"):
        make_app(plugins={"widgets": UnknownHookPlugin()})


class CanaryPlugin:
    """A plugin as a third party would write it: a page, a tab and a blocking finding."""

    def __init__(self) -> None:
        self.blueprint = Blueprint("canary", __name__)
        self.blueprint.add_url_rule("/canary", "page", lambda: "canary page")
        self.events: list[tuple] = []

    @hookimpl
    def register_blueprints(self, register):
        register(self.blueprint)

    @hookimpl
    def register_dialogue_tabs(self, register, dialogue, viewer):
        register(Tab(label="Canary tab", url="/canary"))

    @hookimpl
    def check_participation(self, step, participation, actor):
        self.seen_status = participation.status
        return [
            Finding(source="canary", code="listed", message="On the canary list", blocking=True)
        ]

    @hookimpl
    def on_participation_status_changed(self, participation, old_status, new_status, actor, reason):
        self.events.append((old_status, new_status))


def test_a_plugin_registered_in_a_test_adds_page_tab_and_blocking_finding(make_app):
    canary = CanaryPlugin()
    app = make_app(plugins={"canary": canary})
    client = app.test_client()
    assert client.get("/canary").get_data(as_text=True) == "canary page"
    with app.app_context():
        dialogue = factories.dialogue()
        participation = factories.participation(dialogue, status=ParticipationStatus.REGISTERED)
        db_session().commit()
        slug = dialogue.slug
        assert "Canary tab" in client.get(f"/dialogues/{slug}").get_data(as_text=True)
        with pytest.raises(GateBlocked, match="On the canary list"):
            change_status(participation, ParticipationStatus.ACCREDITED, actor=None)
        assert canary.seen_status == ParticipationStatus.ACCREDITED  # as it would be saved
        db_session().rollback()
        db_session().refresh(participation)
        assert participation.status == ParticipationStatus.REGISTERED
        assert canary.events == []
        from core.models import AuditEvent

        blocked = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.gate_blocked")
        )
        assert blocked.object_id == participation.id
        assert blocked.details["step"] == "accredit"
        assert blocked.details["findings"] == ["canary:listed"]
        assert blocked.reason == "On the canary list"

    app_without = make_app()
    assert "canary" not in app_without.extensions["parley.plugins"]
    client = app_without.test_client()
    assert client.get("/canary").status_code == 404
    assert "Canary tab" not in client.get(f"/dialogues/{slug}").get_data(as_text=True)


class EventPlugin:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    @hookimpl
    def on_participation_status_changed(self, participation, old_status, new_status, actor, reason):
        self.events.append(("status", old_status, new_status, reason))

    @hookimpl
    def check_participation(self, step, participation, actor):
        return [Finding(source="events", code="note", message="Worth a look")]


def test_a_non_blocking_finding_lets_the_step_happen_and_plugins_hear_of_it(make_app):
    plugin = EventPlugin()
    app = make_app(plugins={"events": plugin})
    with app.app_context():
        participation = factories.participation(
            factories.dialogue(), status=ParticipationStatus.REGISTERED
        )
        db_session().commit()
        findings = change_status(
            participation, ParticipationStatus.ACCREDITED, actor=None, reason="meets criteria"
        )
        assert [f.code for f in findings] == ["note"]
        assert plugin.events == [
            (
                "status",
                ParticipationStatus.REGISTERED,
                ParticipationStatus.ACCREDITED,
                "meets criteria",
            )
        ]


def test_tracing_logs_hook_calls(make_app, caplog):
    caplog.set_level(logging.INFO, logger="parley.plugins")
    app = make_app(TRACE_PLUGINS=True)
    with app.app_context():
        dialogue = factories.dialogue()
        db_session().commit()
        slug = dialogue.slug
    caplog.clear()
    app.test_client().get(f"/dialogues/{slug}")
    assert "register_dialogue_tabs" in caplog.text


class WrongArgumentPlugin:
    @hookimpl
    def register_blueprints(self, register, flask_app):
        pass


def test_a_hook_with_an_unknown_argument_stops_startup_with_its_name(make_app):
    with pytest.raises(PluginLoadError, match="'wrongarg' cannot be registered"):
        make_app(plugins={"wrongarg": WrongArgumentPlugin()})


def test_two_distributions_with_one_plugin_name_stop_startup(monkeypatch, database_url):
    twin = EntryPoint(name="sessions", value="plugins.minutes", group="parley")
    _fake_entry_points(monkeypatch, twin)
    with pytest.raises(PluginLoadError, match="'sessions' is offered by both"):
        create_app({"DATABASE_URL": database_url, "SECRET_KEY": "k"})


class BrokenTabPlugin:
    @hookimpl
    def register_dialogue_tabs(self, register, dialogue, viewer):
        raise KeyError("no such thing")


def test_an_error_in_a_register_hook_names_the_plugin(make_app, caplog):
    app = make_app(plugins={"brokentab": BrokenTabPlugin()}, PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        factories.dialogue(slug="d")
        db_session().commit()
    response = app.test_client().get("/dialogues/d")
    assert response.status_code == 500
    assert "Parley plugin 'brokentab' failed in register_dialogue_tabs" in caplog.text


class LateTabPlugin:
    @hookimpl
    def register_dialogue_tabs(self, register, dialogue, viewer):
        register(Tab(label="Late tab", url="/late", order=10))


def test_register_hooks_run_in_load_order_builtins_first(make_app):
    app = make_app(plugins={"late": LateTabPlugin()})
    with app.app_context():
        factories.dialogue(slug="d")
        db_session().commit()
    html = app.test_client().get("/dialogues/d").get_data(as_text=True)
    # same order value as the built-in Programme tab: load order decides
    assert html.index("Programme") < html.index("Late tab")


class FailingListener:
    @hookimpl
    def on_dialogue_published(self, dialogue, actor):
        raise RuntimeError("listener down")


def test_a_failing_event_listener_does_not_undo_or_hide_a_committed_change(make_app, caplog):
    app = make_app(plugins={"failing": FailingListener()})
    with app.app_context():
        dialogue = factories.dialogue(slug="d", status=factories.DialogueStatus.DRAFT)
        organiser = factories.user(factories.Role.ORGANISER)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    assert client.post("/dialogues/d/status", data={"status": "published"}).status_code == 302
    assert "Parley plugin 'failing' failed in on_dialogue_published" in caplog.text
    with app.app_context():
        from core.models import Dialogue

        assert db_session().get(Dialogue, dialogue.id).is_public


class ShowcasePlugin:
    """Uses the hooks no built-in needs yet: navigation, commands and snippets."""

    @hookimpl
    def register_navigation(self, register):
        register(NavItem(label="Everyone's link", endpoint="series.index"))
        register(
            NavItem(label="Organisers' link", endpoint="people.index", permission="person.manage")
        )

    @hookimpl
    def register_commands(self, register):
        @click.command("showcase")
        def showcase():
            click.echo("showcase ran")

        register(showcase)

    @hookimpl
    def render_snippet(self, place, context):
        if place == "footer":
            return "<script>alert('plain text is escaped')</script>"
        if place == "dialogue_summary":
            return Markup('<p class="showcase">Markup is kept</p>')
        return None


def test_navigation_commands_and_snippets_from_a_plugin(make_app):
    app = make_app(plugins={"showcase": ShowcasePlugin()})
    with app.app_context():
        factories.dialogue(slug="d")
        organiser = factories.user(factories.Role.ORGANISER)
        db_session().commit()
    client = app.test_client()
    html = client.get("/dialogues/d").get_data(as_text=True)
    assert "Everyone&#39;s link" in html and "Organisers&#39; link" not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;plain text is escaped&#39;)&lt;/script&gt;" in html
    assert '<p class="showcase">Markup is kept</p>' in html
    factories.login(client, organiser)
    assert "Organisers&#39; link" in client.get("/").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["showcase"])
    assert result.exit_code == 0 and "showcase ran" in result.output


class BrokenGatePlugin:
    @hookimpl
    def check_participation(self, step, participation, actor):
        raise ConnectionError("list service down")


def test_a_failing_gate_names_the_plugin_and_saves_nothing(make_app):
    app = make_app(plugins={"brokengate": BrokenGatePlugin()})
    with app.app_context():
        participation = factories.participation(
            factories.dialogue(), status=ParticipationStatus.REGISTERED
        )
        db_session().commit()
        with pytest.raises(PluginError, match="'brokengate' failed in check_participation"):
            change_status(participation, ParticipationStatus.ACCREDITED, actor=None)
        db_session().rollback()
        db_session().refresh(participation)
        assert participation.status == ParticipationStatus.REGISTERED


def test_an_unknown_name_in_disabled_plugins_is_reported(make_app, caplog):
    app = make_app(DISABLED_PLUGINS=["minutse"])
    assert "minutes" in app.extensions["parley.plugins"]
    assert "No plugin called ['minutse'] is installed" in caplog.text

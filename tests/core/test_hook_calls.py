"""Hooks are called through pluggy: wrappers, ``tryfirst``/``trylast`` and call monitoring work
for plugins registered beside the built-ins, and Parley's rules for a failing plugin still hold."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.gate import GateBlocked
from core.hooks import PluginError, hooks
from core.models import AuditEvent, ParticipationStatus
from core.participation.status import change_status
from core.plugin_api import Finding, NavItem, hookimpl
from tests import factories

MINUTES_ORDER = 40  # the built-in minutes plugin's navigation item has this order value


def _item(label: str) -> NavItem:
    """A navigation item sorted with the minutes plugin's: equal order values keep call order."""
    return NavItem(label=label, endpoint="series.index", order=MINUTES_ORDER)


class Wrapper:
    """New-style wrappers: each sees what the other plugins answered and alters it."""

    def __init__(self) -> None:
        self.seen: list | None = None

    @hookimpl(wrapper=True)
    def register_navigation(self, register):
        register(NavItem(label="Before the others", endpoint="series.index", order=-1))
        result = yield
        register(NavItem(label="After the others", endpoint="series.index", order=999))
        return result

    @hookimpl(wrapper=True)
    def collect_personal_data(self, person):
        sections = yield
        self.seen = list(sections)
        return [section for section in sections if section != {"from": "withheld"}]


class OldStyleWrapper:
    @hookimpl(hookwrapper=True)
    def register_navigation(self, register):
        outcome = yield
        register(_item(f"Wrapped a call that returned {outcome.get_result()!r}"))


class First:
    @hookimpl(tryfirst=True)
    def register_navigation(self, register):
        register(_item("first"))

    @hookimpl(tryfirst=True)
    def collect_personal_data(self, person):
        return {"from": "first"}


class Plain:
    def __init__(self, label: str) -> None:
        self.label = label

    @hookimpl
    def register_navigation(self, register):
        register(_item(self.label))


class Last:
    @hookimpl(trylast=True)
    def register_navigation(self, register):
        register(_item("last"))

    @hookimpl(trylast=True)
    def collect_personal_data(self, person):
        return {"from": "withheld"}


def _labels(app) -> list[str]:
    with app.app_context():
        return [item.label for item in hooks().navigation()]


def _personal_data(app) -> dict:
    with app.app_context():
        person = factories.person()
        db_session().commit()
        return hooks().personal_data(person=person)


def test_tryfirst_is_called_before_the_builtins_and_trylast_after_everything(make_app):
    # registered in this order on purpose: tryfirst and trylast decide, then load order
    plugins = {"last": Last(), "zebra": Plain("zebra"), "first": First(), "apple": Plain("apple")}
    labels = _labels(make_app(plugins=plugins))
    equal_order = [label for label in labels if label != "Lists"]  # vetting's, order 60
    assert equal_order == ["first", "Outcome records", "zebra", "apple", "last"]


class AlsoFirst(First):
    @hookimpl(tryfirst=True)
    def register_navigation(self, register):
        register(_item("also first"))


class AlsoLast(Last):
    @hookimpl(trylast=True)
    def register_navigation(self, register):
        register(_item("also last"))


def test_several_tryfirst_keep_load_order_and_several_trylast_reverse_it(make_app):
    plugins = {"a1": AlsoLast(), "a2": Last(), "b1": First(), "b2": AlsoFirst()}
    labels = [label for label in _labels(make_app(plugins=plugins)) if label != "Lists"]
    assert labels == ["first", "also first", "Outcome records", "last", "also last"]


def test_without_tryfirst_a_plugin_is_called_after_the_builtins(make_app):
    labels = _labels(make_app(plugins={"plain": Plain("plain")}))
    assert labels.index("Outcome records") < labels.index("plain")


def test_a_wrapper_sees_and_alters_what_the_facade_returns(make_app):
    labels = _labels(make_app(plugins={"wrapper": Wrapper(), "first": First()}))
    assert labels[0] == "Before the others"
    assert labels[-1] == "After the others"
    assert "first" in labels


def test_an_old_style_hookwrapper_sees_the_outcome(make_app):
    labels = _labels(make_app(plugins={"old": OldStyleWrapper()}))
    assert "Wrapped a call that returned []" in labels  # register_* implementations return None


def test_a_wrapper_may_withhold_a_section_of_the_personal_data_still_keyed_by_plugin(make_app):
    wrapper = Wrapper()
    app = make_app(plugins={"wrapper": wrapper, "first": First(), "last": Last()})
    sections = _personal_data(app)
    assert {"from": "withheld"} in wrapper.seen
    assert sections["first"] == {"from": "first"}
    assert "last" not in sections
    assert next(iter(sections)) == "first"


class BrokenSection:
    @hookimpl(trylast=True)
    def collect_personal_data(self, person):
        raise LookupError("no such store")


class BrokenWrapper:
    @hookimpl(wrapper=True)
    def collect_personal_data(self, person):
        yield
        raise ValueError("wrapped badly")


def test_a_failing_implementation_is_named_under_a_wrapper(make_app):
    app = make_app(plugins={"wrapper": Wrapper(), "broken": BrokenSection()})
    with pytest.raises(PluginError, match="'broken' failed in collect_personal_data: LookupError"):
        _personal_data(app)


def test_a_failing_wrapper_is_named(make_app):
    app = make_app(plugins={"badwrapper": BrokenWrapper()})
    with pytest.raises(PluginError, match="'badwrapper' failed in collect_personal_data"):
        _personal_data(app)


class Listener:
    def __init__(self) -> None:
        self.told: list[str] = []

    @hookimpl
    def on_dialogue_published(self, dialogue, actor):
        self.told.append(dialogue.slug)


class FailingFirst:
    @hookimpl(tryfirst=True)
    def on_dialogue_published(self, dialogue, actor):
        raise RuntimeError("listener down")


class EventWrapper:
    def __init__(self) -> None:
        self.results: list = []

    @hookimpl(wrapper=True)
    def on_dialogue_published(self, dialogue, actor):
        result = yield
        self.results.append(result)
        return result


class FailingEventWrapper:
    @hookimpl(wrapper=True)
    def on_dialogue_published(self, dialogue, actor):
        raise RuntimeError("wrapper down")
        yield  # a wrapper all the same


def _publish(app) -> None:
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        db_session().commit()
        hooks().dialogue_published(dialogue=dialogue, actor=None)


def test_a_failing_event_listener_is_logged_and_the_others_are_still_told(make_app, caplog):
    listener, wrapper = Listener(), EventWrapper()
    app = make_app(plugins={"failing": FailingFirst(), "listener": listener, "wrapper": wrapper})
    _publish(app)
    assert "Parley plugin 'failing' failed in on_dialogue_published" in caplog.text
    assert listener.told == ["d"]
    assert wrapper.results == [[]]  # the wrapper saw the call end well


def test_a_failing_event_wrapper_is_logged_not_raised(make_app, caplog):
    app = make_app(plugins={"badwrapper": FailingEventWrapper(), "listener": Listener()})
    _publish(app)
    assert "Parley plugin 'badwrapper' failed in on_dialogue_published" in caplog.text


class StopAndFailToWrap:
    """Stops every step, then its wrapper of what the gate answered fails after the others."""

    @hookimpl
    def check_participation(self):
        return [Finding(source="stop", code="stop", message="Stopped", blocking=True)]

    @hookimpl(wrapper=True)
    def on_gate_checked(self):
        yield
        raise RuntimeError("wrapper down")


class Recorder:
    def __init__(self) -> None:
        self.told: list[bool] = []

    @hookimpl
    def on_gate_checked(self, blocked):
        self.told.append(blocked)


def test_a_wrapper_failing_to_record_a_stop_is_logged_and_audited_and_the_stop_stands(
    make_app, caplog
):
    recorder = Recorder()
    app = make_app(plugins={"badwrapper": StopAndFailToWrap(), "recorder": recorder})
    with app.app_context():
        participation = factories.participation(
            factories.dialogue(), status=ParticipationStatus.REGISTERED
        )
        db_session().commit()
        with pytest.raises(GateBlocked, match="Stopped"):
            change_status(participation, ParticipationStatus.ACCREDITED, actor=None)
        db_session().rollback()
        lost = db_session().scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "participation.findings_lost")
        )
        assert [event.details["plugin"] for event in lost] == ["badwrapper"]
    assert recorder.told == [True]
    assert "Parley plugin 'badwrapper' failed in on_gate_checked" in caplog.text


def test_tracing_logs_the_plugins_called_with_arguments_and_results(make_app, caplog):
    caplog.set_level(logging.INFO, logger="parley.plugins")
    app = make_app(
        TRACE_PLUGINS=True, plugins={"wrapper": Wrapper(), "first": First(), "last": Last()}
    )
    caplog.clear()
    _personal_data(app)
    calls = [r.getMessage() for r in caplog.records if "collect_personal_data" in r.getMessage()]
    called, returned = calls
    assert called.startswith("collect_personal_data(person=<")
    assert called.endswith(
        "calls ['wrapper (wrapper)', 'first', 'sessions', 'vetting', 'minutes', 'last']"
    )
    assert returned == "collect_personal_data returned [{'from': 'first'}]"


def test_tracing_logs_a_call_that_raised(make_app, caplog):
    caplog.set_level(logging.INFO, logger="parley.plugins")
    app = make_app(TRACE_PLUGINS=True, plugins={"broken": BrokenSection()})
    caplog.clear()
    with pytest.raises(PluginError):
        _personal_data(app)
    assert "collect_personal_data raised PluginError(" in caplog.text
    assert "'broken' failed in collect_personal_data" in caplog.text


def test_without_tracing_no_call_is_logged(make_app, caplog):
    caplog.set_level(logging.INFO, logger="parley.plugins")
    app = make_app(plugins={"first": First()})
    caplog.clear()
    _labels(app)
    assert "register_navigation" not in caplog.text

"""The one door through which the core calls plugins: typed methods, keyword arguments only.

Every call goes through ``pm.hook``, so pluggy decides what it decides for any project: the order
(load order, then ``tryfirst``/``trylast``), wrappers (``wrapper=True`` and old-style
``hookwrapper``) and call monitoring. What pluggy cannot know is Parley's rule for a plugin that
fails, which differs by hook: most stop with an error naming the plugin, events are told to the
others anyway, and a stopped gate step is recorded plugin by plugin in savepoints. So each
implementation is guarded once, when it is registered (:class:`PluginManager`), and the facade
tells the guards, through a per-call context (:class:`_Call`), how this call treats a failure.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from flask import current_app
from markupsafe import Markup, escape

from core.db import db_session
from core.gate_records import findings_lost_event
from core.plugin_types import CheckInPoint, Finding, GateStep, NavItem, SessionSummary, Tab

log = logging.getLogger("parley.plugins")

if TYPE_CHECKING:
    import click
    from flask import Blueprint

    from core.models import (
        Dialogue,
        Organisation,
        Participation,
        ParticipationStatus,
        Person,
        User,
    )
    from core.visibility import Viewer


class PluginError(RuntimeError):
    """A plugin raised an error inside one of its hooks."""

    def __init__(self, plugin: str, hook: str, error: Exception) -> None:
        super().__init__(f"Parley plugin {plugin!r} failed in {hook}: {error!r}")
        self.plugin = plugin
        self.hook = hook
        self.error = error


@dataclass
class _Call:
    """How the facade's current call of ``hook`` treats a plugin that fails, and what each
    plugin answered (by name: pluggy's results do not say whose they are).

    ``tolerant`` logs a failure and lets the others answer; ``savepoint`` runs each plugin in
    a savepoint of its own, so a failure undoes that plugin's work only. A call made without
    the facade, or a hook called inside another's implementation, is strict.
    """

    hook: str
    tolerant: bool = False
    savepoint: bool = False
    answers: list[tuple[str, Any]] = field(default_factory=list)
    failures: list[tuple[str, Exception]] = field(default_factory=list)


_current_call: ContextVar[_Call | None] = ContextVar("parley_hook_call", default=None)


def _guard(hook: str, impl: pluggy.HookImpl) -> Callable[..., Any]:
    """``impl``'s function, applying the current call's rule for a failure of its plugin."""
    function, plugin = impl.function, impl.plugin_name

    if impl.wrapper or impl.hookwrapper:

        @functools.wraps(function)
        def guarded_wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                return (yield from function(*args, **kwargs))
            except PluginError:  # an implementation inside it failed, already named
                raise
            except Exception as exc:
                raise PluginError(plugin, hook, exc) from exc

        return guarded_wrapper

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        call = _current_call.get()
        if call is None or call.hook != hook:
            call = _Call(hook)
        try:
            if call.savepoint:
                with db_session().begin_nested():
                    answer = function(*args, **kwargs)
            else:
                answer = function(*args, **kwargs)
        except Exception as exc:
            if not call.tolerant:
                raise PluginError(plugin, hook, exc) from exc
            log.exception("Parley plugin %r failed in %s", plugin, hook)
            call.failures.append((plugin, exc))
            return None
        call.answers.append((plugin, answer))
        return answer

    return guarded


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, guarding each implementation of a plugin as it is registered.

    The guard replaces ``HookImpl.function`` in place (pluggy keeps the argument names it read
    from the original), so pluggy orders, wraps and monitors the calls as usual.
    """

    def register(self, plugin: object, name: str | None = None) -> str | None:
        registered = super().register(plugin, name)
        if registered is not None:
            for caller in self.get_hookcallers(plugin) or []:
                for impl in caller.get_hookimpls():
                    if impl.plugin is plugin:
                        impl.function = _guard(caller.name, impl)  # type: ignore[misc]
        return registered


class Hooks:
    def __init__(self, pm: pluggy.PluginManager) -> None:
        self._hook = pm.hook

    def _call(self, call: _Call, /, **kwargs: Any) -> list[Any]:
        """Call ``call.hook`` through pluggy under ``call``'s rule: the plugins' answers."""
        token = _current_call.set(call)
        try:
            return getattr(self._hook, call.hook)(**kwargs)
        finally:
            _current_call.reset(token)

    def _record(self, hook: str, **kwargs: Any) -> None:
        """Call a hook that records what the gate answered, in the transaction of the answer.

        When the step goes ahead, an error stops it, as any error before its commit does. When
        it was stopped (``blocked``), the stop and its audit entries are in the session already
        and must be committed whatever a plugin does: each plugin records in a savepoint of its
        own; one that fails is rolled back to it and logged, the others are still told, and
        its failure is audited (``findings_lost_event``). The stop stands, even when
        a wrapper fails (logged and audited; what it wrote itself has no savepoint of its own).
        """
        if not kwargs["blocked"]:
            self._each(hook, **kwargs)
            return
        session = db_session()
        session.flush()  # the stop's own work: not any plugin's savepoint to answer for
        call = _Call(hook, tolerant=True, savepoint=True)
        try:
            self._call(call, **kwargs)
        except PluginError as exc:
            log.exception("%s", exc)
            call.failures.append((exc.plugin, exc.error))
        session.add_all(
            findings_lost_event(hook, plugin, error, kwargs) for plugin, error in call.failures
        )

    def _each(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call ``hook``; an error names the plugin that raised it and stops the call."""
        return self._call(_Call(hook), **kwargs)

    def _joined(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a hook whose answers are lists (or None): every plugin's items, in call order."""
        return [item for answer in self._each(hook, **kwargs) for item in (answer or [])]

    def _registered(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a ``register_*`` hook and return everything the plugins registered."""
        items: list[Any] = []
        register: Callable[[Any], None] = items.append
        self._each(hook, register=register, **kwargs)
        return items

    def blueprints(self) -> list[Blueprint]:
        return self._registered("register_blueprints")

    def commands(self) -> list[click.Command]:
        return self._registered("register_commands")

    def migration_folders(self) -> list[Path]:
        return [Path(p) for p in self._registered("register_migrations")]

    def navigation(self) -> list[NavItem]:
        return sorted(self._registered("register_navigation"), key=lambda i: i.order)

    def dialogue_tabs(self, *, dialogue: Dialogue, viewer: Viewer) -> list[Tab]:
        tabs = self._registered("register_dialogue_tabs", dialogue=dialogue, viewer=viewer)
        return sorted(tabs, key=lambda t: t.order)

    def snippets(self, *, place: str, context: dict[str, Any]) -> Markup:
        parts = self._each("render_snippet", place=place, context=context)
        return Markup("\n").join(escape(p) for p in parts if p)

    def gate(
        self, *, step: GateStep, participation: Participation, actor: User | None
    ) -> list[Finding]:
        return self._joined(
            "check_participation", step=step, participation=participation, actor=actor
        )

    def organisation_gate(
        self, *, step: GateStep, organisation: Organisation, dialogue: Dialogue, actor: User | None
    ) -> list[Finding]:
        return self._joined(
            "check_organisation",
            step=step,
            organisation=organisation,
            dialogue=dialogue,
            actor=actor,
        )

    def withheld_badges(self, *, participations: list[Participation]) -> set[int]:
        """The ids of the participations whose badge a plugin withholds now."""
        if not participations:
            return set()
        return set(self._joined("collect_withheld_badges", participations=participations))

    def gate_checked(
        self,
        *,
        step: GateStep,
        participation: Participation,
        findings: list[Finding],
        blocked: bool,
        actor: User | None,
    ) -> None:
        self._record(
            "on_gate_checked",
            step=step,
            participation=participation,
            findings=findings,
            blocked=blocked,
            actor=actor,
        )

    def organisation_gate_checked(
        self,
        *,
        step: GateStep,
        organisation: Organisation,
        dialogue: Dialogue,
        findings: list[Finding],
        blocked: bool,
        actor: User | None,
    ) -> None:
        self._record(
            "on_organisation_gate_checked",
            step=step,
            organisation=organisation,
            dialogue=dialogue,
            findings=findings,
            blocked=blocked,
            actor=actor,
        )

    def _tell(self, hook: str, **kwargs: Any) -> None:
        """Call an event hook. The change is already committed: a failing plugin is logged
        and the others are still told, rather than turning a done change into an error."""
        try:
            self._call(_Call(hook, tolerant=True), **kwargs)
        except PluginError as exc:  # a wrapper's own failure
            log.exception("%s", exc)

    def participation_status_changed(
        self,
        *,
        participation: Participation,
        old_status: ParticipationStatus | None,
        new_status: ParticipationStatus,
        actor: User | None,
        reason: str = "",
    ) -> None:
        self._tell(
            "on_participation_status_changed",
            participation=participation,
            old_status=old_status,
            new_status=new_status,
            actor=actor,
            reason=reason,
        )

    def personal_data(self, *, person: Person) -> dict[str, Any]:
        """Each plugin's section of a person's data export, keyed by plugin name."""
        call = _Call("collect_personal_data")
        sections = self._call(call, person=person)  # as a wrapper may have left them
        return {
            name: answer
            for name, answer in call.answers
            if answer is not None and any(answer is section for section in sections)
        }

    def person_erased(self, *, person: Person, actor: User | None) -> None:
        """Ask every plugin to erase its part; an error stops the erasure (nothing is kept
        half-erased)."""
        self._each("on_person_erased", person=person, actor=actor)

    def dialogue_published(self, *, dialogue: Dialogue, actor: User | None) -> None:
        self._tell("on_dialogue_published", dialogue=dialogue, actor=actor)

    def load_demo_data(self) -> None:
        self._each("load_demo_data")

    def sessions(self, *, dialogue: Dialogue) -> list[SessionSummary]:
        return self._joined("collect_sessions", dialogue=dialogue)

    def check_in_points(self, *, dialogue: Dialogue) -> list[CheckInPoint]:
        return self._joined("collect_check_in_points", dialogue=dialogue)

    def calendar_components(self, *, dialogue: Dialogue, viewer: Viewer) -> list[Any]:
        return self._joined("collect_calendar_components", dialogue=dialogue, viewer=viewer)

    def outcome_published(self, *, dialogue: Dialogue, version: int, actor: User | None) -> None:
        self._tell("on_outcome_published", dialogue=dialogue, version=version, actor=actor)


def hooks() -> Hooks:
    """The hooks of the current application."""
    return current_app.extensions["parley.hooks"]

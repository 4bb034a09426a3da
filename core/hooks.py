"""The one door through which the core calls plugins: typed methods, keyword arguments only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from flask import current_app
from markupsafe import Markup, escape

from core.db import db_session
from core.plugin_api import CheckInPoint, Finding, GateStep, NavItem, SessionSummary, Tab

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


class Hooks:
    def __init__(self, pm: pluggy.PluginManager, trace: bool = False) -> None:
        self._hook = pm.hook
        self._trace = trace

    def _answers(self, hook: str, *, tolerant: bool = False, **kwargs: Any) -> dict[str, Any]:
        """Call ``hook`` plugin by plugin, in load order; each plugin's answer by its name.

        pluggy would call the last-loaded plugin first; here built-ins come first. An error
        names the plugin that raised it; ``tolerant`` logs it and goes on with the others.
        """
        answers: dict[str, Any] = {}
        for impl in getattr(self._hook, hook).get_hookimpls():
            try:
                answers[impl.plugin_name] = self._call(hook, impl, kwargs)
            except Exception as exc:
                if not tolerant:
                    raise PluginError(
                        f"Parley plugin {impl.plugin_name!r} failed in {hook}: {exc!r}"
                    ) from exc
                log.exception("Parley plugin %r failed in %s", impl.plugin_name, hook)
        return answers

    def _call(self, hook: str, impl: pluggy.HookImpl, kwargs: dict[str, Any]) -> Any:
        if self._trace:
            log.info("%s: %s", hook, impl.plugin_name)
        return impl.function(**{name: kwargs[name] for name in impl.argnames})

    def _record(self, hook: str, **kwargs: Any) -> None:
        """Call a hook that records what the gate answered, in the transaction of the answer.

        When the step goes ahead, an error stops it, as any error before its commit does. When
        it was stopped (``blocked``), the stop and its audit entries are in the session already
        and must be committed whatever a plugin does: each plugin records in a savepoint of its
        own; one that fails is rolled back to it and logged, the others are still told, and
        its failure is audited (``core.gate.findings_lost_event``). The stop stands.
        """
        if not kwargs["blocked"]:
            self._each(hook, **kwargs)
            return
        from core.gate import findings_lost_event  # core.gate asks the plugins through here

        session = db_session()
        session.flush()  # the stop's own work: not any plugin's savepoint to answer for
        lost = []
        for impl in getattr(self._hook, hook).get_hookimpls():
            try:
                with session.begin_nested():
                    self._call(hook, impl, kwargs)
            except Exception as exc:
                log.exception("Parley plugin %r failed in %s", impl.plugin_name, hook)
                lost.append(findings_lost_event(hook, impl.plugin_name, exc, kwargs))
        session.add_all(lost)

    def _each(self, hook: str, **kwargs: Any) -> list[Any]:
        return list(self._answers(hook, **kwargs).values())

    def _joined(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a hook whose answers are lists (or None): every plugin's items, in load order."""
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
        self._answers(hook, tolerant=True, **kwargs)

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
        answers = self._answers("collect_personal_data", person=person)
        return {name: answer for name, answer in answers.items() if answer is not None}

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

"""Finding, loading and describing plugins.

Built-ins and third-party plugins are found the same way, through the ``parley`` entry-point
group; built-ins are loaded first, by name, then the others in name order, and pluggy calls
them in that order (``tryfirst``/``trylast`` aside).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

import pluggy

from core import hookspecs
from core.hooks import PluginManager
from core.plugin_types import PROJECT

BUILTINS = ("sessions", "vetting", "minutes")
log = logging.getLogger("parley.plugins")


class PluginLoadError(RuntimeError):
    """A plugin could not be loaded or does not fit the hook specifications."""


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    distribution: str


def _ordered(points: Iterable[EntryPoint]) -> list[EntryPoint]:
    def key(point: EntryPoint) -> tuple[int, str]:
        if point.name in BUILTINS:
            return (BUILTINS.index(point.name), "")
        return (len(BUILTINS), point.name)

    return sorted(points, key=key)


def _load(point: EntryPoint) -> object:
    try:
        return point.load()
    except Exception as exc:
        raise PluginLoadError(f"Parley plugin {point.name!r} failed to load: {exc!r}") from exc


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginLoadError(f"Parley plugin {name!r} cannot be registered: {exc}") from exc


def _distribution(point: EntryPoint) -> str:
    return point.dist.name if point.dist else "unknown"


def _trace(pm: pluggy.PluginManager) -> None:
    """Log every hook call: its arguments, the plugins called, in call order, and its outcome."""

    def before(hook: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]) -> None:
        called = [
            f"{impl.plugin_name} (wrapper)"
            if impl.wrapper or impl.hookwrapper
            else impl.plugin_name
            for impl in reversed(impls)  # pluggy calls the list from its end
        ]
        log.info("%s(%s) calls %s", hook, _arguments(kwargs), called)

    def after(
        outcome: pluggy.Result, hook: str, impls: Sequence[pluggy.HookImpl], kwargs: object
    ) -> None:
        if outcome.exception is not None:
            log.info("%s raised %r", hook, outcome.exception)
        else:
            log.info("%s returned %r", hook, outcome.get_result())

    pm.add_hookcall_monitoring(before, after)


def _arguments(kwargs: Mapping[str, object]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in kwargs.items())


def build_plugin_manager(
    disabled: Iterable[str] = (),
    extra: Mapping[str, object] | None = None,
    trace: bool = False,
) -> tuple[pluggy.PluginManager, dict[str, PluginInfo]]:
    """A new manager with every enabled plugin registered and checked against the specs.

    ``extra`` registers plugin objects by name beside the entry points (tests use it), after
    them. Two distributions offering a plugin under the same name stop start-up. ``trace``
    logs every hook call to the ``parley.plugins`` logger.
    """
    disabled = set(disabled)
    pm = PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    loaded: list[tuple[str, object]] = []
    for point in _ordered(entry_points(group=PROJECT)):
        if point.name in infos:
            raise PluginLoadError(
                f"Parley plugin {point.name!r} is offered by both "
                f"{infos[point.name].distribution!r} and {_distribution(point)!r}"
            )
        if point.name in disabled:
            continue
        loaded.append((point.name, _load(point)))
        infos[point.name] = PluginInfo(
            name=point.name,
            version=point.dist.version if point.dist else "unknown",
            distribution=_distribution(point),
        )
    for name, plugin in (extra or {}).items():
        if name in disabled:
            continue
        loaded.append((name, plugin))
        infos[name] = PluginInfo(name=name, version="unknown", distribution="(registered)")
    # pluggy calls the implementation registered last first: registered backwards, the
    # plugins are called in load order
    for name, plugin in reversed(loaded):
        _register(pm, plugin, name)
    unknown = disabled - set(extra or {}) - {p.name for p in entry_points(group=PROJECT)}
    if unknown:
        log.warning(
            "No plugin called %s is installed; nothing was disabled for it", sorted(unknown)
        )
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) if exc.plugin is not None else "unknown"
        raise PluginLoadError(f"Parley plugin {name!r} does not fit the hooks: {exc}") from exc
    if trace:
        _trace(pm)
    return pm, infos


def describe(pm: pluggy.PluginManager, infos: Mapping[str, PluginInfo]) -> list[dict]:
    """What ``parley plugins`` prints: each plugin with its version and hooks."""
    out = []
    for name, info in infos.items():
        plugin = pm.get_plugin(name)
        callers = pm.get_hookcallers(plugin) or []
        out.append(
            {
                "name": name,
                "version": info.version,
                "distribution": info.distribution,
                "hooks": sorted(caller.name for caller in callers),
            }
        )
    return out

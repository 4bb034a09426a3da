"""Every hook is documented: a docstring, each argument under ``Args:``, how it collects."""

from __future__ import annotations

import inspect
import re
import types

import pytest

from core import hookspecs


def spec_functions(module) -> list:
    return [
        obj
        for _name, obj in inspect.getmembers(module, inspect.isfunction)
        if hasattr(obj, "parley_spec")
    ]


def documentation_problems(function) -> list[str]:
    doc = inspect.getdoc(function) or ""
    problems = []
    if not doc:
        return [f"{function.__name__}: no docstring"]
    if "Called" not in doc:
        problems.append(f"{function.__name__}: does not say when it is called")
    if not re.search(r"every plugin|first", doc):
        problems.append(f"{function.__name__}: does not say whether results are collected")
    args_section = doc.split("Args:", 1)[1] if "Args:" in doc else ""
    for name in inspect.signature(function).parameters:
        if not re.search(rf"^\s+{name}: \S", args_section, re.MULTILINE):
            problems.append(f"{function.__name__}: argument {name!r} is not documented")
    return problems


def test_there_are_hook_specs():
    names = {f.__name__ for f in spec_functions(hookspecs)}
    assert {"register_blueprints", "check_participation", "on_dialogue_published"} <= names


@pytest.mark.parametrize("function", spec_functions(hookspecs), ids=lambda f: f.__name__)
def test_hook_is_documented(function):
    assert documentation_problems(function) == []


def test_an_undocumented_argument_is_caught():
    module = types.ModuleType("fake_specs")
    exec(
        '''
import pluggy
hookspec = pluggy.HookspecMarker("parley")

@hookspec
def register_things(register, dialogue):
    """Add things. Called once; every plugin is asked.

    Args:
        register: call it with each thing.
    """
''',
        module.__dict__,
    )
    (function,) = spec_functions(module)
    assert documentation_problems(function) == [
        "register_things: argument 'dialogue' is not documented"
    ]


def test_every_hook_has_a_row_in_the_hook_table_of_the_plugin_guide():
    """docs/plugins.md lists every hook in its table, and no hook that no longer exists."""
    import re
    from pathlib import Path

    from core import hookspecs

    guide = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text("utf-8")
    table = guide.split("| hook | when it is called |", 1)[1].split("\n\n", 1)[0]
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))
    specs = {
        name
        for name, value in vars(hookspecs).items()
        if callable(value) and hasattr(value, "parley_spec")
    }
    assert specs, "no hookspecs found"
    assert rows == specs

"""The import contracts of ``.importlinter`` hold: plugins import from the core only
``core.plugin_api``, the core imports no plugin, plugins never import each other, and the
core's layers (models, services, views) are kept. A broken contract fails with import-linter's
report, which names each import that breaks it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import core.plugin_api as api

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` with Parley's contracts on the packages found in ``tree``."""
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("lint-imports")),
            str(ROOT / ".importlinter"),
            "--no-cache",
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def python_only(folder: str, names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if name == "__pycache__" or not (name.endswith(".py") or Path(folder, name).is_dir())
    ]


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        # a model reaching up into the visibility rule
        ("core/models/people.py", "from core.visibility import Viewer", "The core's layers"),
        # a service reaching into a view for its helper
        (
            "core/dialogues/loading.py",
            "from core.dialogues.views import HOME_PAGE_SIZE",
            "Views are imported by the app factory only",
        ),
        # a plugin reaching past core.plugin_api
        (
            "plugins/sessions/sql.py",
            "from core.participation.review import reject",
            "Plugins import from the core only core.plugin_api",
        ),
        # one plugin importing another
        (
            "plugins/minutes/feed.py",
            "import plugins.sessions.sql",
            "Plugins never import each other",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, bad_import, contract):
    """A copy of the core and the plugins with one import added breaks the contract that forbids
    it, and the report names the line."""
    for package in ("core", "plugins"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=python_only)
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{bad_import}  # noqa\n")
    result = lint_imports(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    assert "1 broken." in report, report
    broken = report.split("Broken contracts", 1)[1]
    title = next(line for line in broken.splitlines() if line.strip("- "))
    assert title.startswith(contract), report
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {bad_import.split()[1]}" in broken, report


def test_plugin_api_offers_every_name_it_declares():
    missing = [name for name in api.__all__ if getattr(api, name, None) is None]
    assert missing == []

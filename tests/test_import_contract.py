"""The import contracts of ``.importlinter`` hold: plugins import from the core only
``core.plugin_api``, the core imports no plugin, plugins never import each other, and the
core's layers (models, services, views) are kept. A broken contract fails with import-linter's
report, which names each import that breaks it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import core.plugin_api as api

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_plugin_api_offers_every_name_it_declares():
    missing = [name for name in api.__all__ if getattr(api, name, None) is None]
    assert missing == []

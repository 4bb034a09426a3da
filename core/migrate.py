"""Alembic, configured from the application: the core's versions plus every plugin's branch."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from core.db import get_engine
from core.hooks import Hooks
from core.plugins import build_plugin_manager

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _plugin_folders(app: Flask) -> list[Path]:
    """Every installed plugin's folder, disabled ones included: a plugin switched off after
    its tables were made still owns revisions the database has applied."""
    pm, _infos = build_plugin_manager(extra=app.extensions["parley.extra_plugins"])
    return Hooks(pm).migration_folders()


def alembic_config(app: Flask) -> Config:
    folders = [MIGRATIONS / "versions", *_plugin_folders(app)]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(str(f) for f in folders))
    return config


def upgrade(app: Flask, target: str = "heads") -> None:
    """Bring the database up to ``target`` (every branch head by default)."""
    config = alembic_config(app)
    with get_engine(app).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def script_heads(app: Flask) -> set[str]:
    """The newest revision of every branch in the migration scripts."""
    return set(ScriptDirectory.from_config(alembic_config(app)).get_heads())


def applied_heads(app: Flask) -> set[str]:
    """The revisions the database is at."""
    with get_engine(app).connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())

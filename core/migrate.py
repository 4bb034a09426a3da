"""Alembic, configured from the application: the core's versions plus every plugin's branch."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask

from core.db import get_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(app: Flask) -> Config:
    folders = [MIGRATIONS / "versions", *app.extensions["parley.hooks"].migration_folders()]
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


def current_heads(app: Flask) -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(app)).get_heads())

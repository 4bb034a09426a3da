"""Fixtures: ``app``, ``client`` and ``runner`` (as in flaskr), on every database backend.

The suite always runs on SQLite; when ``PARLEY_TEST_DATABASE_URL`` names a PostgreSQL server
it runs again on PostgreSQL, in a database of its own that is dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from core import create_app, migrate
from core.db import get_engine

PG_URL = os.environ.get("PARLEY_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def base_config(url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": True,
        # tests of organisers and administrators sign in with a password only; the tests of
        # two-factor authentication turn the requirement on
        "REQUIRE_TWO_FACTOR": [],
        **extra,
    }


def migrated(url: str) -> None:
    app = create_app(base_config(url))
    migrate.upgrade(app)
    get_engine(app).dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Iterator[dict]:
    """A migrated, empty database template for the whole run, one per backend."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "template.db"
        migrated(f"sqlite:///{path}")
        yield {"name": "sqlite", "template": path}
        return
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"parley_test_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrated(url)
        yield {"name": "postgresql", "url": url}
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(backend, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database for one test."""
    if backend["name"] == "sqlite":
        path = tmp_path / "parley.db"
        shutil.copy(backend["template"], path)
        yield f"sqlite:///{path}"
        return
    yield backend["url"]
    engine = sa.create_engine(backend["url"])
    with engine.begin() as conn:
        tables = conn.scalars(
            sa.text(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ).all()
        conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def make_app(database_url: str):
    """Build apps on the test's database; each is disposed of after the test."""
    apps: list[Flask] = []

    def factory(plugins: dict | None = None, **config) -> Flask:
        app = create_app(base_config(database_url, **config), plugins=plugins)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        get_engine(app).dispose()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An application context, for tests that use the database directly."""
    with app.app_context():
        yield app

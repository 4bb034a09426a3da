"""Migrations: an empty database goes to every branch head, matches the models, and back."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import core.models  # noqa: F401
from core import migrate
from core.db import Base, get_engine
from core.plugins import BUILTINS
from tests.conftest import PG_URL, base_config


@pytest.fixture
def empty_url(backend, tmp_path) -> Iterator[str]:
    """A brand-new, empty database on the backend under test."""
    if backend["name"] == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"parley_mig_{secrets.token_hex(4)}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_heads_builds_every_branch_and_matches_the_models(empty_url):
    from core import create_app

    app = create_app(base_config(empty_url))
    migrate.upgrade(app)
    engine = get_engine(app)
    heads = migrate.script_heads(app)
    assert all(any(head.startswith(f"{name}_") for head in heads) for name in BUILTINS)
    assert migrate.applied_heads(app) == heads
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_downgrade_to_base_and_up_again(empty_url):
    from core import create_app

    app = create_app(base_config(empty_url))
    migrate.upgrade(app)
    config = migrate.alembic_config(app)
    engine = get_engine(app)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(app)
    assert "participation" in sa.inspect(engine).get_table_names()
    engine.dispose()


def test_every_plugin_branch_depends_on_the_core(app):
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config(app))
    for name in BUILTINS:
        base = scripts.get_revision(f"{name}_0001")
        assert base.branch_labels == {name}
        assert base.dependencies == "c0001"


def test_a_plugin_disabled_after_its_migrations_does_not_break_upgrade(make_app):
    app = make_app(DISABLED_PLUGINS=["minutes"])
    migrate.upgrade(app)
    assert any(head.startswith("minutes_") for head in migrate.applied_heads(app))
    result = app.test_cli_runner().invoke(args=["db", "current"])
    assert result.exit_code == 0 and "minutes_" in result.output
    assert "Not yet applied" not in result.output

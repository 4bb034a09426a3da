"""``parley export`` and ``parley import``: the demo, plugins included, round-trips whole."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from core import create_app, migrate
from core.backup import SKIPPED, rows_of
from core.db import get_engine
from tests.conftest import PG_URL, base_config


@pytest.fixture
def empty_url(backend, tmp_path) -> Iterator[str]:
    """A second database on the test's backend, migrated and empty."""
    if backend["name"] == "sqlite":
        url = f"sqlite:///{tmp_path / 'restored.db'}"
        app = create_app(base_config(url))
        migrate.upgrade(app)
        get_engine(app).dispose()
        yield url
        return
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"parley_restore_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    app = create_app(base_config(url))
    try:
        migrate.upgrade(app)
        get_engine(app).dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def restored_app(empty_url) -> Iterator:
    app = create_app(base_config(empty_url))
    yield app
    get_engine(app).dispose()


def everything(app) -> dict[str, list]:
    """Every row of every table, as the backup writes them."""
    engine = get_engine(app)
    with engine.connect() as connection:
        reflected = sa.MetaData()
        reflected.reflect(connection)
        return {
            name: rows_of(connection, table)
            for name, table in reflected.tables.items()
            if name not in SKIPPED
        }


def test_the_demo_round_trips_whole(app, runner, restored_app, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    backup = tmp_path / "parley.json.gz"
    exported = runner.invoke(args=["export", str(backup)])
    assert exported.exit_code == 0, exported.output
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    restored = restored_app.test_cli_runner().invoke(args=["import", str(backup)])
    assert restored.exit_code == 0, restored.output
    before, after = everything(app), everything(restored_app)
    assert {name for name, rows in before.items() if rows} >= {
        "audit_event",
        "participation",
        "sessions_session",
        "vetting_finding",
        "minutes_version",
    }
    assert after == before
    # the restored instance goes on: new rows get new ids, and pages answer
    with restored_app.app_context():
        assert restored_app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    client = restored_app.test_client()
    assert client.get("/dialogues/7th-ahrd-2025").status_code == 200


def test_a_restore_into_a_database_with_data_is_refused(app, runner, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    backup = tmp_path / "parley.json"
    runner.invoke(args=["export", str(backup)])
    result = runner.invoke(args=["import", str(backup)])
    assert result.exit_code == 1
    assert "Nothing was restored. The database is not empty" in result.output


def test_a_broken_backup_restores_nothing(app, runner, restored_app, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    backup = tmp_path / "parley.json"
    runner.invoke(args=["export", str(backup)])
    data = json.loads(backup.read_text())
    participation = data["tables"]["participation"]
    participation["rows"][0][participation["columns"].index("dialogue_id")] = 999_999
    backup.write_text(json.dumps(data))
    result = restored_app.test_cli_runner().invoke(args=["import", str(backup)])
    assert result.exit_code == 1
    assert "Nothing was restored. Table participation cannot be restored" in result.output
    assert all(not rows for rows in everything(restored_app).values())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot be read as a Parley backup"),
        ('{"format": "something else"}', "This file is not a Parley backup"),
        (
            '{"format": "parley-backup", "format_version": 1, "revisions": ["x"], "tables": {}}',
            "The backup was taken at database revisions x",
        ),
    ],
)
def test_what_is_not_a_backup_is_refused_plainly(runner, tmp_path, content, message):
    path = tmp_path / "backup.json"
    path.write_text(content)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1 and message in result.output


@pytest.mark.skipif(not PG_URL, reason="needs PARLEY_TEST_DATABASE_URL (set in CI)")
def test_a_backup_from_sqlite_restores_into_postgresql(tmp_path):
    source = create_app(base_config(f"sqlite:///{tmp_path / 'source.db'}"))
    migrate.upgrade(source)
    runner = source.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    backup = tmp_path / "parley.json"
    assert runner.invoke(args=["export", str(backup)]).exit_code == 0
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"parley_restore_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    target = create_app(base_config(url))
    try:
        migrate.upgrade(target)
        result = target.test_cli_runner().invoke(args=["import", str(backup)])
        assert result.exit_code == 0, result.output
        assert everything(target) == everything(source)
    finally:
        get_engine(target).dispose()
        get_engine(source).dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

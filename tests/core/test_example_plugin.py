"""The example plugin of docs/examples, built and installed like any third-party distribution.

The module's fixture builds ``docs/examples/parley-example`` with pip into a temporary folder
and puts that folder on ``sys.path``, so the plugin is found through its ``parley`` entry point
exactly as an installed one would be. When the module is done, the folder, the imported modules
and the plugin's table on ``core.db.Base`` are removed again, so later tests do not see it.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from core import migrate
from core.db import Base, db_session, get_engine
from core.plugins import BUILTINS
from tests import factories

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "parley-example"
PACKAGE = "parley_example"
TABLE = "example_note"
EXPECTED_HOOKS = ["register_blueprints", "register_dialogue_tabs", "register_migrations"]


def _example_modules() -> list[str]:
    return [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]


def _example_entry_points() -> list:
    return [point for point in entry_points(group="parley") if point.name == "example"]


def _forget_example(site: Path) -> None:
    """Undo everything the installed example left in this process."""
    if str(site) in sys.path:
        sys.path.remove(str(site))
    sys.path_importer_cache.pop(str(site), None)
    for name in _example_modules():
        del sys.modules[name]
    # The mapped class stays alive as long as the last test's app does, and the module runs
    # again for each database backend: dispose of its mapper now, so that later tests do not
    # see it and a new import declares it afresh without a duplicate-class warning. SQLAlchemy
    # offers this only for a whole registry (registry.dispose), hence the private calls.
    registry = Base.registry
    for manager in [m for m in registry._managers if m.class_.__module__.startswith(PACKAGE)]:
        del registry._managers[manager]
        registry._dispose_manager_and_mapper(manager)
    table = Base.metadata.tables.get(TABLE)
    if table is not None:
        Base.metadata.remove(table)
    importlib.invalidate_caches()


@pytest.fixture(scope="module")
def example_installed(backend, tmp_path_factory) -> Iterator[Path]:
    """``parley-example`` built and installed into a temporary folder that is on sys.path.

    It asks for ``backend`` first: the suite's template database must be migrated while the
    example is not installed, or every later test would get the example's branch as well.
    """
    work = tmp_path_factory.mktemp("parley-example")
    # build from a copy, so that setuptools' build/ and *.egg-info stay out of the repository
    source = work / "source"
    shutil.copytree(
        EXAMPLE,
        source,
        ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__"),
    )
    site = work / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(source),
        ],
        capture_output=True,
        text=True,
        cwd=work,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            "pip could not build and install docs/examples/parley-example. Building a wheel "
            "without build isolation needs setuptools>=70.1, or an older setuptools with the "
            f"'wheel' package, in this environment.\n{result.stdout}\n{result.stderr}"
        )
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        yield site
    finally:
        _forget_example(site)
        assert _example_entry_points() == []
        assert TABLE not in Base.metadata.tables
        leftovers = [m for m in Base.registry.mappers if m.class_.__module__.startswith(PACKAGE)]
        assert leftovers == []


@pytest.fixture
def example_app(example_installed, make_app) -> Flask:
    return make_app()


@pytest.fixture
def undo_example_branch(example_app: Flask) -> Iterator[None]:
    """Take the example's branch out of the database again after the test.

    On PostgreSQL the suite shares one database between tests; a leftover ``example_0001`` in
    ``alembic_version`` would make every later upgrade fail to find that revision.
    """
    yield
    config = migrate.alembic_config(example_app)
    with get_engine(example_app).begin() as connection:
        config.attributes["connection"] = connection
        applied = set(connection.scalars(sa.text("SELECT version_num FROM alembic_version")))
        if "example_0001" in applied:
            command.downgrade(config, "example@base")


def test_entry_point_is_found(example_installed):
    (point,) = _example_entry_points()
    assert point.value == PACKAGE
    assert point.dist is not None
    assert point.dist.name == "parley-example"
    assert point.dist.version == "0.1.0"


def test_wheel_carries_templates_and_migrations(example_installed):
    package = example_installed / PACKAGE
    assert (package / "templates" / "example" / "hello.html").is_file()
    assert (package / "migrations" / "example_0001_note.py").is_file()


def test_parley_plugins_lists_the_example_with_its_hooks(example_app):
    result = example_app.test_cli_runner().invoke(args=["plugins"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    names = [plugin["name"] for plugin in listed]
    example = next(plugin for plugin in listed if plugin["name"] == "example")
    assert example == {
        "name": "example",
        "version": "0.1.0",
        "distribution": "parley-example",
        "hooks": EXPECTED_HOOKS,
    }
    # third-party plugins are registered after every built-in
    assert all(names.index(b) < names.index("example") for b in BUILTINS if b in names)


def test_hello_page_extends_the_base_layout(example_app):
    response = example_app.test_client().get("/example/hello")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Hello from the example plugin</h1>" in html
    assert "<title>Example \u2013 Parley</title>" in html
    assert 'href="#main"' in html  # the skip link of base.html


def test_dialogue_page_shows_the_example_tab(example_app):
    with example_app.app_context():
        dialogue = factories.dialogue()
        db_session().commit()
        slug = dialogue.slug
    response = example_app.test_client().get(f"/dialogues/{slug}")
    assert response.status_code == 200
    assert '<a href="/example/hello">Example</a>' in response.get_data(as_text=True)


def test_upgrade_applies_the_example_branch(example_app, undo_example_branch):
    from parley_example.models import ExampleNote

    engine = get_engine(example_app)
    # the suite's database was migrated without the example; its branch is a new head
    assert TABLE not in sa.inspect(engine).get_table_names()
    heads = migrate.script_heads(example_app)
    assert "example_0001" in heads
    assert len(heads) > 1

    migrate.upgrade(example_app)

    inspector = sa.inspect(engine)
    assert TABLE in inspector.get_table_names()
    assert inspector.get_pk_constraint(TABLE)["name"] == "pk_example_note"
    (foreign_key,) = inspector.get_foreign_keys(TABLE)
    assert foreign_key["name"] == "fk_example_note_dialogue_id_dialogue"
    assert foreign_key["referred_table"] == "dialogue"
    assert foreign_key["options"].get("ondelete") == "CASCADE"
    with engine.connect() as connection:
        applied = set(connection.scalars(sa.text("SELECT version_num FROM alembic_version")))
        assert "example_0001" in applied
        assert applied == heads

        # the model and the migration describe the same table
        def only_example(obj, name, type_, reflected, compare_to) -> bool:
            return type_ != "table" or name == TABLE

        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": only_example}
        )
        assert compare_metadata(context, Base.metadata) == []

    with example_app.app_context():
        session = db_session()
        dialogue = factories.dialogue()
        session.add(ExampleNote(dialogue_id=dialogue.id, text="Bring the interpreters early."))
        session.commit()
        assert session.scalar(sa.select(ExampleNote.text)) == "Bring the interpreters early."
        session.delete(dialogue)
        session.commit()
        assert session.scalar(sa.select(sa.func.count()).select_from(ExampleNote)) == 0

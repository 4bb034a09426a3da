"""Configuration: environment variables, the instance file, the generated secret key."""

from __future__ import annotations

import stat

import pytest

from core import create_app


@pytest.fixture
def instance(monkeypatch, tmp_path):
    for name in ("PARLEY_SECRET_KEY", "PARLEY_DATABASE_URL", "PARLEY_DISABLED_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARLEY_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_defaults_to_sqlite_in_the_instance_folder(instance):
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'parley.db'}"


def test_secret_key_is_generated_once_and_kept_private(instance):
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) == 64
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_environment_overrides_instance_file(instance, monkeypatch):
    (instance / "parley.cfg").write_text(
        'SECRET_KEY = "from-file"\nDATABASE_URL = "sqlite:///from-file.db"\n'
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    monkeypatch.setenv("PARLEY_DATABASE_URL", "postgresql+psycopg://u@db.example/parley")
    monkeypatch.setenv("PARLEY_SESSION_COOKIE_SECURE", "false")
    app = create_app()
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@db.example/parley"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert not (instance / "secret_key").exists()


def test_disabled_plugins_accepts_a_plain_comma_list(instance, monkeypatch):
    monkeypatch.setenv("PARLEY_DISABLED_PLUGINS", "minutes, vetting")
    app = create_app()
    assert app.config["DISABLED_PLUGINS"] == ["minutes", "vetting"]
    assert list(app.extensions["parley.plugins"]) == ["sessions"]

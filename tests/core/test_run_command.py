"""``parley run`` says where e-mail goes before it starts Flask's development server."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from core.cli.run import NO_SMTP, run_command


@pytest.fixture
def served(monkeypatch) -> list:
    """The calls to the development server, which is not started."""
    calls: list = []
    monkeypatch.setattr("flask.cli.run_simple", lambda *a, **k: calls.append((a, k)))
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    return calls


def run(app, *args: str):
    group = FlaskGroup(create_app=lambda: app, add_default_commands=False, load_dotenv=False)
    group.add_command(run_command)
    return CliRunner().invoke(group, ["run", "--port", "5999", *args])


@pytest.mark.parametrize("reloaded", [False, True])
def test_without_an_smtp_server_run_says_mail_goes_to_the_outbox_page(
    app, served, monkeypatch, reloaded
):
    if reloaded:  # the reloader's child: said once already, by its parent
        monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    result = run(app)
    assert result.exit_code == 0, result.output
    assert (NO_SMTP in result.output) is not reloaded
    assert "/admin/outbox" in NO_SMTP and "PARLEY_MAIL_SERVER" in NO_SMTP
    [(args, _options)] = served
    assert args[1] == 5999


def test_with_an_smtp_server_run_says_nothing_of_it(make_app, served):
    result = run(make_app(MAIL_SERVER="smtp.example.org"))
    assert result.exit_code == 0, result.output
    assert NO_SMTP not in result.output
    assert len(served) == 1


def test_the_parley_command_keeps_flasks_run_shell_and_routes(monkeypatch):
    from core import console

    seen = {}
    monkeypatch.setattr(FlaskGroup, "main", lambda self: seen.update(self.commands))
    console.main()
    assert set(seen) == {"run", "shell", "routes"}
    assert seen["run"] is run_command

"""Error pages say what happened in plain words and never show internals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Blueprint
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from core.db import db_session
from core.plugin_api import hookimpl

SECRET = "Traceback-canary-internal-detail"


class FailingPlugin:
    @hookimpl
    def register_blueprints(self, register):
        bp = Blueprint("failing", __name__)

        @bp.route("/boom")
        def boom():
            raise RuntimeError(SECRET)

        @bp.route("/bad-sql")
        def bad_sql():
            db_session().execute(sa.text(f"SELECT * FROM {SECRET.replace('-', '_')}"))

        register(bp)


def test_unknown_url_is_a_plain_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "Traceback" not in html


def test_unexpected_error_is_a_500_without_internals(make_app):
    client = make_app(
        plugins={"failing": FailingPlugin()}, PROPAGATE_EXCEPTIONS=False
    ).test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html
    assert SECRET not in html and "Traceback" not in html


def test_database_error_is_a_500_without_internals(make_app):
    client = make_app(
        plugins={"failing": FailingPlugin()}, PROPAGATE_EXCEPTIONS=False
    ).test_client()
    response = client.get("/bad-sql")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "SELECT" not in html and "Traceback_canary" not in html
    assert client.get("/").status_code == 200  # the session was rolled back and still works


def test_an_unreachable_database_is_a_503(database_url):
    from core import create_app

    app = create_app(
        {"DATABASE_URL": "postgresql+psycopg://parley@127.0.0.1:1/none", "SECRET_KEY": "k"}
    )
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "cannot reach its database" in response.get_data(as_text=True)


class _DriverError(Exception):
    def __init__(self, sqlstate):
        super().__init__(f"driver error {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        # a statement cut by the server's restart ("terminating connection due to
        # administrator command") and one that finds the connection closed
        (OperationalError("SELECT 1", {}, _DriverError("57P01")), True),
        (InterfaceError("SELECT 1", {}, _DriverError(None), connection_invalidated=True), True),
        (OperationalError("SELECT 1", {}, _DriverError("08006")), True),
        (OperationalError(None, None, _DriverError(None)), True),
        # a faulty statement is the application's error, not the database's absence
        (ProgrammingError("SELEC 1", {}, _DriverError("42601")), False),
        (OperationalError("SELECT 1", {}, _DriverError("40001")), False),
    ],
)
def test_a_lost_database_is_told_apart_from_a_faulty_statement(error, unreachable):
    from core.errors import _database_unreachable

    assert _database_unreachable(error) is unreachable


def test_a_405_says_which_methods_are_allowed(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]

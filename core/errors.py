"""Error pages that say what happened in plain words and nothing about the internals."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from core.db import db_session
from core.participation.status import ParticipationChanged

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    401: ("Sign in first", "Sign in to do this, then try again."),
    403: ("Not allowed", "You do not have permission to do this."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Not allowed", "This page cannot be used this way."),
    409: (
        "Saved meanwhile",
        "Something with the same name or number was saved at the same moment. "
        "Go back, reload the page and try again.",
    ),
    413: ("Too large", "What you sent is too large."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Something went wrong", "The problem has been logged. Try again later."),
    503: ("Service unavailable", "Parley cannot reach its database. Try again shortly."),
}


def _page(code: int, detail: str | None = None, headers: dict | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    page = render_template("error.html", code=code, title=title, message=detail or message)
    return page, code, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return _page(400, "Your form expired or was sent from elsewhere. Reload it and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # keep what the answer must carry, e.g. Allow on a 405 and Retry-After on a 429
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return _page(error.code or 500, headers=headers)

    @app.errorhandler(ParticipationChanged)
    def participation_changed(error: ParticipationChanged):
        return _page(409, str(error))

    @app.errorhandler(IntegrityError)
    def conflict(error: IntegrityError):
        app.logger.warning("integrity error: %s", error.orig)
        db_session().rollback()
        return _page(409)

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        app.logger.exception("database error", exc_info=error)
        db_session().rollback()
        return _page(503 if _database_unreachable(error) else 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error", exc_info=error)
        return _page(500)


def _database_unreachable(error: SQLAlchemyError) -> bool:
    """A lost or refused connection, as opposed to a faulty statement: the driver's connection
    was found dead, none could be made, or the server says it is shutting down or restarting
    (SQLSTATE classes 08 and 57P, as PostgreSQL answers a statement cut by its restart)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OperationalError) and error.statement is None:
        return True
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None) or ""
    return sqlstate.startswith(("08", "57P"))

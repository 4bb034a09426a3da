"""``/audit``: the audit log, filtered by dialogue, account, kind and dates (UTC), 50 entries to
a page cut in SQL, and ``/audit.csv``: the filtered entries as a spreadsheet, streamed.

Who reads what is ``core.audit_log.scope``'s rule. The page asks the database the same number
of times however many entries there are: the filters' choices, the count and the page, then
the names of the page's accounts and dialogues in one query each.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_login import current_user
from wtforms import DateField, Form, SelectChoice, SelectField
from wtforms.validators import Optional, ValidationError

from core import audit
from core.audit_log import scope as scopes
from core.db import db_session
from core.forms import EARLIEST_YEAR, LATEST_YEAR
from core.models import AuditEvent, Dialogue, User
from core.pagination import paginate
from core.spreadsheets import formula_safe

bp = Blueprint("audit_log", __name__)

PAGE_SIZE = 50
NONE = -1  # the choice of entries without a dialogue, or without an account


def _date_in_range(_form, field) -> None:
    if field.data is not None and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
        raise ValidationError(f"Enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}")


class AuditFilter(Form):
    """The page's filters, read from the query string (a GET form: no CSRF token)."""

    dialogue = SelectField("Dialogue", coerce=int, default=0)
    actor = SelectField("Done by", coerce=int, default=0)
    kind = SelectField("Kind", default="")
    since = DateField("From", [Optional(), _date_in_range], description="A day in UTC, included")
    until = DateField("To", [Optional(), _date_in_range], description="A day in UTC, included")

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The last day must not be before the first")


@bp.app_template_global("may_read_audit_log")
def may_read(user) -> bool:
    """Whether ``user`` reads any of the audit log: the navigation links to it then."""
    return scopes.scope(user) is not None


def _viewer_scope() -> sa.ColumnElement[bool]:
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    condition = scopes.scope(current_user)
    if condition is None:
        abort(403)
    return condition


def _form(condition: sa.ColumnElement[bool]) -> AuditFilter:
    form = AuditFilter(request.args)
    dialogues = [SelectChoice(i, title) for i, title in scopes.dialogues(condition)]
    actors = [SelectChoice(i, name) for i, name in scopes.actors(condition)]
    form.dialogue.choices = [SelectChoice(0, "Every dialogue"), *dialogues]
    if current_user.is_admin:
        form.dialogue.choices.append(SelectChoice(NONE, "No dialogue (accounts, registry)"))
    form.actor.choices = [
        SelectChoice(0, "Anyone"),
        *actors,
        SelectChoice(NONE, "No account (Parley itself)"),
    ]
    form.kind.choices = [
        SelectChoice("", "Any kind"),
        *(SelectChoice(kind, kind) for kind in scopes.kinds(condition)),
    ]
    return form


def _filtered(condition: sa.ColumnElement[bool], form: AuditFilter) -> sa.Select:
    e = AuditEvent
    query = sa.select(e).where(condition).order_by(e.at.desc(), e.id.desc())
    for column, value in ((e.dialogue_id, form.dialogue.data), (e.actor_id, form.actor.data)):
        if value == NONE:
            query = query.where(column.is_(None))
        elif value:
            query = query.where(column == value)
    if form.kind.data:
        query = query.where(e.action == form.kind.data)
    if form.since.data:
        query = query.where(e.at >= datetime.combine(form.since.data, time.min, UTC))
    if form.until.data:
        day_after = form.until.data + timedelta(days=1)
        query = query.where(e.at < datetime.combine(day_after, time.min, UTC))
    return query


def _asked() -> tuple[AuditFilter, sa.Select | None]:
    """This request's filters, and the query of the entries they ask for within what the
    viewer may read: ``None`` when a filter is wrong."""
    condition = _viewer_scope()
    form = _form(condition)
    return form, _filtered(condition, form) if form.validate() else None


def _wrong_filter(form: AuditFilter):
    return render_template("audit/index.html", form=form, page=None), 422


@bp.route("/audit")
def index():
    form, query = _asked()
    if query is None:
        return _wrong_filter(form)
    page = paginate(query, request.args, size=PAGE_SIZE)
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        names=_names(page.items),
        context=context,
        export_args={k: v for k, v in request.args.items() if k != "page"},
    )


def _names(entries: list[AuditEvent]) -> dict[str, dict[int, str]]:
    """The names of the accounts and the titles of the dialogues ``entries`` mention."""
    session = db_session()
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    dialogue_ids = {e.dialogue_id for e in entries if e.dialogue_id is not None}
    actors = session.execute(sa.select(User.id, User.name).where(User.id.in_(actor_ids)))
    titles = session.execute(
        sa.select(Dialogue.id, Dialogue.title).where(Dialogue.id.in_(dialogue_ids))
    )
    return {"actors": {i: name for i, name in actors}, "dialogues": {i: t for i, t in titles}}


def context(entry: AuditEvent) -> list[tuple[str, str]]:
    """An entry's reason and details as (key, value) text, in the order of their keys."""
    pairs = [("reason", entry.reason)] if entry.reason else []
    for key, value in sorted((entry.details or {}).items()):
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        pairs.append((str(key), text))
    return pairs


CSV_HEADER = (
    "when (UTC)",
    "kind",
    "done by",
    "account id",
    "dialogue",
    "dialogue id",
    "object",
    "object id",
    "context",
)


@bp.route("/audit.csv")
def export():
    form, query = _asked()
    if query is None:
        return _wrong_filter(form)
    query = (
        query.add_columns(User.name, Dialogue.title)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Dialogue, Dialogue.id == AuditEvent.dialogue_id)
        .execution_options(yield_per=500)
    )
    audit.record(
        "audit.exported",
        current_user,
        dialogue_id=form.dialogue.data if form.dialogue.data > 0 else None,
        filters={k: v for k, v in request.args.items() if k != "page" and v},
    )
    db_session().commit()
    return Response(
        stream_with_context(_rows(query)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


def _rows(query: sa.Select) -> Iterator[str]:
    """The CSV, a line at a time, each cell safe from spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out)

    def line(cells: tuple[Any, ...]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow([formula_safe("" if c is None else str(c)) for c in cells])
        return out.getvalue()

    yield line(CSV_HEADER)
    for entry, actor, title in db_session().execute(query):
        yield line(
            (
                entry.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                entry.action,
                actor,
                entry.actor_id,
                title,
                entry.dialogue_id,
                entry.object_type,
                entry.object_id,
                "; ".join(f"{key}: {value}" for key, value in context(entry)),
            )
        )

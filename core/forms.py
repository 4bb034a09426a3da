"""Validators and helpers shared by the core's forms."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import sqlalchemy as sa
from flask import render_template
from wtforms import Field, Form
from wtforms.validators import ValidationError

from core.db import db_session

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIMEZONES = frozenset(available_timezones())


def form_page(template: str, form: Form, **context) -> tuple[str, int]:
    """Render a page holding ``form``: 422 when it has errors, so the answer says so too."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def valid_slug(_form: Form, field: Field) -> None:
    if field.data and not SLUG_RE.match(field.data):
        raise ValidationError(
            "Use lower-case letters, digits and single hyphens only, e.g. 7th-ahrd-2025"
        )


def valid_timezone(_form: Form, field: Field) -> None:
    if field.data not in TIMEZONES:
        raise ValidationError(
            f"“{field.data}” is not a known timezone. Use a name such as Asia/Jakarta"
        )


class Unique:
    """The value is not already used by another row of ``column``."""

    def __init__(self, column: sa.orm.InstrumentedAttribute, message: str) -> None:
        self.column = column
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        query = sa.select(self.column.class_.id).where(self.column == field.data)
        current = getattr(form, "editing_id", None)
        if current is not None:
            query = query.where(self.column.class_.id != current)
        if db_session().scalar(query.limit(1)) is not None:
            raise ValidationError(self.message)


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time in ``zone`` as UTC; refuses times a clock change skips."""
    tz = ZoneInfo(zone)
    aware = local.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise ValueError(f"{local:%d %B %Y %H:%M} does not exist in {zone} (the clocks change)")
    return aware.astimezone(UTC)


def to_local(moment: datetime, zone: str) -> datetime:
    """A UTC time as wall-clock time in ``zone``, without tzinfo, for a form field."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)

"""Validators and helpers shared by the core's forms."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import render_template
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    Form,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from core.db import db_session
from core.models.enums import label

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ParleyForm(FlaskForm):
    """The base of Parley's forms: text is stripped of surrounding white space on the way in,
    so that what is validated (e.g. for uniqueness) is what is saved."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                filters.append(_strip)
            return unbound_field.bind(form=form, filters=filters, **options)


class CheckboxesField(SelectMultipleField):
    """A choice of several, shown as checkboxes (the ``checkboxes`` macro renders it)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class HiddenIntegerField(IntegerField):
    """A number the page keeps in the form for the next request (a revision, an id), sent back
    hidden. Empty is no number (``None``), not an error: a new record has no revision yet, and
    a browser sends the empty hidden field as the page rendered it. A form that needs the number
    says so with its own validator and message; one that is not a number is refused in words,
    for the person cannot see, nor type into, the field."""

    widget = HiddenInput()

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as error:
            self.data = None
            raise ValueError(
                "The page sent back a value it did not give: open the page again, then repeat "
                "what you did"
            ) from error


def choices(enum: type[StrEnum]) -> list[SelectChoice]:
    """The members of a vocabulary as choices, with their plain-words labels."""
    return [SelectChoice(member.value, label(member)) for member in enum]


def form_page(template: str, form: Form, **context) -> tuple[str, int]:
    """Render a page holding ``form``: 422 when it has errors, so the answer says so too."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def stopped_page(template: str, form: Form, **context) -> tuple[str, int]:
    """Render a form again after the gate stopped what it asked (its errors say so): 409, not
    422, because the stop is a decision the database keeps (audit entries, findings)."""
    return render_template(template, form=form, **context), 409


def has_letters(text: str) -> bool:
    """Whether a name holds a letter once invisible and format characters are set aside."""
    return any(unicodedata.category(c)[0] == "L" for c in unicodedata.normalize("NFKC", text))


def readable_name(_form: Form, field: Field) -> None:
    """A name must hold letters: one made of zero-width or format characters only would look
    empty on every page and badge, and give screening nothing to compare."""
    if field.data and not has_letters(field.data):
        raise ValidationError("Enter a name with letters in it: hidden characters do not count")


def valid_slug(_form: Form, field: Field) -> None:
    if field.data and not SLUG_RE.match(field.data):
        raise ValidationError(
            "Use lower-case letters, digits and single hyphens only, e.g. 7th-ahrd-2025"
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
    """A wall-clock time in ``zone`` as UTC.

    Refuses times a clock change skips or repeats, and years no meeting is held in, with a
    message for the person who typed them.
    """
    if not EARLIEST_YEAR <= local.year <= LATEST_YEAR:
        raise ValueError(f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}")
    tz = ZoneInfo(zone)
    aware = local.replace(tzinfo=tz)
    when = f"{local.day} {local:%B %Y %H:%M}"
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise ValueError(f"{when} does not exist in {zone} (the clocks go forward)")
    if aware.utcoffset() != aware.replace(fold=1).utcoffset():
        raise ValueError(
            f"{when} happens twice in {zone} (the clocks go back); choose another time"
        )
    return aware.astimezone(UTC)


def to_local(moment: datetime, zone: str) -> datetime:
    """A UTC time as wall-clock time in ``zone``, without tzinfo, for a form field."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)

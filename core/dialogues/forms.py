from __future__ import annotations

from wtforms import DateTimeLocalField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from core.forms import (
    CheckboxesField,
    ParleyForm,
    Unique,
    choices,
    to_utc,
    valid_slug,
)
from core.markdown import MARKDOWN_HINT
from core.models import Dialogue, DialogueFormat, Series
from core.registry_scope import (
    RegistryScope,
    organisations_not_to_be_named,
    people_not_to_be_named,
)
from core.timezones import known_zone

REQUIRED = "Enter {}"


class SeriesForm(ParleyForm):
    name = StringField(
        "Name", validators=[DataRequired(REQUIRED.format("a name")), Length(max=200)]
    )
    slug = StringField(
        "Short name for web addresses",
        description="Lower-case letters, digits and hyphens, e.g. asean-hrd",
        validators=[
            DataRequired(REQUIRED.format("a short name")),
            Length(max=80),
            valid_slug,
            Unique(Series.slug, "Another series already uses this short name"),
        ],
    )
    acronym = StringField("Acronym", validators=[Optional(), Length(max=40)])
    description = TextAreaField(
        "Description",
        description=MARKDOWN_HINT,
        validators=[Optional(), Length(max=20000)],
    )


class DialogueForm(ParleyForm):
    title = StringField(
        "Title", validators=[DataRequired(REQUIRED.format("a title")), Length(max=300)]
    )
    slug = StringField(
        "Short name for web addresses",
        description="Lower-case letters, digits and hyphens, e.g. 7th-ahrd-2025",
        validators=[
            DataRequired(REQUIRED.format("a short name")),
            Length(max=80),
            valid_slug,
            Unique(Dialogue.slug, "Another dialogue already uses this short name"),
        ],
    )
    series_id = SelectField("Series", coerce=int, validate_choice=True)
    edition = StringField(
        "Edition", description="For example: 7th", validators=[Optional(), Length(max=40)]
    )
    theme = StringField("Theme", validators=[Optional(), Length(max=500)])
    description = TextAreaField(
        "Description",
        description=MARKDOWN_HINT,
        validators=[Optional(), Length(max=20000)],
    )
    timezone = StringField(
        "Timezone",
        description="Type the venue's city or country and choose from the list, e.g. Jakarta "
        "or Brussels; a city near the venue in the same timezone does too",
        validators=[DataRequired(REQUIRED.format("a timezone")), known_zone],
    )
    starts_at = DateTimeLocalField(
        "Starts",
        description="Local time at the venue",
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired("Enter the start date and time")],
    )
    ends_at = DateTimeLocalField(
        "Ends",
        description="Local time at the venue",
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired("Enter the end date and time")],
    )
    format = RadioField("Format", choices=choices(DialogueFormat))
    venue = StringField("Venue", validators=[Optional(), Length(max=300)])
    city = StringField("City", validators=[Optional(), Length(max=120)])
    country = StringField("Country", validators=[Optional(), Length(max=120)])
    # chosen among the registry the user may pick from (``core.registry_scope``), and named on
    # the dialogue's public page: each choice is checked below, not only against the list
    chair_ids = CheckboxesField(
        "Chairs and co-chairs",
        description="Choose every person who chairs or co-chairs the dialogue. They are named "
        "on its public page, so nobody who asked not to be named in public can be chosen.",
        coerce=int,
        validate_choice=False,
    )
    host_ids = CheckboxesField(
        "Co-hosting organisations",
        description="Choose every co-host. They are named on the dialogue's public page.",
        coerce=int,
        validate_choice=False,
    )
    related_dialogue_id = SelectField("Related dialogue", coerce=int)
    relation = StringField(
        "How they are related",
        description="For example: held in anticipation of",
        validators=[Optional(), Length(max=200)],
    )

    # set by ``core.dialogues.service.fill_choices``: what the user may pick from, and the
    # plain name of each choice by field
    scope: RegistryScope
    names: dict[str, dict[int, str]]

    def validate_chair_ids(self, field) -> None:
        self._check_named(
            field, self.scope.allowed_people, people_not_to_be_named, "chairs", "a chair"
        )

    def validate_host_ids(self, field) -> None:
        self._check_named(
            field,
            self.scope.allowed_organisations,
            organisations_not_to_be_named,
            "co-hosts",
            "a co-host",
        )

    def _check_named(self, field, allowed, hidden, plural: str, one: str) -> None:
        """Refuse an id the list does not offer or the user may not pick (``allowed(ids)``),
        said without naming it; then anyone chosen who asked not to be named in public
        (``hidden(ids, dialogue_id)``), named: the list offers them."""
        names = self.names[field.name]
        ids = list(dict.fromkeys(field.data or []))
        if not ids:
            return
        # only ids the list offers reach the database (a posted id may be any size)
        in_scope = allowed([i for i in ids if i in names])
        outside = [i for i in ids if i not in names or i not in in_scope]
        if outside:
            raise ValidationError(
                f"Choose {plural} from the list: {len(outside)} of those chosen "
                f"{'is' if len(outside) == 1 else 'are'} not in it"
            )
        asked = hidden(ids, getattr(self, "editing_id", None))
        refused = [names[i] for i in ids if i in asked]
        if refused:
            raise ValidationError(
                ". ".join(f"{name} asked not to be named in public" for name in refused)
                + f", and {one} is named on the dialogue's public page: untick "
                + ("them" if len(refused) > 1 else "this choice")
                + ", or first ask them to choose to be named in public"
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid or self.timezone.errors:
            return False
        try:
            self.starts_utc = to_utc(self.starts_at.data, self.timezone.data)
        except ValueError as exc:
            self.starts_at.errors.append(str(exc))
            return False
        try:
            self.ends_utc = to_utc(self.ends_at.data, self.timezone.data)
        except ValueError as exc:
            self.ends_at.errors.append(str(exc))
            return False
        if self.ends_utc <= self.starts_utc:
            self.ends_at.errors.append("The end must be after the start")
            return False
        related = self.related_dialogue_id.data
        if related and related == getattr(self, "editing_id", None):
            self.related_dialogue_id.errors.append("A dialogue cannot be related to itself")
            return False
        return True

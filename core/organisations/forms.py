from __future__ import annotations

from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from core.forms import ParleyForm, Unique, choices, readable_name
from core.models import Organisation, OrganisationKind


class OrganisationForm(ParleyForm):
    name = StringField(
        "Name",
        description="The full name, as the organisation writes it",
        validators=[
            DataRequired("Enter the organisation's name"),
            Length(max=300),
            readable_name,
            Unique(Organisation.name, "An organisation with this name already exists"),
        ],
    )
    acronym = StringField("Acronym", validators=[Optional(), Length(max=40)])
    # "not yet set" is what Parley records when it cannot know; an organiser chooses a real type
    kind = SelectField(
        "Type",
        description="An organisation added from an invitation or an import has no type until "
        "you choose one",
        choices=[
            SelectChoice("", "Choose a type"),
            *(c for c in choices(OrganisationKind) if c.value != OrganisationKind.NOT_SET),
        ],
        validators=[DataRequired("Choose the type of organisation")],
    )
    country = StringField("Country", validators=[Optional(), Length(max=120)])
    website = StringField(
        "Website",
        description="The full address, starting with https://",
        validators=[Optional(), URL(message="Enter a full web address"), Length(max=500)],
    )


class StatusForm(ParleyForm):
    name = StringField(
        "Status",
        description="For example: Consultative relationship, ECOSOC consultative status",
        validators=[DataRequired("Enter the status"), Length(max=200)],
    )
    issuer = StringField(
        "Granted by",
        description="For example: AICHR, ECOSOC, GANHRI",
        validators=[DataRequired("Enter who granted the status"), Length(max=200)],
    )
    valid_from = DateField("Valid from", validators=[Optional()])
    expires_on = DateField("Expires on", validators=[Optional()])

    def validate_expires_on(self, field) -> None:
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError("The expiry date must be on or after the start date")

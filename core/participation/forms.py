from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from core.forms import ParleyForm, choices, readable_name
from core.models import Category, RegistrationMode, Visibility
from core.outbox.wording import CONTROL

MAX_PERSONAL_MESSAGE = 1000

REGISTRATION_HINTS = {
    RegistrationMode.INVITATION.value: "Only people the organisers invite.",
    RegistrationMode.FOCAL_POINTS.value: (
        "An organisation's focal point registers its representatives."
    ),
    RegistrationMode.OPEN.value: "Anyone with a Parley account may register themselves.",
}

VISIBILITY_LABELS = {
    Visibility.PUBLIC.value: "Public",
    Visibility.PARTICIPANTS.value: "Participants only",
    Visibility.ORGANISERS.value: "Organisers only",
    Visibility.ANONYMOUS.value: "Anonymous",
}


class CategoryForm(ParleyForm):
    category = SelectField("Category", choices=choices(Category))
    label = StringField(
        "Name shown",
        description="Leave empty to use the category's name, e.g. “Civil society organisations”",
        validators=[Optional(), Length(max=120)],
    )
    capacity = IntegerField(
        "Places",
        description="Leave empty for no limit. When the places are taken, people join a waitlist.",
        validators=[Optional(), NumberRange(min=0, max=100000, message="Enter 0 or more")],
    )
    needs_approval = BooleanField("Organisers approve each registration before accreditation")
    registration = RadioField(
        "Who may register people in this category",
        choices=[
            SelectChoice(m.value, m.value.replace("-", " ").capitalize()) for m in RegistrationMode
        ],
        default=RegistrationMode.INVITATION.value,
    )
    required_status = StringField(
        "Required status",
        description="Only organisations holding this valid status may register, e.g. "
        "“Consultative relationship”. Leave empty for none.",
        validators=[Optional(), Length(max=200)],
    )
    required_status_issuer = StringField(
        "Granted by", description="e.g. AICHR", validators=[Optional(), Length(max=200)]
    )
    opens_at = DateTimeLocalField(
        "Registration opens",
        description="Local time at the venue. Leave empty to open now.",
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )
    closes_at = DateTimeLocalField(
        "Registration closes",
        description="Local time at the venue. Leave empty for no deadline.",
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors.append("Registration must close after it opens")
            return False
        if self.required_status_issuer.data and not self.required_status.data:
            self.required_status.errors.append("Enter the status that the issuer grants")
            return False
        return True


class OrganisationRegistrationForm(ParleyForm):
    name = StringField(
        "Organisation's full name",
        validators=[DataRequired("Enter your organisation's name"), Length(max=300), readable_name],
    )
    acronym = StringField("Acronym", validators=[Optional(), Length(max=40)])
    country = StringField("Country", validators=[Optional(), Length(max=120)])
    website = StringField(
        "Website",
        validators=[Optional(), URL(message="Enter a full web address"), Length(max=500)],
    )


class RepresentativeForm(ParleyForm):
    name = StringField(
        "Name as written",
        description="As the person writes it",
        validators=[DataRequired("Enter the person's name"), Length(max=300), readable_name],
    )
    honorific = StringField("Honorific or title", validators=[Optional(), Length(max=80)])
    position = StringField("Position", validators=[Optional(), Length(max=300)])
    email = EmailField(
        "E-mail address",
        description="Decisions and the badge are sent here",
        validators=[
            DataRequired("Enter an e-mail address"),
            Email("Enter a valid e-mail address"),
            Length(max=254),
        ],
    )
    category_id = RadioField("Category", coerce=int, validators=[DataRequired("Choose a category")])
    visibility = RadioField(
        "Who may see that this person takes part",
        choices=[SelectChoice(v, VISIBILITY_LABELS[v]) for v in VISIBILITY_LABELS],
        validators=[DataRequired("Choose who may see this person")],
    )


class InvitePersonForm(ParleyForm):
    name = StringField(
        "Name as written",
        validators=[DataRequired("Enter the person's name"), Length(max=300), readable_name],
    )
    email = EmailField(
        "E-mail address",
        description="The invitation, with a link to accept or decline, is sent here",
        validators=[
            DataRequired("Enter an e-mail address"),
            Email("Enter a valid e-mail address"),
            Length(max=254),
        ],
    )
    organisation = StringField(
        "Organisation",
        description="Its full name; a new one is added to the registry",
        validators=[Optional(), Length(max=300), readable_name],
    )
    category = SelectField("Category", validators=[DataRequired("Choose a category")])
    personal_message = TextAreaField(
        "Personal message (optional)",
        description=f"Plain text, at most {MAX_PERSONAL_MESSAGE} characters, added to this "
        "e-mail under “A personal message from the organisers”. It goes with this e-mail only: "
        "if screening holds the invitation, it is sent later without it.",
        validators=[
            Optional(),
            Length(
                max=MAX_PERSONAL_MESSAGE,
                message=f"The personal message can be at most {MAX_PERSONAL_MESSAGE} characters",
            ),
        ],
        render_kw={"rows": 4},
    )
    preview = SubmitField("Preview the e-mail")

    def validate_personal_message(self, field) -> None:
        if CONTROL.search(field.data or ""):
            raise ValidationError("The personal message cannot contain control characters")


class InviteOrganisationForm(ParleyForm):
    organisation = StringField(
        "Organisation",
        description="Its full name; a new one is added to the registry",
        validators=[DataRequired("Enter the organisation's name"), Length(max=300), readable_name],
    )
    email = EmailField(
        "Contact's e-mail address",
        description="Whoever accepts becomes the organisation's focal point and registers its "
        "representatives",
        validators=[
            DataRequired("Enter an e-mail address"),
            Email("Enter a valid e-mail address"),
            Length(max=254),
        ],
    )
    category = SelectField("Category", validators=[DataRequired("Choose a category")])


class InvitationImportForm(ParleyForm):
    file = FileField(
        "CSV file",
        description="UTF-8 CSV with the columns name, email, organisation, category. "
        "One bad line and nobody is invited; the report names each bad line.",
        validators=[
            FileRequired("Choose a CSV file"),
            FileAllowed(["csv"], "The file must be a .csv file"),
            FileSize(max_size=2 * 1024 * 1024, message="The file must be smaller than 2 MB"),
        ],
    )


class SelfRegistrationForm(ParleyForm):
    category_id = RadioField("Category", coerce=int, validators=[DataRequired("Choose a category")])
    visibility = RadioField(
        "Who may see that you take part",
        choices=[SelectChoice(v, VISIBILITY_LABELS[v]) for v in VISIBILITY_LABELS],
        validators=[DataRequired("Choose who may see that you take part")],
    )

"""The vetting plugin's forms."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from core.plugin_api import ParleyForm
from plugins.vetting.review import LABELS

FORMATS = [
    SelectChoice("parley-csv", "Parley's list CSV"),
    SelectChoice("ofac", "OFAC SDN CSV (sdn.csv only)"),
    SelectChoice("eu-xml", "EU consolidated list (XML)"),
    SelectChoice("un-xml", "UN consolidated list (XML)"),
    SelectChoice("ftm", "OpenSanctions / FollowTheMoney JSON lines"),
]
MAX_UPLOAD = 16 * 1024 * 1024  # the core's MAX_CONTENT_LENGTH


class DecisionForm(ParleyForm):
    seen = HiddenField()  # the state the reviewer decided on
    action = RadioField("Decision", validators=[DataRequired("Choose a decision.")])
    reason = TextAreaField(
        "Reason",
        description="Why: what you compared (birth date, position, organisation, who vouched). "
        "It is kept in the record.",
        validators=[DataRequired("Give the reason for the decision."), Length(max=4000)],
    )

    def offer(self, actions: list[str]) -> None:
        self.action.choices = [SelectChoice(action, LABELS[action]) for action in actions]


class ListForm(ParleyForm):
    name = StringField(
        "Name of the list", validators=[DataRequired("Name the list."), Length(max=200)]
    )
    description = TextAreaField(
        "Description",
        description="Who keeps the list and why these people and entities are not engaged.",
        validators=[Optional(), Length(max=4000)],
    )


class EntryForm(ParleyForm):
    id = StringField(
        "Identifier",
        description="The source's reference (e.g. ofac-27225); left empty, Parley makes one.",
        validators=[Optional(), Length(max=200)],
    )
    kind = RadioField(
        "Kind",
        choices=[SelectChoice("person", "Person"), SelectChoice("organisation", "Organisation")],
        validators=[DataRequired("Say whether this is a person or an organisation.")],
    )
    name = StringField(
        "Name",
        description="As the source writes it, e.g. HLAING, Min Aung.",
        validators=[DataRequired("Give the name."), Length(max=500)],
    )
    aliases = TextAreaField(
        "Other names",
        description="One per line; start a line with ~ for a weak alias (a nickname).",
        validators=[Optional(), Length(max=8000)],
    )
    country = StringField("Country or nationality", validators=[Optional(), Length(max=200)])
    birth_date = StringField(
        "Birth date",
        description="YYYY, YYYY-MM or YYYY-MM-DD; several separated by |.",
        validators=[Optional(), Length(max=200)],
    )
    position = StringField("Position", validators=[Optional(), Length(max=500)])
    reason = TextAreaField("Why listed", validators=[Optional(), Length(max=4000)])
    source = StringField("Source", validators=[Optional(), Length(max=500)])


class ImportForm(ParleyForm):
    format = SelectField("Format", choices=FORMATS)
    file = FileField(
        "File",
        description="Up to 16 MB; import larger files with parley vetting import.",
        validators=[
            FileRequired("Choose the file to import."),
            FileSize(
                MAX_UPLOAD,
                message="The file is larger than 16 MB: import it with parley vetting import.",
            ),
        ],
    )

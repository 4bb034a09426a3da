"""The minutes plugin's forms. Each refuses bad input with a message beside the field."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from wtforms import (
    DateField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from core.plugin_api import MAX_ID, HiddenIntegerField, ParleyForm, choices
from plugins.minutes.composition import long_date
from plugins.minutes.models import ResponseStatus, Source

MAX_TEXT = 1_000_000  # characters of one document: about 150,000 words
ADDRESSEES = (
    "ASEAN",
    "ASEAN Member States",
    "AICHR",
    "ACWC",
    "the EU",
    "EU Member States",
    "the EU and ASEAN",
    "the EU, ASEAN and their member states",
    "Brunei Darussalam",
    "Cambodia",
    "Indonesia",
    "Lao PDR",
    "Malaysia",
    "Myanmar",
    "the Philippines",
    "Singapore",
    "Thailand",
    "Timor-Leste",
    "Viet Nam",
)
SOURCE_LABELS = {
    Source.SESSION.value: "A session of the programme",
    Source.SEGMENT.value: "A segment of the dialogue (general, stakeholders', recommendations)",
    Source.CSO_FORUM.value: "A CSO forum held before the dialogue",
    Source.DIALOGUE.value: "The dialogue as a whole",
}
UNSAID_REVISION = (
    "The form did not say which revision you started from: open the page again, then repeat "
    "what you did"
)


class InRange:
    """A hidden number the page gave: an id or a revision, never negative nor past MAX_ID."""

    def __call__(self, _form, field) -> None:
        if field.data is not None and not 0 <= field.data <= MAX_ID:
            raise ValidationError(UNSAID_REVISION)


class DocumentForm(ParleyForm):
    body = TextAreaField(
        "Text",
        description="Markdown. Mention a participant as @[number], picking the number from the "
        "list beside the text: their name is then shown only to those allowed to see it.",
        validators=[Length(max=MAX_TEXT, message=f"Keep the text under {MAX_TEXT:,} characters")],
    )
    revision = HiddenIntegerField(validators=[InputRequired(UNSAID_REVISION), InRange()])


class DraftStepForm(ParleyForm):
    """Approving or publishing: both name the draft revision the user has read."""

    revision = HiddenIntegerField(validators=[InputRequired(UNSAID_REVISION), InRange()])
    changes = StringField(
        "What changed in this version (optional)",
        description="Shown in the version history, e.g. “Corrected the title of session 2”",
        validators=[Optional(), Length(max=500)],
    )

    def validate_changes(self, field) -> None:
        if any(_invisible(c) for c in field.data or ""):
            raise ValidationError(
                "Remove the invisible control characters (such as a tab or a form feed) from "
                "what changed: the feed of outcome records cannot carry them"
            )


def _invisible(char: str) -> bool:
    """A control character, a lone surrogate, or a non-character (U+FFFE, U+FFFF)."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


class RecommendationForm(ParleyForm):
    text = TextAreaField(
        "Recommendation",
        validators=[DataRequired("Enter the recommendation"), Length(max=20000)],
    )
    addressee = StringField(
        "Addressed to",
        description="Who is asked to act, e.g. ASEAN, the EU, AICHR or a member state",
        validators=[DataRequired("Enter who the recommendation is addressed to"), Length(max=200)],
    )
    thematic_area = StringField(
        "Thematic area",
        description="e.g. Human rights in the context of climate change",
        validators=[Optional(), Length(max=200)],
    )
    source = RadioField(
        "Where was it made?",
        choices=[SelectChoice(value, words) for value, words in SOURCE_LABELS.items()],
        default=Source.DIALOGUE.value,
    )
    source_detail = StringField(
        "Which one",
        description="e.g. the recommendations segment, or the 3rd EU-Southeast Asia CSOs Forum",
        validators=[Optional(), Length(max=300)],
    )
    session_id = SelectField("Session", coerce=int, validate_choice=True)
    participation_id = SelectField(
        "Put forward by a participant", coerce=int, validate_choice=False
    )
    coalition = StringField(
        "…or by a coalition",
        description="Credit a group rather than a person, e.g. “38 CSOs of the 3rd EU-SEA "
        "CSOs Forum”. Leave both empty to credit nobody.",
        validators=[Optional(), Length(max=300)],
    )
    restates_id = SelectField(
        "Restates an earlier recommendation", coerce=int, validate_choice=False
    )
    due_on = DateField(
        "Response due by",
        validators=[InputRequired("Enter the date a response is due by, e.g. 2026-06-30")],
    )
    # the revision the drafter started from, when changing a recommendation
    revision = HiddenIntegerField()
    contact_email = EmailField(
        "Addressee's contact for reminders (optional)",
        description="An office's address; `parley minutes remind` writes to it",
        validators=[
            Optional(),
            Email("Enter an e-mail address like office@example.org"),
            Length(max=254),
        ],
    )

    def __init__(self, *args, first_day, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.first_day = first_day
        self.editing = editing

    def validate_revision(self, field) -> None:
        if not self.editing:
            return  # a new recommendation has no revision yet
        if field.data is None or not field.raw_data or not 0 <= field.data <= MAX_ID:
            raise ValidationError(
                "The form did not say which version of the recommendation you changed: open "
                "it again from the draft, then make your change"
            )

    def validate_due_on(self, field) -> None:
        if field.data and field.data < self.first_day:
            raise ValidationError(
                f"The due date cannot be before the dialogue, which began on "
                f"{long_date(self.first_day)}"
            )

    def validate_coalition(self, field) -> None:
        if field.data and self.participation_id.data:
            raise ValidationError("Credit either a participant or a coalition, not both")

    def validate_session_id(self, field) -> None:
        if self.source.data == Source.SESSION.value and not field.data:
            raise ValidationError("Choose the session the recommendation was made in")

    def validate_participation_id(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose a participant of this dialogue")

    def validate_restates_id(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose a published recommendation of an earlier edition")


class FollowUpForm(ParleyForm):
    responded_on = DateField(
        "Date of the response",
        description="When the addressee answered, or when you noted that no answer had come",
        validators=[InputRequired("Enter the date of the response, e.g. 2026-03-15")],
    )
    status = RadioField(
        "Where does the recommendation stand?",
        choices=choices(ResponseStatus),
        validators=[InputRequired("Choose where the recommendation stands")],
    )
    summary = TextAreaField("What the response says", validators=[Optional(), Length(max=20000)])
    evidence = TextAreaField(
        "Evidence links",
        description="One web address per line: the reply letter, a statement, a law adopted",
        validators=[Optional(), Length(max=5000)],
    )

    def __init__(self, *args, first_day, today, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.first_day = first_day
        self.today = today

    def validate_responded_on(self, field) -> None:
        if field.data and field.data < self.first_day:
            raise ValidationError(
                f"A response cannot come before the dialogue, which began on "
                f"{long_date(self.first_day)}"
            )
        if field.data and field.data > self.today:
            raise ValidationError("The date of the response cannot be in the future")

    def validate_evidence(self, field) -> None:
        for line in self.evidence_links():
            parts = urlsplit(line)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValidationError(
                    f"“{line[:80]}” is not a web address: start each line with https://"
                )

    def evidence_links(self) -> list[str]:
        return [line.strip() for line in (self.evidence.data or "").splitlines() if line.strip()]

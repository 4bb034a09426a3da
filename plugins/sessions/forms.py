"""The organisers' session form. Times are typed in the dialogue's own timezone."""

from __future__ import annotations

from urllib.parse import urlsplit

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from core.plugin_api import (
    MARKDOWN_HINT,
    Category,
    CheckboxesField,
    Dialogue,
    ParleyForm,
    choices,
    date_range,
    label,
    time_span,
    to_utc,
    zone_name,
)
from plugins.sessions.clashes import room_clashes
from plugins.sessions.models import KIND_LABELS, SessionKind, SessionRole

ROLE_FIELDS = {
    SessionRole.CHAIR: "chair_ids",
    SessionRole.MODERATOR: "moderator_ids",
    SessionRole.SPEAKER: "speaker_ids",
    SessionRole.RAPPORTEUR: "rapporteur_ids",
}
# what ``editing.people_choices`` offers, said where the organiser chooses
WHO_CAN_BE_CHOSEN = (
    "Only the participants of this dialogue can be chosen: people invited, registered or "
    "accredited, not those who withdrew or were refused"
)


def web_address(_form, field) -> None:
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("https", "http") or not parts.netloc or " " in field.data:
        raise ValidationError("Enter a full web address starting with https://")


def absent_is_empty(value):
    """An optional text field the request left out is an empty one (no room, no link), as the
    form sends it when left blank: what is checked and saved is never ``None``."""
    return "" if value is None else value


class SessionForm(ParleyForm):
    title = StringField("Title", validators=[DataRequired("Enter a title"), Length(max=300)])
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in SessionKind],
        validate_choice=True,
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
    room = StringField(
        "Room",
        description="Leave empty for a session held online only",
        validators=[Optional(), Length(max=200)],
        filters=[absent_is_empty],
    )
    online_url = StringField(
        "Online link",
        description="Shown only to accredited participants and the organisers",
        validators=[Optional(), Length(max=500), web_address],
        filters=[absent_is_empty],
    )
    thematic_area = StringField(
        "Thematic area",
        description="For example: Human Rights in the Context of Climate Change",
        validators=[Optional(), Length(max=300)],
        filters=[absent_is_empty],
    )
    description = TextAreaField(
        "Description",
        description=MARKDOWN_HINT,
        validators=[Optional(), Length(max=20000)],
        filters=[absent_is_empty],
    )
    attend_categories = CheckboxesField(
        "Who may attend",
        description="Leave every box empty to admit every category",
        choices=choices(Category),
    )
    speak_categories = CheckboxesField(
        "Who may speak",
        description="Leave every box empty to let every category speak",
        choices=choices(Category),
    )
    chatham_house = BooleanField(
        "Chatham House rule: the minutes publish what was said, not who said it"
    )
    chair_ids = CheckboxesField("Chairs", coerce=int, description=WHO_CAN_BE_CHOSEN)
    moderator_ids = CheckboxesField("Moderators", coerce=int, description=WHO_CAN_BE_CHOSEN)
    speaker_ids = CheckboxesField("Speakers", coerce=int, description=WHO_CAN_BE_CHOSEN)
    rapporteur_ids = CheckboxesField("Rapporteurs", coerce=int, description=WHO_CAN_BE_CHOSEN)

    def prepare(self, dialogue: Dialogue, people: list, editing_id: int | None) -> None:
        """Bind the form to ``dialogue``: its participations (``(id, label, category)``) to
        choose from, and the session being edited, left out of the room check."""
        self.dialogue = dialogue
        self.editing_id = editing_id
        self.categories = {pid: category for pid, _text, category in people}
        options = [SelectChoice(pid, text) for pid, text, _category in people]
        for name in ROLE_FIELDS.values():
            getattr(self, name).choices = options

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid:
            return False
        zone = self.dialogue.timezone
        try:
            self.starts_utc = to_utc(self.starts_at.data, zone)
        except ValueError as exc:
            self.starts_at.errors.append(str(exc))
            return False
        try:
            self.ends_utc = to_utc(self.ends_at.data, zone)
        except ValueError as exc:
            self.ends_at.errors.append(str(exc))
            return False
        if self.ends_utc <= self.starts_utc:
            self.ends_at.errors.append("The end must be after the start")
            return False
        return self._within_dialogue() and self._room_free() and self._speakers_may_speak()

    def _within_dialogue(self) -> bool:
        dialogue = self.dialogue
        first, last = (
            dialogue.local(dialogue.starts_at).date(),
            dialogue.local(dialogue.ends_at).date(),
        )
        start, end = dialogue.local(self.starts_utc).date(), dialogue.local(self.ends_utc).date()
        if first <= start and end <= last:
            return True
        span = date_range(dialogue.starts_at, dialogue.ends_at, dialogue.timezone)
        zone = zone_name(dialogue.starts_at, dialogue.timezone)
        field = self.starts_at if start < first or start > last else self.ends_at
        field.errors.append(
            f"The session must take place within the dialogue's dates: {span} ({zone})"
        )
        return False

    def _room_free(self) -> bool:
        taken = room_clashes(
            self.dialogue.id, self.starts_utc, self.ends_utc, self.room.data, self.editing_id
        )
        if not taken:
            return True
        other = taken[0]
        when = time_span(other.starts_at, other.ends_at, self.dialogue.timezone)
        self.room.errors.append(
            f"{self.room.data} is already booked then for “{other.title}” ({when})"
        )
        return False

    def _speakers_may_speak(self) -> bool:
        allowed = set(self.speak_categories.data or [])
        if not allowed:
            return True
        refused = [
            pid for pid in self.speaker_ids.data or [] if self.categories[pid].value not in allowed
        ]
        if not refused:
            return True
        names = {choice.value: choice.label for choice in self.speaker_ids.choices}
        who = "; ".join(f"{names[pid]} ({label(self.categories[pid])})" for pid in refused)
        self.speaker_ids.errors.append(
            f"Only the categories ticked under “Who may speak” may speak in this session: {who}"
        )
        return False

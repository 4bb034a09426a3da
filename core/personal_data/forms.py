from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from core.forms import ParleyForm

CONFIRM_WORD = "ERASE"


class EraseAccountForm(ParleyForm):
    confirm = StringField(
        f"Type {CONFIRM_WORD} to confirm",
        description=f"In capital letters: {CONFIRM_WORD}",
        validators=[DataRequired(f"Type {CONFIRM_WORD} to confirm"), Length(max=40)],
    )
    password = PasswordField(
        "Your password",
        description="So that nobody else can erase your data from a device you left signed in",
        validators=[DataRequired("Enter your password"), Length(max=1024)],
    )

    def validate_confirm(self, field) -> None:
        if field.data != CONFIRM_WORD:
            raise ValidationError(f"Type the word {CONFIRM_WORD} in capital letters")


class ErasePersonForm(ParleyForm):
    reason = TextAreaField(
        "Why is this person's data erased?",
        description="For example: asked by e-mail on 3 March 2026. Do not write their name: "
        "the reason is kept in the audit log.",
        validators=[DataRequired("Enter the reason for the erasure"), Length(max=500)],
    )

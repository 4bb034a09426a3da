"""Forms of two-factor authentication: each asks for one code, and whatever else it needs."""

from __future__ import annotations

from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.forms import ParleyForm

_APP_CODE = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}


class SetUpForm(ParleyForm):
    code = StringField(
        "Code from your app",
        description="The 6 digits the app shows for Parley, once you have added it",
        validators=[DataRequired("Enter the code your app shows"), Length(max=20)],
        render_kw=_APP_CODE,
    )


class ChallengeForm(ParleyForm):
    code = StringField(
        "Code",
        description="The 6 digits your authenticator app shows, or one of your recovery codes",
        validators=[
            DataRequired("Enter the code from your app or a recovery code"),
            Length(max=40),
        ],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false"},
    )


class RenewCodesForm(ParleyForm):
    code = StringField(
        "Code from your app",
        validators=[DataRequired("Enter the code your app shows"), Length(max=20)],
        render_kw=_APP_CODE,
    )


class TurnOffForm(ParleyForm):
    password = PasswordField(
        "Your password",
        validators=[DataRequired("Enter your password"), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        "Code from your app",
        description="Or one of your recovery codes, if you no longer have the app",
        validators=[DataRequired("Enter the code your app shows"), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false"},
    )


class ResetForm(ParleyForm):
    reason = TextAreaField(
        "Reason",
        description="How the owner asked, and how you made sure it was them. Kept in the audit "
        "log and sent to them.",
        validators=[DataRequired("Say why the second factor is reset"), Length(max=1000)],
    )

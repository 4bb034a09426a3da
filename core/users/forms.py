from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from core.accounts import MIN_PASSWORD_LENGTH
from core.forms import ParleyForm, choices, readable_name
from core.models import Role


class NewUserForm(ParleyForm):
    name = StringField(
        "Name", validators=[DataRequired("Enter a name"), Length(max=200), readable_name]
    )
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter an e-mail address"), Email("Enter a valid e-mail address")],
    )
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters. Give it to the person privately.",
        validators=[
            DataRequired("Enter a password"),
            Length(min=MIN_PASSWORD_LENGTH, max=1024, message="The password is too short"),
        ],
    )


class GrantForm(ParleyForm):
    role = SelectField(
        "Role",
        choices=[SelectChoice("", "Choose a role"), *choices(Role)],
        validators=[DataRequired("Choose a role")],
    )
    dialogue_id = SelectField(
        "For", coerce=int, description="A role for every dialogue, or for one dialogue only"
    )

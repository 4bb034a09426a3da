from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from core.accounts import MIN_PASSWORD_LENGTH
from core.forms import ParleyForm, readable_name


class LoginForm(ParleyForm):
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter your e-mail address"), Email("Enter a valid e-mail")],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(max=1024)]
    )
    remember = BooleanField("Keep me signed in on this device")


class SignUpForm(ParleyForm):
    name = StringField(
        "Your name",
        description="As you want the organisers to see it",
        validators=[DataRequired("Enter your name"), Length(max=200), readable_name],
    )
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter your e-mail address"), Email("Enter a valid e-mail")],
    )
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD_LENGTH} characters",
        validators=[
            DataRequired("Enter a password"),
            Length(min=MIN_PASSWORD_LENGTH, max=1024, message="The password is too short"),
        ],
    )
    confirm = PasswordField(
        "Password again",
        validators=[
            DataRequired("Enter the password again"),
            EqualTo("password", message="The two passwords are not the same"),
        ],
    )


def _new_password(label: str = "New password") -> PasswordField:
    return PasswordField(
        label,
        description=f"At least {MIN_PASSWORD_LENGTH} characters",
        validators=[
            DataRequired("Enter a new password"),
            Length(min=MIN_PASSWORD_LENGTH, max=1024, message="The password is too short"),
        ],
    )


def _confirm() -> PasswordField:
    return PasswordField(
        "New password again",
        validators=[
            DataRequired("Enter the new password again"),
            EqualTo("password", message="The two passwords are not the same"),
        ],
    )


def _address(label: str = "E-mail address", description: str = "") -> EmailField:
    return EmailField(
        label,
        description=description,
        validators=[
            DataRequired("Enter an e-mail address"),
            Email("Enter a valid e-mail address"),
            Length(max=254),
        ],
    )


def _current_password() -> PasswordField:
    return PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your current password"), Length(max=1024)],
    )


class ForgotPasswordForm(ParleyForm):
    email = _address(description="The address of your Parley account")


class ResendVerificationForm(ParleyForm):
    email = _address(description="The address you created your account with")


class ResetPasswordForm(ParleyForm):
    password = _new_password()
    confirm = _confirm()


class ChangePasswordForm(ParleyForm):
    current = _current_password()
    password = _new_password()
    confirm = _confirm()


class ChangeEmailForm(ParleyForm):
    email = _address(
        "New e-mail address", "We send a link to it; the address changes when you open it"
    )
    current = _current_password()


class ConfirmForm(ParleyForm):
    """A button alone (and its CSRF token)."""

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

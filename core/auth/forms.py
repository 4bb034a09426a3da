from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from core.forms import ParleyForm


class LoginForm(ParleyForm):
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter your e-mail address"), Email("Enter a valid e-mail")],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(max=1024)]
    )
    remember = BooleanField("Keep me signed in on this device")

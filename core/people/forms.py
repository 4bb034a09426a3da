from __future__ import annotations

from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from core.forms import ParleyForm, readable_name


class PersonForm(ParleyForm):
    name = StringField(
        "Name as written",
        description="Exactly as the person writes it, e.g. Daw Aung Myat or Anita Ashvini Wahid",
        validators=[DataRequired("Enter the person's name"), Length(max=300), readable_name],
    )
    honorific = StringField(
        "Honorific or title",
        description="For example: H.E., Dr., Prof. Leave empty if none",
        validators=[Optional(), Length(max=80)],
    )
    given_name = StringField(
        "Given name",
        description="Only if the name has one; many names do not",
        validators=[Optional(), Length(max=200)],
    )
    family_name = StringField(
        "Family name",
        description="Only if the name has one; many names do not",
        validators=[Optional(), Length(max=200)],
    )
    name_original_script = StringField(
        "Name in original script",
        description="For example, in Burmese, Thai or Khmer script",
        validators=[Optional(), Length(max=300)],
    )
    position = StringField("Position", validators=[Optional(), Length(max=300)])
    organisation_id = SelectField("Organisation", coerce=int)
    nationality = StringField("Nationality", validators=[Optional(), Length(max=120)])
    email = EmailField(
        "E-mail address",
        validators=[Optional(), Email("Enter a valid e-mail address"), Length(max=254)],
    )

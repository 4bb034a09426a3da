"""The page where the person, their focal point or an organiser changes who may see a
participation (``visibility_change``), and the signed-in person's own participation in a
dialogue, linked from the dialogue's page, that leads to it."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import RadioField, SelectChoice
from wtforms.validators import DataRequired

from core.auth.verified import require_confirmed_address
from core.db import db_session
from core.dialogues.loading import load_visible
from core.forms import ParleyForm
from core.models import Participation, Person, Visibility
from core.participation.access import participation_acted_for
from core.participation.forms import VISIBILITY_LABELS
from core.participation.registration_messages import visibility_hints
from core.participation.status import ParticipationChanged
from core.participation.visibility_change import (
    FOCAL_POINT,
    PERSON,
    VisibilityUnchangeable,
    capacity,
    change_visibility,
    in_words,
)
from core.personal_data.records import is_erased
from core.security import limiter

bp = Blueprint("visibility", __name__, url_prefix="/dialogues/<slug>")


class VisibilityForm(ParleyForm):
    visibility = RadioField(
        "Who may see that this person takes part",
        choices=[SelectChoice(v, VISIBILITY_LABELS[v]) for v in VISIBILITY_LABELS],
        validators=[DataRequired("Choose who may see this person")],
    )


@bp.route("/participations/<int:participation_id>/visibility", methods=["GET", "POST"])
@login_required
@require_confirmed_address
@limiter.limit("30 per minute", methods=["POST"])
def change(slug: str, participation_id: int):
    dialogue = load_visible(slug, current_user)
    participation = participation_acted_for(current_user, dialogue, participation_id)
    by = capacity(current_user, participation)
    # a POST says what it chose, or is refused: it is never filled in with the current choice
    current = None if request.method == "POST" else {"visibility": participation.visibility.value}
    form = VisibilityForm(data=current)
    if by == PERSON:
        form.visibility.label.text = "Who may see that you take part"
    erased = is_erased(participation.person)
    status = 200
    if form.validate_on_submit():
        here = url_for(".change", slug=slug, participation_id=participation.id, _external=True)
        try:
            changed = change_visibility(
                participation,
                Visibility(form.visibility.data),
                actor=current_user._get_current_object(),
                change_url=here,
            )
        except VisibilityUnchangeable:  # the page says why (``erased``)
            status = 409
        except ParticipationChanged as changed:
            flash(str(changed))
            status = 409
        else:
            label, _hint = in_words(participation)
            who = participation.person.full_name
            if changed:
                flash(f"Who may see {who} is now: {label}.")
            else:
                flash(f"Nothing changed: who may see {who} was {label} already.")
            if by == FOCAL_POINT:
                return redirect(
                    url_for(
                        "registration.delegation",
                        slug=slug,
                        organisation_id=participation.organisation_id,
                    )
                )
            return redirect(url_for(".change", slug=slug, participation_id=participation.id))
    elif form.errors:
        status = 422
    label, hint = in_words(participation)
    return render_template(
        "participation/visibility.html",
        dialogue=dialogue,
        participation=participation,
        form=form,
        hints=visibility_hints([participation.category]),
        current_label=label,
        current_hint=hint,
        own=by == PERSON,
        focal=by == FOCAL_POINT,
        erased=erased,
    ), status


@bp.route("/your-participation")
@login_required
def own(slug: str):
    """What the signed-in person's participation in the dialogue is, and what they may do
    with it: see their badge, change who may see them, withdraw."""
    dialogue = load_visible(slug, current_user)
    mine = db_session().scalar(
        sa.select(Participation)
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.dialogue_id == dialogue.id, Person.user_id == current_user.id)
    )
    label, hint = in_words(mine) if mine is not None else (None, None)
    return render_template(
        "participation/visibility_own.html",
        dialogue=dialogue,
        mine=mine,
        current_label=label,
        current_hint=hint,
    )

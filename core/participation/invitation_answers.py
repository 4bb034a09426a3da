"""Invitees answer by the signed link in their e-mail: a person without needing an account,
an organisation's contact signed in (they become its focal point)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from core.auth.verified import refuse_unconfirmed
from core.db import db_session
from core.gate import GateBlocked
from core.models import (
    DialogueCategory,
    Invitation,
    InvitationState,
    Participation,
    Visibility,
)
from core.participation.forms import VISIBILITY_LABELS
from core.participation.invitations import (
    InvitationProblem,
    accept_organisation,
    close_invitation,
    invitation_for,
    mark_answered,
)
from core.participation.registration import (
    RegistrationRefused,
    ended_message,
    register,
    takes_registrations,
)
from core.participation.registration_messages import visibility_hints
from core.security import limiter
from core.visibility import describe_role

bp = Blueprint("answers", __name__)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def answer(token: str):
    try:
        invitation = invitation_for(token)
    except InvitationProblem as problem:
        return render_template("participation/invitation_problem.html", message=str(problem)), 410
    dialogue = invitation.dialogue
    error = None
    ended = None if takes_registrations(dialogue) else ended_message(dialogue)
    if request.method == "POST" and ended:
        error = ended  # neither accepted nor declined: the dialogue is over
    elif request.method == "POST":
        choice = request.form.get("answer")
        if invitation.person_id is None:
            outcome = _answer_for_organisation(invitation, choice)
        else:
            outcome = _answer_for_person(invitation, choice)
        if not isinstance(outcome, str):
            return outcome
        error = outcome
    return render_template(
        "participation/invitation_answer.html",
        invitation=invitation,
        dialogue=dialogue,
        hints=visibility_hints([invitation.category]),
        labels=VISIBILITY_LABELS,
        decline=request.args.get("answer") == "decline",
        error=error,
        ended=ended,
    ), 422 if error else 200


def _accept(invitation: Invitation, visibility: Visibility) -> Participation:
    category = db_session().scalar(
        sa.select(DialogueCategory).where(
            DialogueCategory.dialogue_id == invitation.dialogue_id,
            DialogueCategory.category == invitation.category,
        )
    )
    if category is None:
        raise RegistrationRefused("The organisers have closed this category. Contact them.")
    try:
        return register(
            category=category,
            person=invitation.person,
            organisation=invitation.organisation,
            visibility=visibility,
            actor=None,
            invited=True,
            alongside=mark_answered(invitation, InvitationState.ACCEPTED),
        )
    except GateBlocked as exc:
        raise RegistrationRefused(
            "Your registration cannot go ahead. The organisers can see why; contact them."
        ) from exc


def _answer_for_organisation(invitation: Invitation, choice: str | None):
    """A response, or the error to show on the invitation page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    refused = refuse_unconfirmed()  # whoever typed the address must show they hold it
    if refused is not None:
        return refused
    if choice != "accept":
        abort(400)
    try:
        accept_organisation(invitation, current_user._get_current_object())
    except InvitationProblem as problem:
        return str(problem)
    flash(f"You are now the focal point of {invitation.organisation.name}.")
    return redirect(
        url_for(
            "registration.delegation",
            slug=invitation.dialogue.slug,
            organisation_id=invitation.organisation_id,
        )
    )


def _answer_for_person(invitation: Invitation, choice: str | None):
    """A response, or the error to show on the invitation page."""
    dialogue = invitation.dialogue
    if choice == "decline":
        close_invitation(invitation, InvitationState.DECLINED, actor=None, reason_code="declined")
        # a response, not the page's text: a str is the error to show on the invitation page
        return make_response(
            render_template("participation/invitation_done.html", dialogue=dialogue, accepted=False)
        )
    if choice != "accept" or request.form.get("visibility") not in VISIBILITY_LABELS:
        return "Choose who may see that you take part, then accept."
    try:
        participation = _accept(invitation, Visibility(request.form["visibility"]))
    except RegistrationRefused as exc:
        db_session().rollback()
        return str(exc)
    return make_response(
        render_template(
            "participation/invitation_done.html",
            dialogue=dialogue,
            accepted=True,
            status=participation.status.value,
            role=describe_role(participation.category),
        )
    )

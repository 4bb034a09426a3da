"""Withdrawing (by the person, their focal point or an organiser) and the organisers'
report of withdrawals."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from core.auth.permissions import require_dialogue
from core.db import db_session
from core.dialogues.loading import load_visible
from core.participation.access import is_focal_point, participation_acted_for
from core.participation.status import ParticipationChanged
from core.participation.withdrawal import (
    REASONS,
    WithdrawalRefused,
    withdraw,
    withdrawal_report,
)
from core.security import limiter

bp = Blueprint("withdrawal", __name__, url_prefix="/dialogues/<slug>")


@bp.route("/participations/<int:participation_id>/withdraw", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per minute", methods=["POST"])
def withdraw_page(slug: str, participation_id: int):
    dialogue = load_visible(slug, current_user)
    participation = participation_acted_for(current_user, dialogue, participation_id)
    error = None
    if request.method == "POST":
        try:
            promoted = withdraw(
                participation,
                actor=current_user._get_current_object(),
                reason_code=request.form.get("reason_code", ""),
                reason=request.form.get("reason", ""),
            )
        except (WithdrawalRefused, ParticipationChanged) as exc:
            db_session().rollback()
            error = str(exc)
        else:
            flash(f"{participation.person.full_name} has withdrawn from {dialogue.title}.")
            if promoted:
                moved = "1 person" if len(promoted) == 1 else f"{len(promoted)} people"
                flash(f"{moved} moved up from the waitlist.")
            if is_focal_point(current_user, participation.organisation_id):
                return redirect(
                    url_for(
                        "registration.delegation",
                        slug=slug,
                        organisation_id=participation.organisation_id,
                    )
                )
            return redirect(url_for("dialogues.show", slug=slug))
    return render_template(
        "participation/withdraw.html",
        dialogue=dialogue,
        participation=participation,
        reasons=REASONS,
        error=error,
        chosen=request.form.get("reason_code", ""),
        typed=request.form.get("reason", ""),
    ), 422 if error else 200


@bp.route("/withdrawals")
def report(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    return render_template(
        "participation/withdrawals.html", dialogue=dialogue, rows=withdrawal_report(dialogue.id)
    )

"""Printable badges with a sealed QR code, and the check-in desk that reads them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from core import audit
from core.auth.permissions import require_dialogue
from core.db import db_session, utcnow
from core.dialogues.views import load_visible
from core.gate import GateBlocked
from core.models import Participation, ParticipationStatus
from core.models.enums import label
from core.participation.access import acts_for
from core.participation.badges import (
    WITH_BADGE,
    badge_token,
    is_legacy_token,
    qr_svg,
    read_token,
    with_badges,
)
from core.participation.status import ParticipationChanged, change_status
from core.security import limiter
from core.visibility import view_on_badge

bp = Blueprint("badges", __name__, url_prefix="/dialogues/<slug>")
# what the desk is told of a holder the screening stops: never the reason, never the list entry
SEE_THE_ORGANISERS = "please see the organisers."
WITHHELD = "This badge is withheld: please contact the organisers."
PRINTED_BEFORE = (
    "This badge was printed before Parley changed its badge codes and no longer checks in. "
    "Print the holder's badge again from the badge sheet, or check their papers."
)


def _badge(participation: Participation) -> dict:
    token = badge_token(participation)
    return {
        "p": participation,
        "view": view_on_badge(participation),
        "qr": qr_svg(token),
        "token": token,
    }


@bp.route("/badges/<int:participation_id>")
@login_required
def badge(slug: str, participation_id: int):
    dialogue = load_visible(slug, current_user)
    participation = db_session().get(
        Participation,
        participation_id,
        options=[joinedload(Participation.person), joinedload(Participation.organisation)],
    )
    if participation is None or participation.dialogue_id != dialogue.id:
        abort(404)
    if not acts_for(current_user, participation):
        abort(404)
    if participation.status not in (*WITH_BADGE, ParticipationStatus.SUSPENDED):
        flash("There is no badge yet: the badge comes with the accreditation.")
        return render_template("participation/badges.html", dialogue=dialogue, badges=[])
    shown, _withheld = with_badges([participation])
    if not shown:
        flash(WITHHELD)
    return render_template(
        "participation/badges.html", dialogue=dialogue, badges=[_badge(p) for p in shown]
    )


@bp.route("/badges/")
def sheet(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    accredited = (
        db_session()
        .scalars(
            sa.select(Participation)
            .where(
                Participation.dialogue_id == dialogue.id,
                Participation.status.in_((*WITH_BADGE, ParticipationStatus.SUSPENDED)),
            )
            .options(joinedload(Participation.person), joinedload(Participation.organisation))
            .order_by(Participation.badge_number)
        )
        .all()
    )
    shown, withheld = with_badges(list(accredited))
    return render_template(
        "participation/badges.html",
        dialogue=dialogue,
        badges=[_badge(p) for p in shown],
        withheld=withheld,
    )


def check_in_token(dialogue, token: str) -> tuple[bool, str]:
    """Mark the badge's holder as attended; return (accepted, message for the desk)."""
    claim = read_token(token)
    if claim is None:
        if is_legacy_token(token):
            return False, PRINTED_BEFORE
        return False, "This is not a Parley badge, or it was altered. Check the person's papers."
    if claim.dialogue_id != dialogue.id:
        return False, "This badge is for another dialogue."
    participation = db_session().get(
        Participation, claim.participation_id, options=[joinedload(Participation.person)]
    )
    if participation is None or participation.dialogue_id != dialogue.id:
        return False, "This badge is for another dialogue."
    if participation.status == ParticipationStatus.SUSPENDED:
        return _refused_at_the_door(participation)
    badge = view_on_badge(participation)
    if claim.version != participation.token_version:
        return (
            False,
            f"This badge was revoked. Do not admit; a newer badge may exist ({badge.name}).",
        )
    if participation.status == ParticipationStatus.ATTENDED:
        at = participation.checked_in_at
        when = f" at {at.astimezone(dialogue.zone):%H:%M}" if at else ""
        return False, (
            f"This badge was already used to check in{when}. Do not admit twice: the code may "
            f"have been copied. Check the person's papers ({badge.name})."
        )
    if participation.status != ParticipationStatus.ACCREDITED:
        return False, f"This participation is {label(participation.status).lower()}."
    participation.checked_in_at = utcnow()
    try:
        # the gate is asked at the door (``GateStep.CHECK_IN``): a confirmed match, an alert or
        # a decision awaiting its second reviewer stops the holder; the stop is audited
        change_status(
            participation,
            ParticipationStatus.ATTENDED,
            actor=current_user._get_current_object(),
            reason="checked in",
        )
    except GateBlocked:
        return False, SEE_THE_ORGANISERS
    except ParticipationChanged:  # read again: suspended meanwhile, or checked in elsewhere
        if participation.status == ParticipationStatus.SUSPENDED:
            return _refused_at_the_door(participation)
        return False, "This badge was checked in a moment ago at another desk."
    return True, f"Welcome, {badge.name}. Badge {participation.badge_number} checked in."


def _refused_at_the_door(participation: Participation) -> tuple[bool, str]:
    """A suspended holder came to the door: audited, and the desk told no reason."""
    audit.record(
        "participation.check_in_refused",
        participation,
        reason="suspended",
        dialogue_id=participation.dialogue_id,
    )
    db_session().commit()
    return False, SEE_THE_ORGANISERS


@bp.route("/check-in", methods=["GET", "POST"])
@limiter.limit("240 per minute", methods=["POST"])
def check_in(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.check_in", dialogue)
    result = None
    if request.method == "POST":
        token = (request.form.get("token") or "")[:500]
        if not token.strip():
            result = (False, "Scan a badge or type its code.")
        else:
            result = check_in_token(dialogue, token)
    status = 200 if result is None or result[0] else 422
    return render_template("participation/check_in.html", dialogue=dialogue, result=result), status

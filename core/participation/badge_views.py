"""Printable badges with a sealed QR code, and the check-in desk that reads them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from core.auth.permissions import require_dialogue
from core.db import db_session
from core.dialogues.loading import load_visible
from core.models import Participation, ParticipationStatus
from core.participation.access import participation_acted_for
from core.participation.badges import (
    WITH_BADGE,
    badge_token,
    is_legacy_token,
    qr_svg,
    read_token,
    with_badges,
)
from core.participation.check_in import (
    SEE_THE_ORGANISERS,
    Desk,
    DeskAnswer,
    Refused,
    admit,
    local_clock,
    open_desk,
    refuse,
    set_per_session,
)
from core.participation.desk_search import find
from core.security import limiter
from core.visibility import view_on_badge

bp = Blueprint("badges", __name__, url_prefix="/dialogues/<slug>")
NOT_A_BADGE = "This is not a Parley badge, or it was altered. Check the person's papers."
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
    participation = participation_acted_for(current_user, dialogue, participation_id)
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


def check_in_token(dialogue, token: str, desk: Desk | None = None) -> DeskAnswer:
    """Admit the badge's holder to the desk's point (today, or a session); say what to do."""
    desk = desk or open_desk(dialogue)
    claim = read_token(token)
    if claim is None:
        # names no participation: nothing to audit, and a mistyped code changes nothing
        return DeskAnswer(False, PRINTED_BEFORE if is_legacy_token(token) else NOT_A_BADGE)
    participation = None
    if claim.dialogue_id == dialogue.id:
        participation = db_session().get(
            Participation, claim.participation_id, options=[joinedload(Participation.person)]
        )
    if participation is None or participation.dialogue_id != dialogue.id:
        return DeskAnswer(False, "This badge is for another dialogue.")
    if participation.status == ParticipationStatus.SUSPENDED:
        return refuse(participation, desk, "suspended", SEE_THE_ORGANISERS)
    if claim.version != participation.token_version:
        name = view_on_badge(participation).name
        return refuse(
            participation,
            desk,
            "revoked",
            f"This badge was revoked. Do not admit; a newer badge may exist ({name}).",
        )
    return admit(participation, desk, current_user._get_current_object())


def _status(result: DeskAnswer) -> int:
    if result.admitted:
        return 200
    return 409 if isinstance(result, Refused) else 422


def _desk_page(dialogue, desk: Desk, result: DeskAnswer | None = None, status: int = 200):
    query = (request.values.get("q") or "")[:200]
    found, more = find(desk, current_user, query)
    return render_template(
        "participation/check_in.html",
        dialogue=dialogue,
        desk=desk,
        result=result,
        query=query,
        found=found,
        more=more,
        clock=lambda moment: local_clock(dialogue, moment),
    ), status


def _open(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.check_in", dialogue)
    return dialogue, open_desk(dialogue, request.values.get("point"))


@bp.route("/check-in", methods=["GET", "POST"])
@limiter.limit("240 per minute", methods=["POST"])
def check_in(slug: str):
    dialogue, desk = _open(slug)
    if request.method == "GET":
        return _desk_page(dialogue, desk)
    token = (request.form.get("token") or "")[:500]
    if not token.strip():
        result = DeskAnswer(False, "Scan a badge or type its code.")
    else:
        result = check_in_token(dialogue, token, desk)
    return _desk_page(dialogue, desk, result, _status(result))


@bp.route("/check-in/people/<int:participation_id>", methods=["POST"])
@limiter.limit("240 per minute")
def check_in_person(slug: str, participation_id: int):
    """Check in a person the desk found by name or badge number."""
    dialogue, desk = _open(slug)
    participation = db_session().get(
        Participation, participation_id, options=[joinedload(Participation.person)]
    )
    if participation is None or participation.dialogue_id != dialogue.id:
        abort(404)
    result = admit(participation, desk, current_user._get_current_object())
    return _desk_page(dialogue, desk, result, _status(result))


@bp.route("/check-in/mode", methods=["POST"])
def check_in_mode(slug: str):
    """The organisers choose whether the desk checks people in per day or per session."""
    dialogue, desk = _open(slug)
    mode = request.form.get("mode")
    if mode not in ("day", "session") or (mode == "session" and not desk.sessions):
        message = "Choose per day or per session (per session needs a released programme)."
        return _desk_page(dialogue, desk, DeskAnswer(False, message), 422)
    set_per_session(dialogue, mode == "session", current_user._get_current_object())
    flash("The desk now checks people in " + ("per session." if mode == "session" else "per day."))
    return redirect(url_for("badges.check_in", slug=dialogue.slug))

"""Organisers name who speaks for an organisation: its focal points."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, request, url_for

from core import audit
from core.auth import require
from core.auth.permissions import has_confirmed_address
from core.db import db_session
from core.models import FocalPoint, Organisation, User
from core.organisations.focal_points import add_focal_point

bp = Blueprint("focal_points", __name__, url_prefix="/organisations/<int:organisation_id>")


def _organisation(organisation_id: int) -> Organisation:
    organisation = db_session().get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/focal-points", methods=["POST"])
@require("organisation.manage")
def add(organisation_id: int):
    organisation = _organisation(organisation_id)
    email = (request.form.get("email") or "").strip().lower()[:254]
    back = redirect(url_for("organisations.show", organisation_id=organisation.id))
    user = db_session().scalar(sa.select(User).where(User.email == email)) if email else None
    if user is None:
        flash("No account has this e-mail address. Ask the person to create one first.")
        return back
    if not has_confirmed_address(user):  # anyone can open an account at any address
        flash(
            "This account has not confirmed its e-mail address yet. Ask the person to open the "
            "link Parley sent them, then add them again."
        )
        return back
    add_focal_point(user, organisation)
    db_session().commit()
    flash(f"{user.name} is a focal point of {organisation.name}.")
    return back


@bp.route("/focal-points/<int:focal_point_id>/remove", methods=["POST"])
@require("organisation.manage")
def remove(organisation_id: int, focal_point_id: int):
    organisation = _organisation(organisation_id)
    focal_point = db_session().get(FocalPoint, focal_point_id)
    if focal_point is None or focal_point.organisation_id != organisation.id:
        abort(404)
    db_session().delete(focal_point)
    audit.record("focal_point.removed", organisation, user_id=focal_point.user_id)
    db_session().commit()
    flash("The focal point was removed.")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))

"""The organisers' review queue: filter, then accredit or reject one or many with a reason."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.auth import can
from core.auth.permissions import require_dialogue
from core.db import db_session
from core.dialogues.loading import load_visible
from core.input_guards import as_id
from core.models import Category, Organisation, Participation, ParticipationStatus
from core.pagination import paginate
from core.participation.badges import WITH_BADGE
from core.participation.review import decide_many

bp = Blueprint("review", __name__, url_prefix="/dialogues/<slug>/review")
PAGE_SIZE = 200


def _filters() -> dict[str, str]:
    keys = ("category", "status", "organisation", "findings")
    return {k: request.args.get(k, "")[:40] for k in keys if request.args.get(k)}


def _query(dialogue_id: int, filters: dict[str, str]) -> sa.Select:
    query = (
        sa.select(Participation)
        .where(Participation.dialogue_id == dialogue_id)
        .options(joinedload(Participation.person), joinedload(Participation.organisation))
        .order_by(Participation.created_at, Participation.id)
    )
    if filters.get("category") in Category._value2member_map_:
        query = query.where(Participation.category == filters["category"])
    if filters.get("status") in ParticipationStatus._value2member_map_:
        query = query.where(Participation.status == filters["status"])
    organisation_id = as_id(filters.get("organisation", ""))
    if organisation_id is not None:
        query = query.where(Participation.organisation_id == organisation_id)
    findings_text = sa.cast(Participation.findings, sa.Text)
    if filters.get("findings") == "with":
        query = query.where(findings_text != "[]")
    elif filters.get("findings") == "without":
        query = query.where(findings_text == "[]")
    return query


@bp.route("/")
def queue(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    filters = _filters()
    page = paginate(_query(dialogue.id, filters), request.args, size=PAGE_SIZE)
    organisations = (
        db_session()
        .execute(
            sa.select(Organisation.id, Organisation.name)
            .join(Participation, Participation.organisation_id == Organisation.id)
            .where(Participation.dialogue_id == dialogue.id)
            .distinct()
            .order_by(Organisation.name)
        )
        .all()
    )
    return render_template(
        "participation/review.html",
        dialogue=dialogue,
        page=page,
        # names link to the registry only for those who may open it
        people_links=can(current_user, "person.manage"),
        with_badge=WITH_BADGE,
        filters=filters,
        organisations=organisations,
        categories=list(Category),
        statuses=list(ParticipationStatus),
    )


@bp.route("/", methods=["POST"])
def decide(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    decision = request.form.get("decision")
    reason = (request.form.get("reason") or "").strip()[:2000]
    ids = [i for i in map(as_id, request.form.getlist("ids")) if i is not None][:PAGE_SIZE]
    back = redirect(url_for("review.queue", slug=slug, **_filters()))
    if decision not in ("accredit", "reject"):
        flash("Choose whether to accredit or reject.")
        return back
    if not ids:
        flash("Tick at least one person.")
        return back
    if decision == "reject" and not reason:
        flash("Give the reason for the rejection: it is recorded and sent to the person.")
        return back
    chosen = (
        db_session()
        .scalars(
            sa.select(Participation)
            .where(Participation.dialogue_id == dialogue.id, Participation.id.in_(ids))
            .options(joinedload(Participation.person))
            .order_by(Participation.created_at, Participation.id)
        )
        .all()
    )
    report = decide_many(
        chosen,
        accept=decision == "accredit",
        actor=current_user._get_current_object(),
        reason=reason,
    )
    verb = "accredited" if decision == "accredit" else "rejected"
    if report.done:
        flash(f"{len(report.done)} {'person' if len(report.done) == 1 else 'people'} {verb}.")
    for participation, why in report.blocked:
        flash(f"{participation.person.full_name} was not {verb}: {why}")
    for participation, why in report.refused:
        flash(f"{participation.person.full_name}: {why}")
    return back

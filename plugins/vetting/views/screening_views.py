"""Screening everyone again on request, and what a screening found that was new."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.plugin_api import Dialogue, db_session, require
from plugins.vetting.models import VettingFinding, VettingFindingDialogue, VettingScreening
from plugins.vetting.rescreen import rescreen
from plugins.vetting.views import bp

MANAGE = "organisation.manage"


@bp.route("/vetting/rescreen", methods=["POST"])
@require(MANAGE)
def rescreen_everyone():
    done = rescreen(trigger="asked by an organiser", actor=current_user._get_current_object())
    flash(f"Everyone taking part screened again: {done.summary}.")
    return redirect(url_for(".screening", screening_id=done.screening.id))


@bp.route("/vetting/screenings/<int:screening_id>")
@require(MANAGE)
def screening(screening_id: int):
    """What a screening of everyone found that was new, with the dialogues each concerns."""
    found = db_session().get(VettingScreening, screening_id)
    if found is None:
        abort(404)
    findings = (
        db_session()
        .scalars(
            sa.select(VettingFinding)
            .where(VettingFinding.screening_id == screening_id)
            .options(joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list))
            .order_by(VettingFinding.score.desc(), VettingFinding.id)
        )
        .all()
    )
    dialogues: dict[int, list[Dialogue]] = defaultdict(list)
    for finding_id, dialogue in db_session().execute(
        sa.select(VettingFindingDialogue.finding_id, Dialogue)
        .join(Dialogue, Dialogue.id == VettingFindingDialogue.dialogue_id)
        .where(VettingFindingDialogue.finding_id.in_([f.id for f in findings]))
        .order_by(Dialogue.starts_at)
    ):
        dialogues[finding_id].append(dialogue)
    return render_template(
        "vetting/screening.html", screening=found, findings=findings, dialogues=dialogues
    )

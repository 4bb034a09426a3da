"""Screening everyone again on request, and what a screening found that was new."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from core.plugin_api import require
from plugins.vetting.findings import found_by_screening
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
    found = found_by_screening(screening_id)
    if found is None:
        abort(404)
    return render_template(
        "vetting/screening.html",
        screening=found.screening,
        findings=found.findings,
        dialogues=found.dialogues,
    )

"""Reviewing a dialogue's findings: the queue, and one finding beside its list entry."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.auth.permissions import can, require_dialogue
from core.db import db_session
from core.dialogues.views import load_visible
from core.forms import form_page
from core.models import Organisation, Person, User
from plugins.vetting.forms import DecisionForm
from plugins.vetting.models import FindingState, VettingDecision, VettingFinding
from plugins.vetting.review import ACTIONS, LABELS, ReviewRefused, decide
from plugins.vetting.statement import UNRESOLVED, concerns_dialogue, statement_for
from plugins.vetting.store import as_list_entry
from plugins.vetting.views import bp

STATE_LABELS = {
    FindingState.OPEN: "Awaiting review",
    FindingState.CLEARED: "Not the same",
    FindingState.CONFIRMED: "Confirmed match",
    FindingState.OVERRIDE_REQUESTED: "Override asked",
    FindingState.OVERRIDDEN: "Overridden",
}


def _subjects(findings: list[VettingFinding]) -> dict[tuple[str, int], object]:
    """The people and organisations the findings are about, in two queries."""
    people = {f.subject_id for f in findings if f.subject_kind == "person"}
    organisations = {f.subject_id for f in findings if f.subject_kind == "organisation"}
    session = db_session()
    found: dict[tuple[str, int], object] = {}
    if people:
        for person in session.scalars(
            sa.select(Person).where(Person.id.in_(people)).options(joinedload(Person.organisation))
        ):
            found[("person", person.id)] = person
    if organisations:
        for organisation in session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(organisations))
        ):
            found[("organisation", organisation.id)] = organisation
    return found


@bp.route("/dialogues/<slug>/screening")
def queue(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    shown = request.args.get("show", "unresolved")
    query = (
        sa.select(VettingFinding)
        .where(concerns_dialogue(dialogue.id))
        .options(joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list))
        .order_by(VettingFinding.found_at.desc(), VettingFinding.id.desc())
    )
    if shown != "all":
        shown = "unresolved"
        query = query.where(VettingFinding.state.in_(UNRESOLVED))
    findings = db_session().scalars(query.limit(500)).all()
    return render_template(
        "vetting/queue.html",
        dialogue=dialogue,
        findings=findings,
        subjects=_subjects(findings),
        shown=shown,
        statement=statement_for(dialogue.id),
        states=STATE_LABELS,
        may_manage_lists=can(current_user, "organisation.manage"),
    )


def _finding_of(dialogue, finding_id: int) -> VettingFinding:
    finding = db_session().scalar(
        sa.select(VettingFinding)
        .where(VettingFinding.id == finding_id, concerns_dialogue(dialogue.id))
        .options(joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list))
    )
    if finding is None:
        abort(404)
    return finding


def _actions(state: FindingState) -> list[str]:
    return [action for action, (allowed, _target) in ACTIONS.items() if state in allowed]


def _seen(value: str | None) -> FindingState | None:
    try:
        return FindingState(value)
    except ValueError:
        return None


@bp.route("/dialogues/<slug>/screening/findings/<int:finding_id>", methods=["GET", "POST"])
def finding(slug: str, finding_id: int):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    found = _finding_of(dialogue, finding_id)
    form = DecisionForm()
    seen = _seen(form.seen.data) or found.state
    form.seen.data = seen.value
    form.offer(_actions(seen))
    if form.validate_on_submit():
        try:
            decide(
                found,
                form.action.data,
                form.reason.data,
                current_user._get_current_object(),
                seen=seen,
            )
        except ReviewRefused as refused:
            db_session().rollback()
            form.form_errors.append(str(refused))
        else:
            flash(f"Decision recorded: {LABELS[form.action.data]}.")
            return redirect(url_for(".finding", slug=slug, finding_id=finding_id))
    decisions = (
        db_session()
        .execute(
            sa.select(VettingDecision, User.name)
            .outerjoin(User, User.id == VettingDecision.user_id)
            .where(VettingDecision.finding_id == found.id)
            .order_by(VettingDecision.at, VettingDecision.id)
        )
        .all()
    )
    return form_page(
        "vetting/finding.html",
        form,
        dialogue=dialogue,
        finding=found,
        entry=as_list_entry(found.entry),
        entry_current=found.entry.removed_in is None,
        subject=_subjects([found]).get((found.subject_kind, found.subject_id)),
        decisions=decisions,
        states=STATE_LABELS,
        labels=LABELS,
    )

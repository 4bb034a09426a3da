"""Reviewing a dialogue's findings: the queue, and one finding beside its list entry."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.plugin_api import (
    Dialogue,
    Organisation,
    Participation,
    Person,
    User,
    can,
    db_session,
    form_page,
    load_visible,
    require_dialogue,
)
from plugins.vetting.forms import DecisionForm
from plugins.vetting.models import (
    FindingState,
    VettingDecision,
    VettingEntry,
    VettingFinding,
    VettingFindingDialogue,
)
from plugins.vetting.review import (
    ACTIONS,
    LABELS,
    SECOND,
    ReviewRefused,
    decide,
    dual_clearance_score,
    needs_two_to_clear,
)
from plugins.vetting.statement import UNRESOLVED, concerns_dialogue, statement_for
from plugins.vetting.store import as_list_entry
from plugins.vetting.views import bp

QUEUE_LIMIT = 500
STATE_LABELS = {
    FindingState.OPEN: "Awaiting review",
    FindingState.CLEARED: "Not the same",
    FindingState.CONFIRMED: "Confirmed match",
    FindingState.OVERRIDE_REQUESTED: "Override asked",
    FindingState.OVERRIDDEN: "Overridden",
    FindingState.CLEARANCE_REQUESTED: "Not the same? A second reviewer is asked",
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
    findings = db_session().scalars(query.limit(QUEUE_LIMIT + 1)).all()
    more = len(findings) > QUEUE_LIMIT
    findings = findings[:QUEUE_LIMIT]
    return render_template(
        "vetting/queue.html",
        dialogue=dialogue,
        findings=findings,
        subjects=_subjects(findings),
        shown=shown,
        statement=statement_for(dialogue.id),
        states=STATE_LABELS,
        more=more,
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


def _actions(finding: VettingFinding, state: FindingState, user: User) -> list[str]:
    """The decisions open to ``user``: a second reviewer's are not offered to whoever asked."""
    asked_by_user = _asked_by(finding) == user.id
    return [
        action
        for action, (allowed, _target) in ACTIONS.items()
        if state in allowed and not (asked_by_user and action in SECOND)
    ]


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
    elsewhere = _dialogues_of(found)
    user = current_user._get_current_object()
    # a decision holds in every dialogue the finding concerns: only someone who organises
    # all of them takes it
    may_decide = all(can(user, "dialogue.review", d) for d in elsewhere)
    form = DecisionForm()
    seen = _seen(form.seen.data) or found.state
    form.seen.data = seen.value
    form.offer(_actions(found, seen, user) if may_decide else [])
    if request.method == "POST" and not may_decide:
        abort(403)
    if form.validate_on_submit():
        try:
            sent = decide(
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
            if found.state == FindingState.CLEARANCE_REQUESTED:
                flash("A second, different reviewer must agree before it is cleared.")
            if sent:
                flash(
                    "The held invitation is sent: nothing stops it any more."
                    if sent == 1
                    else f"{sent} held invitations are sent: nothing stops them any more."
                )
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
        may_decide=may_decide,
        elsewhere=[d for d in elsewhere if d.id != dialogue.id],
        taking_part=_taking_part(found, dialogue),
        two_to_clear=needs_two_to_clear(found),
        dual_clearance_score=dual_clearance_score(),
        asked_by_you=user.id == _asked_by(found),
        earlier=_earlier(found),
    )


def _asked_by(finding: VettingFinding) -> int | None:
    """Who asked for the second reviewer the finding awaits, if it awaits one."""
    if finding.state == FindingState.CLEARANCE_REQUESTED:
        return finding.clearance_requested_by_id
    if finding.state == FindingState.OVERRIDE_REQUESTED:
        return finding.override_requested_by_id
    return None


def _dialogues_of(finding: VettingFinding) -> list[Dialogue]:
    return (
        db_session()
        .scalars(
            sa.select(Dialogue)
            .join(VettingFindingDialogue, VettingFindingDialogue.dialogue_id == Dialogue.id)
            .where(VettingFindingDialogue.finding_id == finding.id)
            .order_by(Dialogue.starts_at)
        )
        .all()
    )


def _taking_part(finding: VettingFinding, dialogue: Dialogue) -> list[Participation]:
    """The subject's part in this dialogue: the reviewer sees what a decision touches (a
    confirmed match suspends an accreditation) and what to reject or withdraw."""
    column = (
        Participation.person_id
        if finding.subject_kind == "person"
        else Participation.organisation_id
    )
    return (
        db_session()
        .scalars(
            sa.select(Participation)
            .where(Participation.dialogue_id == dialogue.id, column == finding.subject_id)
            .options(joinedload(Participation.person))
        )
        .all()
    )


def _earlier(finding: VettingFinding) -> list[VettingFinding]:
    """Findings about the same subject and an earlier version of the same list entry, with
    their decisions: a changed entry comes back for review, and the reviewer sees the past."""
    same_entry = sa.select(VettingEntry.id).where(
        VettingEntry.list_id == finding.entry.list_id,
        VettingEntry.external_id == finding.entry.external_id,
        VettingEntry.id != finding.entry_id,
    )
    return (
        db_session()
        .scalars(
            sa.select(VettingFinding)
            .where(
                VettingFinding.subject_kind == finding.subject_kind,
                VettingFinding.subject_id == finding.subject_id,
                VettingFinding.entry_id.in_(same_entry),
            )
            .order_by(VettingFinding.found_at)
        )
        .all()
    )

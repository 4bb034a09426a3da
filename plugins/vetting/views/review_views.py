"""Reviewing a dialogue's findings: the queue, and one finding beside its list entry."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.plugin_api import (
    User,
    can,
    form_page,
    load_visible,
    require_dialogue,
)
from plugins.vetting import findings
from plugins.vetting.forms import DecisionForm
from plugins.vetting.models import FindingState, VettingFinding
from plugins.vetting.review import (
    ACTIONS,
    LABELS,
    SECOND,
    ReviewRefused,
    decide,
    dual_clearance_score,
    needs_two_to_clear,
)
from plugins.vetting.statement import statement_for
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


@bp.route("/dialogues/<slug>/screening")
def queue(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    shown = "all" if request.args.get("show") == "all" else "unresolved"
    queue = findings.queue_of(dialogue, unresolved_only=shown != "all", limit=QUEUE_LIMIT)
    return render_template(
        "vetting/queue.html",
        dialogue=dialogue,
        findings=queue.findings,
        subjects=queue.subjects,
        shown=shown,
        statement=statement_for(dialogue.id),
        states=STATE_LABELS,
        more=queue.more,
        may_manage_lists=can(current_user, "organisation.manage"),
    )


def _finding_of(dialogue, finding_id: int) -> VettingFinding:
    finding = findings.finding_in(dialogue, finding_id)
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
    elsewhere = findings.dialogues_of(found)
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
    around = findings.surroundings(found, dialogue)
    return form_page(
        "vetting/finding.html",
        form,
        dialogue=dialogue,
        finding=found,
        entry=as_list_entry(found.entry),
        entry_current=found.entry.removed_in is None,
        subject=around.subject,
        decisions=around.decisions,
        states=STATE_LABELS,
        labels=LABELS,
        may_decide=may_decide,
        elsewhere=[d for d in elsewhere if d.id != dialogue.id],
        taking_part=around.taking_part,
        two_to_clear=needs_two_to_clear(found),
        dual_clearance_score=dual_clearance_score(),
        asked_by_you=user.id == _asked_by(found),
        earlier=around.earlier,
    )


def _asked_by(finding: VettingFinding) -> int | None:
    """Who asked for the second reviewer the finding awaits, if it awaits one."""
    if finding.state == FindingState.CLEARANCE_REQUESTED:
        return finding.clearance_requested_by_id
    if finding.state == FindingState.OVERRIDE_REQUESTED:
        return finding.override_requested_by_id
    return None

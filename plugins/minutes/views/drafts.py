"""Drafting pages: the draft overview, editing a part, its revisions, approving, publishing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from core.plugin_api import Viewer, db_session, form_page
from plugins.minutes import approval, drafting, publication, recommendations
from plugins.minutes.chatham import Programme
from plugins.minutes.composition import snapshot
from plugins.minutes.forms import DocumentForm, DraftStepForm
from plugins.minutes.models import MinutesDocument, MinutesRevision
from plugins.minutes.permissions import may_draft, require_drafter
from plugins.minutes.reading import read
from plugins.minutes.views import bp, load, participant_choices


def _require_drafter_or_approver(dialogue) -> None:
    """Drafters and approvers see the draft."""
    if not approval.is_approver(current_user, dialogue):
        require_drafter(dialogue)


@bp.route("/dialogues/<slug>/minutes")
def draft(slug: str):
    dialogue, _viewer = load(slug)
    _require_drafter_or_approver(dialogue)
    return _draft_page(dialogue)


def _draft_page(dialogue, problem: str = "", status: int = 200, form: DraftStepForm | None = None):
    """The draft overview; ``problem`` says why the last step was refused, ``form`` is the
    refused form, with its messages."""
    record = drafting.find_record(dialogue)
    state = approval.state(dialogue, record)
    programme = Programme.of(dialogue)
    sessions = programme.sessions
    documents = {}
    if record is not None:
        documents = {
            d.key: d
            for d in db_session().scalars(
                sa.select(MinutesDocument).where(MinutesDocument.record_id == record.id)
            )
        }
    return render_template(
        "minutes/draft.html",
        dialogue=dialogue,
        state=state,
        history=approval.history(record, {a.user_id: a.name for a in state.approvers}),
        sessions=sessions,
        chatham_ids=programme.chatham_ids(),
        documents=documents,
        orphans=[d for d in documents.values() if d.session_id and d.session_id not in sessions],
        recommendations=recommendations.of_dialogue(dialogue, published_only=False),
        versions=publication.versions(record),
        may_draft=may_draft(current_user, dialogue),
        is_approver=approval.is_approver(current_user, dialogue),
        form=form or DraftStepForm(formdata=None, revision=state.draft_revision),
        problem=problem,
    ), status


@bp.route("/dialogues/<slug>/minutes/preview")
def preview(slug: str):
    """The draft as the public would read it if it were published now."""
    dialogue, _viewer = load(slug)
    _require_drafter_or_approver(dialogue)
    content = snapshot(dialogue, drafting.find_record(dialogue))
    reading = read(dialogue, content, Viewer.anonymous(dialogue.id))
    return render_template("minutes/preview.html", dialogue=dialogue, reading=reading)


def _part(dialogue, session_id: int | None) -> tuple[str, bool]:
    """The title of the part being edited, and whether it is under the Chatham House Rule."""
    if session_id is None:
        return drafting.RECORD_TITLE, False
    programme = Programme.of(dialogue)
    if session_id not in programme.sessions:
        abort(404)
    return programme.sessions[session_id].title, programme.under_rule(session_id)


@bp.route("/dialogues/<slug>/minutes/edit", methods=["GET", "POST"])
@bp.route("/dialogues/<slug>/minutes/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit(slug: str, session_id: int | None = None):
    dialogue, viewer = load(slug)
    require_drafter(dialogue)
    title, chatham_house = _part(dialogue, session_id)
    document = drafting.find_document(
        drafting.find_record(dialogue), drafting.document_key(session_id)
    )
    form = DocumentForm()
    if not form.is_submitted():
        form.body.data = document.body if document else ""
        form.revision.data = document.revision if document else 0
    conflict = None
    if form.validate_on_submit():
        try:
            saved = drafting.save_document(
                dialogue,
                session_id=session_id,
                title=title,
                body=form.body.data or "",
                base_revision=form.revision.data,
                author=current_user,
            )
        except drafting.ChangedMeanwhile as changed:
            conflict = changed
            # the next save builds on what is there now
            form.revision.data, form.revision.raw_data = changed.current_revision, None
        else:
            if saved.not_shown:
                flash(
                    "Your text is kept as you wrote it, but the published page will not show: "
                    + "; ".join(saved.not_shown)
                    + "."
                )
            flash(f"Saved as revision {saved.revision}.")
            return redirect(url_for("minutes.draft", slug=slug))
    context = dict(
        dialogue=dialogue,
        title=title,
        chatham_house=chatham_house,
        document=document,
        participants=participant_choices(dialogue, viewer),
        conflict=conflict,
    )
    if conflict is not None:
        context["theirs"] = publication.diff(conflict.base, conflict.current, "before", "theirs")
        context["yours"] = publication.diff(
            conflict.current, form.body.data or "", "theirs", "yours"
        )
        return render_template("minutes/edit.html", form=form, **context), 409
    return form_page("minutes/edit.html", form, **context)


@bp.route("/dialogues/<slug>/minutes/documents/<int:document_id>/revisions")
def revisions(slug: str, document_id: int):
    dialogue, _viewer = load(slug)
    require_drafter(dialogue)
    record = drafting.find_record(dialogue)
    document = db_session().get(MinutesDocument, document_id)
    if document is None or record is None or document.record_id != record.id:
        abort(404)
    rows = list(
        db_session().scalars(
            sa.select(MinutesRevision)
            .where(MinutesRevision.document_id == document.id)
            .order_by(MinutesRevision.number)
        )
    )
    changes = []
    previous = ""
    for revision in rows:
        changes.append((revision, publication.diff(previous, revision.body, "before", "after")))
        previous = revision.body
    return render_template(
        "minutes/revisions.html", dialogue=dialogue, document=document, changes=changes[::-1]
    )


@bp.route("/dialogues/<slug>/minutes/approve", methods=["POST"])
def approve(slug: str):
    dialogue, _viewer = load(slug)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not approval.is_approver(current_user, dialogue):
        abort(403)  # whatever the form holds: an approval is the approver's alone
    form = DraftStepForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        approval.approve(dialogue, current_user, form.revision.data)
    except approval.NotApprover:
        abort(403)
    except approval.DraftMoved as moved:
        return _draft_page(dialogue, f"Not approved: {moved} Read it again, then approve.", 409)
    flash(f"You approved the draft at revision {form.revision.data}.")
    return redirect(url_for("minutes.draft", slug=slug))


@bp.route("/dialogues/<slug>/minutes/publish", methods=["POST"])
def publish(slug: str):
    dialogue, _viewer = load(slug)
    require_drafter(dialogue)
    form = DraftStepForm()
    if not form.validate_on_submit():
        if form.revision.errors or not form.is_submitted():
            abort(400)
        problem = "Not published: " + " ".join(f"{e}." for e in form.changes.errors)
        return _draft_page(dialogue, problem, 422, form=form)
    try:
        version = publication.publish(
            dialogue, current_user, seen_revision=form.revision.data, changes=form.changes.data
        )
    except (publication.PublicationRefused, approval.DraftMoved) as refused:
        return _draft_page(dialogue, f"Not published: {refused}", 409)
    flash(f"Version {version.number} is published.")
    return redirect(url_for("minutes.outcome", slug=slug))

"""Dialogue pages: the public list and page, and the organiser's create, edit and publish."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core import audit
from core.auth import can, require
from core.auth.permissions import require_dialogue
from core.db import db_session, utcnow
from core.dialogues.forms import DialogueForm
from core.dialogues.listing import DialogueFilters, filter_choices, viewable_by
from core.dialogues.loading import load_visible
from core.dialogues.service import apply_form, fill_choices, fill_form
from core.forms import form_page
from core.hooks import hooks
from core.models import Dialogue, DialogueStatus
from core.pagination import paginate
from core.visibility import Viewer, summarise_organisations

bp = Blueprint("dialogues", __name__)
HOME_PAGE_SIZE = 20


@bp.route("/")
def index():
    """The home page: what Parley is, then the upcoming (and ongoing) and the past dialogues
    the viewer may see, searched and filtered, each list cut into pages."""
    filters = DialogueFilters.from_args(request.args)
    visible = viewable_by(current_user)
    shown = filters.apply(sa.select(Dialogue).options(joinedload(Dialogue.series)).where(visible))
    now = utcnow()
    upcoming = paginate(
        shown.where(Dialogue.ends_at >= now).order_by(Dialogue.starts_at, Dialogue.id),
        request.args,
        size=HOME_PAGE_SIZE,
        param="upcoming_page",
    )
    past = paginate(
        shown.where(Dialogue.ends_at < now).order_by(Dialogue.starts_at.desc(), Dialogue.id.desc()),
        request.args,
        size=HOME_PAGE_SIZE,
        param="past_page",
    )
    return render_template(
        "dialogues/index.html",
        upcoming=upcoming,
        past=past,
        filters=filters,
        choices=filter_choices(visible),
    )


@bp.route("/dialogues/<slug>")
def show(slug: str):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    organisations = summarise_organisations(viewer, dialogue.id)
    tabs = hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer)
    related = dialogue.related_dialogue
    if related is not None and not (
        related.is_public or can(current_user, "dialogue.view_draft", related)
    ):
        related = None
    return render_template(
        "dialogues/show.html",
        dialogue=dialogue,
        viewer=viewer,
        organisations=organisations,
        tabs=tabs,
        related=related,
        may_edit=can(current_user, "dialogue.edit", dialogue),
        moves=[(to, words) for (frm, to), words in TRANSITIONS.items() if frm == dialogue.status],
    )


@bp.route("/dialogues/new", methods=["GET", "POST"])
@require("dialogue.create")
def create():
    form = DialogueForm()
    fill_choices(form)
    if form.validate_on_submit():
        dialogue = Dialogue()
        apply_form(dialogue, form)
        db_session().add(dialogue)
        db_session().flush()
        audit.record("dialogue.created", dialogue, dialogue_id=dialogue.id)
        db_session().commit()
        flash(f"“{dialogue.title}” was created as a draft.")
        return redirect(url_for("dialogues.show", slug=dialogue.slug))
    return form_page("dialogues/form.html", form, dialogue=None)


@bp.route("/dialogues/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.edit", dialogue)
    form = DialogueForm(obj=None if request.method == "POST" else dialogue)
    form.editing_id = dialogue.id
    fill_choices(form, exclude=dialogue)
    if request.method == "GET":
        fill_form(form, dialogue)
    if form.validate_on_submit():
        apply_form(dialogue, form)
        audit.record("dialogue.edited", dialogue, dialogue_id=dialogue.id)
        db_session().commit()
        flash("Your changes were saved.")
        return redirect(url_for("dialogues.show", slug=dialogue.slug))
    return form_page("dialogues/form.html", form, dialogue=dialogue)


# the moves an organiser can make, with the words the page uses for them
TRANSITIONS = {
    (DialogueStatus.DRAFT, DialogueStatus.PUBLISHED): "published",
    (DialogueStatus.PUBLISHED, DialogueStatus.DRAFT): "back to draft",
    (DialogueStatus.PUBLISHED, DialogueStatus.CLOSED): "closed",
    (DialogueStatus.CLOSED, DialogueStatus.PUBLISHED): "reopened",
}


@bp.route("/dialogues/<slug>/status", methods=["POST"])
def change_status(slug: str):
    """Publish, close, reopen or take back to draft; audited, and plugins hear of publication."""
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.publish", dialogue)
    try:
        target = DialogueStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    words = TRANSITIONS.get((dialogue.status, target))
    if words is None:
        flash(f"A {dialogue.status.value} dialogue cannot be made {target.value}.")
        return redirect(url_for("dialogues.show", slug=slug))
    dialogue.status = target
    if target == DialogueStatus.PUBLISHED and dialogue.published_at is None:
        dialogue.published_at = utcnow()
    audit.record(f"dialogue.{target.value}", dialogue, dialogue_id=dialogue.id)
    db_session().commit()
    if words == "published":
        hooks().dialogue_published(dialogue=dialogue, actor=current_user._get_current_object())
    flash(f"“{dialogue.title}” is now {words}.")
    return redirect(url_for("dialogues.show", slug=slug))

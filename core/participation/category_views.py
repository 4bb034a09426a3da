"""Organisers open participant categories on a dialogue and set their rules."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from core import audit
from core.auth.permissions import require_dialogue
from core.db import db_session
from core.dialogues.loading import load_visible
from core.forms import form_page, to_local, to_utc
from core.models import Category, DialogueCategory, RegistrationMode
from core.participation.forms import REGISTRATION_HINTS, CategoryForm
from core.participation.registration import places_taken_by_category, promote_waitlisted

bp = Blueprint("categories", __name__, url_prefix="/dialogues/<slug>/categories")


@bp.route("/")
def index(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.edit", dialogue)
    categories = (
        db_session()
        .scalars(
            sa.select(DialogueCategory)
            .where(DialogueCategory.dialogue_id == dialogue.id)
            .order_by(DialogueCategory.category)
        )
        .all()
    )
    return render_template(
        "participation/categories.html",
        dialogue=dialogue,
        categories=categories,
        taken=places_taken_by_category(dialogue.id),
    )


def _save(form: CategoryForm, category: DialogueCategory, zone: str) -> bool:
    moments = {}
    for field in (form.opens_at, form.closes_at):
        try:
            moments[field.name] = to_utc(field.data, zone) if field.data else None
        except ValueError as exc:
            field.errors.append(str(exc))
            return False
    opens, closes = moments["opens_at"], moments["closes_at"]
    category.category = Category(form.category.data)
    category.label = (form.label.data or "").strip()
    category.capacity = form.capacity.data
    category.needs_approval = form.needs_approval.data
    category.registration = RegistrationMode(form.registration.data)
    category.required_status = (form.required_status.data or "").strip()
    category.required_status_issuer = (form.required_status_issuer.data or "").strip()
    category.opens_at, category.closes_at = opens, closes
    return True


def _taken_elsewhere(dialogue_id: int, code: str, own_id: int | None) -> bool:
    query = sa.select(DialogueCategory.id).where(
        DialogueCategory.dialogue_id == dialogue_id, DialogueCategory.category == code
    )
    if own_id is not None:
        query = query.where(DialogueCategory.id != own_id)
    return db_session().scalar(query) is not None


def _edit(slug: str, category_id: int | None):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.edit", dialogue)
    category = None
    if category_id is not None:
        category = db_session().get(DialogueCategory, category_id)
        if category is None or category.dialogue_id != dialogue.id:
            abort(404)
    form = CategoryForm(obj=category)
    if category is not None and not form.is_submitted():
        form.opens_at.data = category.opens_at and to_local(category.opens_at, dialogue.timezone)
        form.closes_at.data = category.closes_at and to_local(category.closes_at, dialogue.timezone)
    if form.validate_on_submit():
        if _taken_elsewhere(dialogue.id, form.category.data, category and category.id):
            form.category.errors.append("This dialogue already has this category")
        else:
            target = category or DialogueCategory(dialogue_id=dialogue.id)
            if _save(form, target, dialogue.timezone):
                db_session().add(target)
                audit.record(
                    "category.edited" if category else "category.created",
                    target,
                    dialogue_id=dialogue.id,
                    capacity=target.capacity,
                )
                db_session().commit()
                promoted = promote_waitlisted(target, actor=current_user._get_current_object())
                flash(f"The category “{target.name}” was saved.")
                if promoted:
                    flash(f"{len(promoted)} moved up from the waitlist into the new places.")
                return redirect(url_for("categories.index", slug=dialogue.slug))
            db_session().rollback()
    return form_page(
        "participation/category_form.html",
        form,
        dialogue=dialogue,
        category=category,
        hints=REGISTRATION_HINTS,
    )


@bp.route("/new", methods=["GET", "POST"])
def create(slug: str):
    return _edit(slug, None)


@bp.route("/<int:category_id>/edit", methods=["GET", "POST"])
def edit(slug: str, category_id: int):
    return _edit(slug, category_id)

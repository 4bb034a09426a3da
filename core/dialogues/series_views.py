"""Series: a public page per series, and the organiser's create and edit."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from core import audit
from core.auth import can, require
from core.db import db_session
from core.dialogues.forms import SeriesForm
from core.forms import form_page
from core.models import Dialogue, Series

bp = Blueprint("series", __name__, url_prefix="/series")


def _get(slug: str) -> Series:
    series = db_session().scalar(sa.select(Series).where(Series.slug == slug))
    if series is None:
        abort(404)
    return series


@bp.route("/")
def index():
    series = db_session().scalars(sa.select(Series).order_by(Series.name)).all()
    return render_template("series/index.html", series=series)


@bp.route("/<slug>")
def show(slug: str):
    series = _get(slug)
    dialogues = [
        d
        for d in db_session().scalars(
            sa.select(Dialogue).where(Dialogue.series_id == series.id).order_by(Dialogue.starts_at)
        )
        if d.is_public or can(current_user, "dialogue.view_draft", d)
    ]
    return render_template("series/show.html", series=series, dialogues=dialogues)


@bp.route("/new", methods=["GET", "POST"])
@require("series.manage")
def create():
    form = SeriesForm()
    if form.validate_on_submit():
        series = Series()
        form.populate_obj(series)
        series.acronym = series.acronym or None
        db_session().add(series)
        audit.record("series.created", series)
        db_session().commit()
        flash(f"The series “{series.name}” was created.")
        return redirect(url_for("series.show", slug=series.slug))
    return form_page("series/form.html", form, series=None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@require("series.manage")
def edit(slug: str):
    series = _get(slug)
    form = SeriesForm(obj=series)
    form.editing_id = series.id
    if form.validate_on_submit():
        form.populate_obj(series)
        series.acronym = series.acronym or None
        audit.record("series.edited", series)
        db_session().commit()
        flash("Your changes were saved.")
        return redirect(url_for("series.show", slug=series.slug))
    return form_page("series/form.html", form, series=series)

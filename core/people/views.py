"""The registry of people (organisers only: it holds personal data)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from core import audit
from core.auth import require
from core.db import db_session
from core.forms import form_page, stopped_page
from core.models import Organisation, Person
from core.pagination import paginate
from core.people.forms import PersonForm
from core.registry_scope import registry_scope
from core.screened_changes import passes_on_form
from core.search import matches, search_words

bp = Blueprint("people", __name__, url_prefix="/people")
PAGE_SIZE = 50
SEARCHED = (
    Person.name,
    Person.given_name,
    Person.family_name,
    Person.name_original_script,
    Person.email,
)
TEXT_FIELDS = (
    "name",
    "honorific",
    "given_name",
    "family_name",
    "name_original_script",
    "position",
    "nationality",
)


def _get(person_id: int) -> Person:
    person = db_session().get(Person, person_id, options=[joinedload(Person.organisation)])
    if person is None:
        abort(404)
    return person


def _form(person: Person | None) -> PersonForm:
    form = PersonForm(obj=person)
    form.organisation_id.choices = [SelectChoice(0, "None")] + [
        SelectChoice(row.id, row.name)
        for row in db_session().execute(
            sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)
        )
    ]
    if person is not None and request.method == "GET":
        form.organisation_id.data = person.organisation_id or 0
    return form


@bp.route("/")
@require("person.manage")
def index():
    """The people in the viewer's registry scope, in pages, searched (case and diacritics
    aside) by name, by name in their own script, and by e-mail address: only organisers of
    every dialogue, who see the addresses, reach this page."""
    search = search_words(request.args.get("q"))
    query = registry_scope(current_user).people().options(joinedload(Person.organisation))
    if search:
        query = query.where(matches(search, *SEARCHED))
    return render_template(
        "people/index.html",
        page=paginate(query.order_by(Person.name, Person.id), request.args, size=PAGE_SIZE),
        search=search,
    )


@bp.route("/new", methods=["GET", "POST"])
@require("person.manage")
def create():
    form = _form(None)
    if form.validate_on_submit():
        person = Person()
        _apply(form, person)
        db_session().add(person)
        audit.record("person.created", person)
        db_session().commit()
        flash(f"“{person.name}” was added.")
        return redirect(url_for("people.show", person_id=person.id))
    return form_page("people/form.html", form, person=None)


@bp.route("/<int:person_id>")
@require("person.manage")
def show(person_id: int):
    return render_template("people/show.html", person=_get(person_id))


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@require("person.manage")
def edit(person_id: int):
    person = _get(person_id)
    form = _form(person)
    if form.validate_on_submit():
        _apply(form, person)
        audit.record("person.edited", person)
        if not passes_on_form(form.name, current_user):
            return stopped_page("people/form.html", form, person=_get(person_id))
        db_session().commit()
        flash("Your changes were saved.")
        return redirect(url_for("people.show", person_id=person.id))
    return form_page("people/form.html", form, person=person)


def _apply(form: PersonForm, person: Person) -> None:
    for name in TEXT_FIELDS:
        setattr(person, name, (getattr(form, name).data or "").strip())
    person.organisation_id = form.organisation_id.data or None
    email = (form.email.data or "").strip().lower()
    person.email = email or None

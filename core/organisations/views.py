"""The registry of organisations and their statuses (organisers only)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from core import audit
from core.auth import require
from core.db import db_session, utcnow
from core.forms import form_page, stopped_page
from core.models import Organisation, OrganisationKind, OrganisationStatus
from core.organisations.focal_points import focal_points_of
from core.organisations.forms import OrganisationForm, StatusForm
from core.pagination import paginate
from core.registry_scope import registry_scope
from core.screened_changes import passes_on_form
from core.search import matches, search_words

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _get(organisation_id: int) -> Organisation:
    organisation = db_session().get(
        Organisation, organisation_id, options=[selectinload(Organisation.statuses)]
    )
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/")
@require("organisation.manage")
def index():
    """The organisations in the viewer's registry scope, searched by name or acronym (case and
    diacritics aside), of one type or all (``?kind=not-set``: those waiting for a type), in
    pages."""
    kind = OrganisationKind._value2member_map_.get(request.args.get("kind", ""))
    search = search_words(request.args.get("q"))
    scope = registry_scope(current_user)
    query = scope.organisations().options(selectinload(Organisation.statuses))
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    if search:
        query = query.where(matches(search, Organisation.name, Organisation.acronym))
    untyped = db_session().scalar(
        scope.organisations(sa.func.count()).where(Organisation.kind == OrganisationKind.NOT_SET)
    )
    return render_template(
        "organisations/index.html",
        page=paginate(query.order_by(Organisation.name, Organisation.id), request.args, size=50),
        kinds=list(OrganisationKind),
        kind=kind,
        search=search,
        untyped=untyped,
        today=utcnow().date(),
    )


@bp.route("/<int:organisation_id>", methods=["GET", "POST"])
@require("organisation.manage")
def show(organisation_id: int):
    organisation = _get(organisation_id)
    form = StatusForm()
    if form.validate_on_submit():
        name, issuer = form.name.data.strip(), form.issuer.data.strip()
        if any(s.name == name and s.issuer == issuer for s in organisation.statuses):
            form.name.errors.append("This organisation already holds this status from this issuer")
        else:
            status = OrganisationStatus(
                name=name,
                issuer=issuer,
                valid_from=form.valid_from.data,
                expires_on=form.expires_on.data,
            )
            organisation.statuses.append(status)
            audit.record("organisation.status_added", organisation, status=status.name)
            db_session().commit()
            flash(f"The status “{status.name}” was added.")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return form_page(
        "organisations/show.html",
        form,
        organisation=organisation,
        today=utcnow().date(),
        focal_points=focal_points_of(organisation),
    )


@bp.route("/<int:organisation_id>/statuses/<int:status_id>/delete", methods=["POST"])
@require("organisation.manage")
def delete_status(organisation_id: int, status_id: int):
    organisation = _get(organisation_id)
    status = next((s for s in organisation.statuses if s.id == status_id), None)
    if status is None:
        abort(404)
    organisation.statuses.remove(status)
    audit.record("organisation.status_removed", organisation, status=status.name)
    db_session().commit()
    flash(f"The status “{status.name}” was removed.")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/new", methods=["GET", "POST"])
@require("organisation.manage")
def create():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = Organisation()
        _apply(form, organisation)
        db_session().add(organisation)
        audit.record("organisation.created", organisation)
        db_session().commit()
        flash(f"“{organisation.name}” was added.")
        return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return form_page("organisations/form.html", form, organisation=None)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@require("organisation.manage")
def edit(organisation_id: int):
    organisation = _get(organisation_id)
    form = OrganisationForm(obj=organisation)
    form.editing_id = organisation.id
    if form.validate_on_submit():
        kind_before = organisation.kind
        _apply(form, organisation)
        # a type set or changed is a decision of the organiser's: the log says from what to what
        details = {}
        if organisation.kind != kind_before:
            details["kind"] = [kind_before.value, organisation.kind.value]
        audit.record("organisation.edited", organisation, **details)
        if not passes_on_form(form.name, current_user):
            return stopped_page("organisations/form.html", form, organisation=_get(organisation_id))
        db_session().commit()
        flash("Your changes were saved.")
        return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return form_page("organisations/form.html", form, organisation=organisation)


def _apply(form: OrganisationForm, organisation: Organisation) -> None:
    organisation.name = form.name.data.strip()
    organisation.acronym = (form.acronym.data or "").strip()
    organisation.kind = OrganisationKind(form.kind.data)
    organisation.country = (form.country.data or "").strip()
    organisation.website = (form.website.data or "").strip()

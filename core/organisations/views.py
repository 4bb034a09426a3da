"""The registry of organisations and their statuses (organisers only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.auth import require
from core.db import utcnow
from core.forms import form_page, stopped_page
from core.models import Organisation, OrganisationKind
from core.organisations import service
from core.organisations.focal_points import focal_points_of
from core.organisations.forms import OrganisationForm, StatusForm
from core.search import search_words

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _get(organisation_id: int) -> Organisation:
    organisation = service.get_organisation(organisation_id)
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
    page, untyped = service.organisations_page(
        current_user, kind=kind, search=search, args=request.args
    )
    return render_template(
        "organisations/index.html",
        page=page,
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
        try:
            status = service.add_status(
                organisation,
                name=form.name.data.strip(),
                issuer=form.issuer.data.strip(),
                valid_from=form.valid_from.data,
                expires_on=form.expires_on.data,
            )
        except ValueError as held:
            form.name.errors.append(str(held))
        else:
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
    service.remove_status(organisation, status)
    flash(f"The status “{status.name}” was removed.")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/new", methods=["GET", "POST"])
@require("organisation.manage")
def create():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = service.create_organisation(_details(form))
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
        if not service.edit_organisation(
            organisation, _details(form), actor=current_user, reason_beside=form.name
        ):
            return stopped_page("organisations/form.html", form, organisation=_get(organisation_id))
        flash("Your changes were saved.")
        return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return form_page("organisations/form.html", form, organisation=organisation)


def _details(form: OrganisationForm) -> dict:
    """The columns of an organisation the form sets."""
    return {
        "name": form.name.data.strip(),
        "acronym": (form.acronym.data or "").strip(),
        "kind": OrganisationKind(form.kind.data),
        "country": (form.country.data or "").strip(),
        "website": (form.website.data or "").strip(),
    }

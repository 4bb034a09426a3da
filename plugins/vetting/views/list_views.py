"""Keeping the non-engagement lists: create, edit entries by hand, import a file, switch off.

Every change of a list's entries is a new version, and everyone taking part is screened again
against it at once, so that a finding appears in the review queue the moment a list says so.
Lists span every dialogue, so those who manage the registry of people manage them.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

from core.plugin_api import User, db_session, form_page, record_audit, require
from plugins.vetting.forms import EntryForm, ImportForm, ListForm
from plugins.vetting.import_cli import read_list
from plugins.vetting.lists import TEMPLATE, ListFormatError, entry_from_fields
from plugins.vetting.models import (
    VettingEntry,
    VettingList,
    VettingListVersion,
    VettingScreening,
)
from plugins.vetting.rescreen import rescreen
from plugins.vetting.store import (
    ImportReport,
    as_list_entry,
    edit_entries,
    import_version,
    lists_with_latest_version,
)
from plugins.vetting.views import bp

MANAGE = "organisation.manage"
log = logging.getLogger("parley.vetting")
PAGE = 50
MAX_PAGE = 100_000  # beyond any list; keeps the offset inside the database's integers


def _list(list_id: int) -> VettingList:
    found = db_session().get(VettingList, list_id)
    if found is None:
        abort(404)
    return found


def _versions(vetting_list: VettingList):
    return (
        db_session()
        .execute(
            sa.select(VettingListVersion, User.name)
            .outerjoin(User, User.id == VettingListVersion.imported_by_id)
            .where(VettingListVersion.list_id == vetting_list.id)
            .order_by(VettingListVersion.number.desc())
        )
        .all()
    )


def _after_change(vetting_list: VettingList, report: ImportReport):
    """Screen everyone again; to the screening's page when it found something new."""
    try:
        done = rescreen(
            trigger=f"{vetting_list.name}, version {report.version}",
            actor=current_user._get_current_object(),
        )
    except Exception:  # the change is saved; the screening can be run again
        db_session().rollback()
        log.exception("screening everyone again failed")
        flash(
            f"{vetting_list.name} is now at version {report.version}, but screening everyone "
            "again failed: use “Screen everyone again now” or parley vetting rescreen. Each "
            "invitation, registration and accreditation is still screened against it."
        )
        return redirect(url_for(".list_page", list_id=vetting_list.id))
    flash(
        f"{vetting_list.name} is now at version {report.version} ({report.added} added, "
        f"{report.removed} removed, {report.changed} changed). Everyone taking part was screened "
        f"again: {done.summary}."
    )
    if done.new_findings:
        return redirect(url_for(".screening", screening_id=done.screening.id))
    return redirect(url_for(".list_page", list_id=vetting_list.id))


@bp.route("/vetting/lists/", methods=["GET", "POST"])
@require(MANAGE)
def lists():
    form = ListForm()
    if form.validate_on_submit():
        if db_session().scalar(sa.select(VettingList).where(VettingList.name == form.name.data)):
            form.name.errors.append("A list with this name exists already.")
        else:
            created = VettingList(name=form.name.data, description=form.description.data or "")
            db_session().add(created)
            record_audit("vetting.list_created", created, list=created.name)
            db_session().commit()
            flash(f"{created.name} is created. Add its entries or import a file.")
            return redirect(url_for(".list_page", list_id=created.id))
    screenings = (
        db_session()
        .scalars(sa.select(VettingScreening).order_by(VettingScreening.id.desc()).limit(10))
        .all()
    )
    rows = db_session().execute(lists_with_latest_version(active_only=False)).all()
    return form_page("vetting/lists.html", form, rows=rows, screenings=screenings)


@bp.route("/vetting/lists/<int:list_id>")
@require(MANAGE)
def list_page(list_id: int):
    vetting_list = _list(list_id)
    search = (request.args.get("q") or "").strip()[:200]
    page = min(max(1, request.args.get("page", 1, type=int) or 1), MAX_PAGE)
    query = sa.select(VettingEntry).where(
        VettingEntry.list_id == list_id, VettingEntry.removed_in.is_(None)
    )
    if search:
        query = query.where(VettingEntry.name.ilike(f"%{search}%"))
    total = db_session().scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    entries = (
        db_session()
        .scalars(query.order_by(VettingEntry.name).offset((page - 1) * PAGE).limit(PAGE))
        .all()
    )
    return render_template(
        "vetting/list.html",
        vetting_list=vetting_list,
        entries=[(row, as_list_entry(row)) for row in entries],
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE)),
        search=search,
        versions=_versions(vetting_list),
        entry_form=EntryForm(formdata=None, kind="person"),
        import_form=ImportForm(formdata=None),
    )


@bp.route("/vetting/lists/<int:list_id>/active", methods=["POST"])
@require(MANAGE)
def switch(list_id: int):
    vetting_list = _list(list_id)
    vetting_list.active = not vetting_list.active
    record_audit(
        "vetting.list_switched", vetting_list, list=vetting_list.name, active=vetting_list.active
    )
    db_session().commit()
    if vetting_list.active:
        flash(f"{vetting_list.name} is on: everyone is screened against it.")
    else:
        flash(f"{vetting_list.name} is off: nobody is screened against it any more.")
    return redirect(url_for(".list_page", list_id=list_id))


def _entry_from(form: EntryForm, entry_id: str):
    aliases = "|".join(
        line.strip() for line in (form.aliases.data or "").splitlines() if line.strip()
    )
    fields = {
        name: form[name].data
        for name in ("kind", "name", "country", "birth_date", "position", "reason", "source")
    }
    try:
        return entry_from_fields({**fields, "id": entry_id, "aliases": aliases})
    except ListFormatError as problem:
        form.form_errors.append(problem.reason[:1].upper() + problem.reason[1:] + ".")
        return None


@bp.route("/vetting/lists/<int:list_id>/entries/new", methods=["GET", "POST"])
@bp.route("/vetting/lists/<int:list_id>/entries/<int:entry_id>", methods=["GET", "POST"])
@require(MANAGE)
def entry(list_id: int, entry_id: int | None = None):
    vetting_list = _list(list_id)
    row = None
    if entry_id is not None:
        row = db_session().get(VettingEntry, entry_id)
        if row is None or row.list_id != list_id or row.removed_in is not None:
            abort(404)
    if row is not None and request.method == "GET":
        current = as_list_entry(row)
        form = EntryForm(
            formdata=None,
            id=current.id,
            kind=current.kind,
            name=current.name,
            aliases="\n".join(("~" if a.weak else "") + a.name for a in current.aliases),
            country="|".join(current.countries),
            birth_date="|".join(current.birth_dates),
            position=current.position,
            reason=current.reason,
            source=current.source,
        )
    else:
        form = EntryForm()
    if row is not None:
        form.id.render_kw = {"readonly": True}
    if form.validate_on_submit():
        external_id = row.external_id if row else (form.id.data or f"parley-{secrets.token_hex(4)}")
        taken = row is None and db_session().scalar(
            sa.select(VettingEntry.id).where(
                VettingEntry.list_id == list_id,
                VettingEntry.external_id == external_id,
                VettingEntry.removed_in.is_(None),
            )
        )
        if taken:
            form.id.errors.append("Another entry of this list has this identifier.")
        else:
            new = _entry_from(form, external_id)
            if new is not None:
                report = edit_entries(
                    vetting_list, put=new, actor=current_user._get_current_object()
                )
                return _after_change(vetting_list, report)
    return form_page("vetting/entry.html", form, vetting_list=vetting_list, row=row)


@bp.route("/vetting/lists/<int:list_id>/entries/<int:entry_id>/remove", methods=["POST"])
@require(MANAGE)
def remove_entry(list_id: int, entry_id: int):
    vetting_list = _list(list_id)
    row = db_session().get(VettingEntry, entry_id)
    if row is None or row.list_id != list_id or row.removed_in is not None:
        abort(404)
    try:
        report = edit_entries(
            vetting_list, remove=row.external_id, actor=current_user._get_current_object()
        )
    except ValueError as refused:
        db_session().rollback()
        flash(str(refused))
    else:
        return _after_change(vetting_list, report)
    return redirect(url_for(".list_page", list_id=list_id))


@bp.route("/vetting/lists/<int:list_id>/import", methods=["POST"])
@require(MANAGE)
def import_file(list_id: int):
    vetting_list = _list(list_id)
    form = ImportForm()
    problem = None
    if form.validate_on_submit():
        upload = form.file.data
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (secure_filename(upload.filename or "") or "list")
            upload.save(path)
            try:
                entries = read_list(form.format.data, (path,))
                report = import_version(
                    list_name=vetting_list.name,
                    entries=entries,
                    source_format=form.format.data,
                    source_name=path.name,
                    actor=current_user._get_current_object(),
                )
            except (ListFormatError, ValueError) as refused:
                db_session().rollback()
                problem = f"Nothing was imported. {refused}"
        if problem is None:
            return _after_change(vetting_list, report)
        form.file.errors.append(problem)
    return form_page("vetting/import_problem.html", form, vetting_list=vetting_list)


@bp.route("/vetting/lists/<int:list_id>/versions/<int:number>")
@require(MANAGE)
def version(list_id: int, number: int):
    vetting_list = _list(list_id)
    found = db_session().scalar(
        sa.select(VettingListVersion).where(
            VettingListVersion.list_id == list_id, VettingListVersion.number == number
        )
    )
    if found is None:
        abort(404)
    opened = (
        db_session()
        .scalars(
            sa.select(VettingEntry)
            .where(VettingEntry.added_in == found.id)
            .order_by(VettingEntry.name)
        )
        .all()
    )
    closed = (
        db_session()
        .scalars(
            sa.select(VettingEntry)
            .where(VettingEntry.removed_in == found.id)
            .order_by(VettingEntry.name)
        )
        .all()
    )
    reopened = {row.external_id for row in opened} & {row.external_id for row in closed}
    return render_template(
        "vetting/version.html",
        vetting_list=vetting_list,
        version=found,
        added=[r for r in opened if r.external_id not in reopened],
        changed=[r for r in opened if r.external_id in reopened],
        removed=[r for r in closed if r.external_id not in reopened],
    )


@bp.route("/vetting/template.csv")
def template():
    return Response(
        TEMPLATE,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=parley-list-template.csv"},
    )

"""Keeping the non-engagement lists: create, edit entries by hand, import a file, switch off.

Every change of a list's entries is a new version, and everyone taking part is screened again
against it at once, so that a finding appears in the review queue the moment a list says so.
Lists span every dialogue, so those who manage the registry of people manage them.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

from core.plugin_api import form_page, require
from plugins.vetting import list_keeping
from plugins.vetting.forms import EntryForm, ImportForm, ListForm
from plugins.vetting.lists import TEMPLATE, ListFormatError, entry_from_fields
from plugins.vetting.models import VettingList
from plugins.vetting.store import ImportReport, as_list_entry
from plugins.vetting.views import bp

MANAGE = "organisation.manage"
PAGE = 50
MAX_PAGE = 100_000  # beyond any list; keeps the offset inside the database's integers


def _list(list_id: int) -> VettingList:
    found = list_keeping.get_list(list_id)
    if found is None:
        abort(404)
    return found


def _after_change(vetting_list: VettingList, report: ImportReport):
    """Screen everyone again; to the screening's page when it found something new."""
    done = list_keeping.rescreen_after_change(
        vetting_list, report, actor=current_user._get_current_object()
    )
    if done is None:  # the change is saved; the screening can be run again
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
        try:
            created = list_keeping.create_list(
                name=form.name.data,
                description=form.description.data or "",
            )
        except ValueError as taken:
            form.name.errors.append(str(taken))
        else:
            flash(f"{created.name} is created. Add its entries or import a file.")
            return redirect(url_for(".list_page", list_id=created.id))
    rows, screenings = list_keeping.lists_overview()
    return form_page("vetting/lists.html", form, rows=rows, screenings=screenings)


@bp.route("/vetting/lists/<int:list_id>")
@require(MANAGE)
def list_page(list_id: int):
    vetting_list = _list(list_id)
    search = (request.args.get("q") or "").strip()[:200]
    page = min(max(1, request.args.get("page", 1, type=int) or 1), MAX_PAGE)
    entries, total = list_keeping.entries_page(vetting_list, search=search, page=page, size=PAGE)
    return render_template(
        "vetting/list.html",
        vetting_list=vetting_list,
        entries=[(row, as_list_entry(row)) for row in entries],
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE)),
        search=search,
        versions=list_keeping.versions_of(vetting_list),
        entry_form=EntryForm(formdata=None, kind="person"),
        import_form=ImportForm(formdata=None),
    )


@bp.route("/vetting/lists/<int:list_id>/active", methods=["POST"])
@require(MANAGE)
def switch(list_id: int):
    vetting_list = _list(list_id)
    list_keeping.switch_list(vetting_list)
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
        row = list_keeping.current_entry(vetting_list, entry_id)
        if row is None:
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
        if row is None and list_keeping.identifier_taken(vetting_list, external_id):
            form.id.errors.append("Another entry of this list has this identifier.")
        else:
            new = _entry_from(form, external_id)
            if new is not None:
                report = list_keeping.put_entry(
                    vetting_list, new, actor=current_user._get_current_object()
                )
                return _after_change(vetting_list, report)
    return form_page("vetting/entry.html", form, vetting_list=vetting_list, row=row)


@bp.route("/vetting/lists/<int:list_id>/entries/<int:entry_id>/remove", methods=["POST"])
@require(MANAGE)
def remove_entry(list_id: int, entry_id: int):
    vetting_list = _list(list_id)
    row = list_keeping.current_entry(vetting_list, entry_id)
    if row is None:
        abort(404)
    try:
        report = list_keeping.remove_entry(
            vetting_list, row.external_id, actor=current_user._get_current_object()
        )
    except ValueError as refused:
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
                report = list_keeping.import_file(
                    vetting_list,
                    source_format=form.format.data,
                    path=path,
                    actor=current_user._get_current_object(),
                )
            except (ListFormatError, ValueError) as refused:
                problem = f"Nothing was imported. {refused}"
        if problem is None:
            return _after_change(vetting_list, report)
        form.file.errors.append(problem)
    return form_page("vetting/import_problem.html", form, vetting_list=vetting_list)


@bp.route("/vetting/lists/<int:list_id>/versions/<int:number>")
@require(MANAGE)
def version(list_id: int, number: int):
    vetting_list = _list(list_id)
    changes = list_keeping.version_changes(vetting_list, number)
    if changes is None:
        abort(404)
    return render_template(
        "vetting/version.html",
        vetting_list=vetting_list,
        version=changes.version,
        added=changes.added,
        changed=changes.changed,
        removed=changes.removed,
    )


@bp.route("/vetting/template.csv")
def template():
    return Response(
        TEMPLATE,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=parley-list-template.csv"},
    )

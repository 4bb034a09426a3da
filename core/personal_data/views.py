"""Pages: a person downloads their data or erases it; organisers do both for a person."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from core import audit
from core.auth import require
from core.db import db_session, utcnow
from core.forms import form_page
from core.hooks import PluginError
from core.models import Person
from core.personal_data import records
from core.personal_data.erasure import ErasureRefused, erase_account, erase_person
from core.personal_data.export import export_account, export_person, to_json
from core.personal_data.forms import EraseAccountForm, ErasePersonForm
from core.security import limiter

bp = Blueprint("personal_data", __name__, template_folder="templates")
log = logging.getLogger("parley.personal_data")
PLUGIN_FAILED = (
    "Nothing was erased: a part of Parley could not erase its share of the data. "
    "The problem has been logged; try again later or ask the organisers."
)


def _download(document: dict, person_id: int | None) -> Response:
    name = f"parley-personal-data-{person_id or 'account'}-{utcnow():%Y-%m-%d}.json"
    return Response(
        to_json(document),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _get_person(person_id: int) -> Person:
    person = db_session().get(Person, person_id)
    if person is None:
        abort(404)
    return person


@bp.route("/account/data")
@login_required
def account():
    document = export_account(current_user)
    person = records.person_of(current_user)
    return render_template(
        "personal_data/account.html",
        document=document,
        chairs=records.chaired(person) if person else [],
    )


@bp.route("/account/data.json")
@login_required
def account_json():
    document = export_account(current_user)
    person = records.person_of(current_user)
    return _download(document, person.id if person else None)


@bp.route("/account/erase", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def erase_own():
    user = current_user._get_current_object()
    person = records.person_of(user)
    chairs = records.chaired(person) if person else []
    form = EraseAccountForm()
    valid = form.validate_on_submit()
    if valid and not user.check_password(form.password.data):
        form.password.errors.append("The password is not right")
        valid = False
    if valid:
        try:
            erase_account(user, actor=user, reason="asked for by the person")
        except ErasureRefused as exc:
            form.form_errors.append(str(exc))
        except PluginError:
            log.exception("erasure of user %s failed in a plugin", user.id)
            form.form_errors.append(PLUGIN_FAILED)
        else:
            logout_user()
            flash("Your personal data was erased and your account closed. You are signed out.")
            return redirect(url_for("dialogues.index"))
    return form_page("personal_data/erase_account.html", form, chairs=chairs)


@bp.route("/people/<int:person_id>/data.json")
@require("person.manage")
def person_json(person_id: int):
    person = _get_person(person_id)
    document = export_person(person)
    audit.record("person.data_exported", person)
    db_session().commit()
    return _download(document, person.id)


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
@require("person.manage")
def erase(person_id: int):
    person = _get_person(person_id)
    erased = records.is_erased(person)
    chairs = records.chaired(person)
    form = ErasePersonForm()
    if form.validate_on_submit():
        try:
            done = erase_person(
                person, actor=current_user._get_current_object(), reason=form.reason.data
            )
        except ErasureRefused as exc:
            form.form_errors.append(str(exc))
        except PluginError:
            log.exception("erasure of person %s failed in a plugin", person.id)
            form.form_errors.append(PLUGIN_FAILED)
        else:
            flash(
                "The person's personal data was erased."
                if done
                else "This person's personal data had already been erased."
            )
            return redirect(url_for("people.show", person_id=person.id))
    return form_page(
        "personal_data/erase_person.html", form, person=person, erased=erased, chairs=chairs
    )

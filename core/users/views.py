"""Administrators manage accounts and the roles they hold."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from core import audit
from core.accounts import create_user, grant_role
from core.auth import account_mail, require
from core.db import db_session
from core.forms import form_page
from core.models import Dialogue, Role, User
from core.users.forms import GrantForm, NewUserForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _get(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


def _grant_form() -> GrantForm:
    form = GrantForm()
    form.dialogue_id.choices = [SelectChoice(0, "Every dialogue")] + [
        SelectChoice(row.id, row.title)
        for row in db_session().execute(
            sa.select(Dialogue.id, Dialogue.title).order_by(Dialogue.starts_at.desc())
        )
    ]
    return form


@bp.route("/")
@require("users.manage")
def index():
    users = db_session().scalars(
        sa.select(User).options(selectinload(User.grants)).order_by(User.name)
    )
    return render_template("users/index.html", users=users.all())


@bp.route("/new", methods=["GET", "POST"])
@require("users.manage")
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                email=form.email.data, name=form.name.data, password=form.password.data
            )
        except ValueError as exc:
            form.email.errors.append(str(exc))
        else:
            # an administrator cannot vouch for an address: its owner confirms it by the link
            account_mail.send_verification(user)
            db_session().commit()
            flash(
                f"The account for {user.email} was created. Parley sent a link to the address: "
                "until it is opened, the account cannot register organisations or people."
            )
            return redirect(url_for("users.show", user_id=user.id))
    return form_page("users/form.html", form)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@require("users.manage")
def show(user_id: int):
    user = _get(user_id)
    form = _grant_form()
    if form.validate_on_submit():
        dialogue = (
            db_session().get(Dialogue, form.dialogue_id.data) if form.dialogue_id.data else None
        )
        grant_role(user, Role(form.role.data), dialogue)
        db_session().commit()
        flash("The role was granted.")
        return redirect(url_for("users.show", user_id=user.id))
    titles = dict(db_session().execute(sa.select(Dialogue.id, Dialogue.title)).all())
    return form_page("users/show.html", form, user=user, titles=titles)


@bp.route("/<int:user_id>/grants/<int:grant_id>/revoke", methods=["POST"])
@require("users.manage")
def revoke(user_id: int, grant_id: int):
    user = _get(user_id)
    grant = next((g for g in user.grants if g.id == grant_id), None)
    if grant is None:
        abort(404)
    if user.id == current_user.id and grant.role == Role.ADMINISTRATOR:
        flash("You cannot remove your own administrator role.")
        return redirect(url_for("users.show", user_id=user.id))
    user.grants.remove(grant)
    user.end_sessions()  # a page open with the role must not go on using it
    audit.record("role.revoked", user, dialogue_id=grant.dialogue_id, role=grant.role.value)
    db_session().commit()
    flash("The role was removed, and the account was signed out everywhere.")
    return redirect(url_for("users.show", user_id=user.id))


@bp.route("/<int:user_id>/active", methods=["POST"])
@require("users.manage")
def toggle_active(user_id: int):
    user = _get(user_id)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.")
        return redirect(url_for("users.show", user_id=user.id))
    user.active = not user.active
    if not user.active:  # reactivating it later must not bring its old sessions back
        user.end_sessions()
    audit.record("user.activated" if user.active else "user.deactivated", user)
    db_session().commit()
    flash(f"The account is now {'active' if user.active else 'deactivated'}.")
    return redirect(url_for("users.show", user_id=user.id))


@bp.route("/<int:user_id>/sign-out", methods=["POST"])
@require("users.manage")
def sign_out_everywhere(user_id: int):
    """End every session of the account, on every device (a lost laptop, a stolen cookie)."""
    user = _get(user_id)
    user.end_sessions()
    audit.record("user.signed_out_everywhere", user)
    db_session().commit()
    flash(f"{user.name} is signed out on every device.")
    if user.id == current_user.id:
        return redirect(url_for("auth.login"))
    return redirect(url_for("users.show", user_id=user.id))

"""Administrators manage accounts and the roles they hold."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from core.auth import require
from core.forms import form_page
from core.models import Role, User
from core.users import service
from core.users.forms import GrantForm, NewUserForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _get(user_id: int) -> User:
    user = service.get_user(user_id)
    if user is None:
        abort(404)
    return user


def _grant_form(titles: list[tuple[int, str]]) -> GrantForm:
    form = GrantForm()
    form.dialogue_id.choices = [SelectChoice(0, "Every dialogue")] + [
        SelectChoice(dialogue_id, title) for dialogue_id, title in titles
    ]
    return form


@bp.route("/")
@require("users.manage")
def index():
    return render_template("users/index.html", users=service.all_users())


@bp.route("/new", methods=["GET", "POST"])
@require("users.manage")
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = service.create_account(
                email=form.email.data, name=form.name.data, password=form.password.data
            )
        except ValueError as exc:
            form.email.errors.append(str(exc))
        else:
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
    titles = service.dialogue_titles()
    form = _grant_form(titles)
    if form.validate_on_submit():
        service.grant(user, Role(form.role.data), form.dialogue_id.data)
        flash("The role was granted.")
        return redirect(url_for("users.show", user_id=user.id))
    return form_page("users/show.html", form, user=user, titles=dict(titles))


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
    service.revoke(user, grant)
    flash("The role was removed, and the account was signed out everywhere.")
    return redirect(url_for("users.show", user_id=user.id))


@bp.route("/<int:user_id>/active", methods=["POST"])
@require("users.manage")
def toggle_active(user_id: int):
    user = _get(user_id)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.")
        return redirect(url_for("users.show", user_id=user.id))
    service.switch_active(user)
    flash(f"The account is now {'active' if user.active else 'deactivated'}.")
    return redirect(url_for("users.show", user_id=user.id))


@bp.route("/<int:user_id>/sign-out", methods=["POST"])
@require("users.manage")
def sign_out_everywhere(user_id: int):
    """End every session of the account, on every device (a lost laptop, a stolen cookie)."""
    user = _get(user_id)
    service.sign_out_everywhere(user)
    flash(f"{user.name} is signed out on every device.")
    if user.id == current_user.id:
        return redirect(url_for("auth.login"))
    return redirect(url_for("users.show", user_id=user.id))

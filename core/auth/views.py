"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from core.accounts import create_user
from core.auth import sign_in
from core.auth.forms import LoginForm, SignUpForm
from core.db import db_session
from core.forms import form_page
from core.models import User
from core.security import limiter

bp = Blueprint("auth", __name__)
_DUMMY_HASH = generate_password_hash("parley-timing-equaliser")


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after log-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dialogues.index")


@bp.route("/login", methods=["GET", "POST"])
@sign_in.sign_in_limit
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dialogues.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db_session().scalar(sa.select(User).where(User.email == email))
        if user is None:
            # spend the same time as a real check so response times do not reveal accounts
            check_password_hash(_DUMMY_HASH, form.password.data)
        elif user.active and user.check_password(form.password.data):
            # signed in now, or asked for the second factor first (core/auth/sign_in.py)
            next_url = _safe_next(request.args.get("next"))
            return sign_in.begin(user, remember=form.remember.data, next_url=next_url)
        form.password.errors.append("The e-mail address or password is not right")
    return form_page("auth/login.html", form)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNUP_RATE_LIMIT"], methods=["POST"])
def signup():
    """Anyone may open an account; what it can do comes from roles and focal points."""
    if current_user.is_authenticated:
        return redirect(url_for("dialogues.index"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                email=form.email.data, name=form.name.data, password=form.password.data
            )
        except ValueError as exc:
            form.email.errors.append(str(exc))
        else:
            db_session().commit()
            login_user(user)
            flash("Your account is ready.")
            return redirect(_safe_next(request.args.get("next")))
    return form_page("auth/signup.html", form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("dialogues.index"))

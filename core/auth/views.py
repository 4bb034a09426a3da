"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from core.accounts import create_user, normalise_email, user_by_email
from core.auth import account_mail, sign_in
from core.auth.forms import LoginForm, SignUpForm
from core.auth.security_events import announce
from core.db import db_session
from core.forms import form_page
from core.links import external_url
from core.models import User
from core.security import limiter

bp = Blueprint("auth", __name__)
_DUMMY_HASH = generate_password_hash("parley-timing-equaliser")


def same_site(target: str | None) -> str | None:
    """``target`` if it is a path of this site, else None."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return None


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after log-in."""
    return same_site(target) or url_for("dialogues.index")


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
    """Anyone may open an account; what it can do comes from roles and focal points.

    The answer is the same page whether or not the address has an account already: a new
    account is sent the link that confirms its address, the owner of an existing one an
    e-mail saying someone tried. Nobody is signed in here, so that the two answers cannot
    differ; the new account signs in with its password.
    """
    if current_user.is_authenticated:
        return redirect(url_for("dialogues.index"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            email = normalise_email(form.email.data)
        except ValueError as exc:
            form.email.errors.append(str(exc))
        else:
            _open_account(form, email)
            return render_template(
                "auth/signup_sent.html", email=email, next_url=same_site(request.args.get("next"))
            )
    return form_page("auth/signup.html", form)


def _open_account(form: SignUpForm, email: str) -> None:
    """A new account at ``email``, sent its confirmation link; or, when the address has an
    account, its owner told. Committed."""
    owner = user_by_email(email)
    if owner is None:
        user = create_user(email=email, name=form.name.data, password=form.password.data)
        account_mail.send_verification(user, next_url=same_site(request.args.get("next")))
    else:
        generate_password_hash(form.password.data)  # the time a new account would take
        if account_mail.address_may_receive(owner.email):
            forgot = external_url("recovery.forgot_password")
            announce(owner, "signup_attempt", context={"forgot_url": forgot})
    db_session().commit()


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("dialogues.index"))

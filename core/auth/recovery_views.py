"""A forgotten password, and the link that confirms an address.

Whether an address has an account is never told: asking a reset link, or the confirmation
link again, answers the same page for any address, and only the owner of an account learns,
by e-mail, that someone asked.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core import audit
from core.accounts import user_by_email
from core.auth import account_mail, sign_in, tokens
from core.auth.forms import (
    ConfirmForm,
    ForgotPasswordForm,
    ResendVerificationForm,
    ResetPasswordForm,
)
from core.auth.permissions import has_confirmed_address
from core.auth.security_events import announce
from core.auth.views import _safe_next, same_site
from core.db import db_session, utcnow
from core.forms import form_page
from core.links import external_url
from core.security import limiter

bp = Blueprint("recovery", __name__)
LINK_LIMIT = "30 per minute"


def problem_page(problem: tokens.LinkProblem):
    return (
        render_template("account/link_problem.html", title=problem.title, message=problem.message),
        problem.status,
    )


def read_link(purpose: str, token: str | None) -> tokens.Link:
    """The account and data of a link of ``purpose``; ``LinkProblem`` if it cannot be used
    here, e.g. in a browser signed in with another account."""
    link = tokens.read(purpose, token)
    if current_user.is_authenticated and current_user.id != link.user.id:
        raise tokens.LinkProblem(
            400,
            "This link is for another account",
            "You are signed in with another account than the one this link is for. "
            "Sign out, then open the link again.",
        )
    return link


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORGOT_PASSWORD_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        if user is not None and user.active:
            account_mail.send_reset(user)
        elif user is None:
            account_mail.send_no_account(form.email.data)
        db_session().commit()
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return form_page("auth/forgot_password.html", form)


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(LINK_LIMIT)
def reset_password():
    token = request.args.get("token")
    if token is None and request.method == "GET":  # the page itself, not a link
        flash("Open the link from your e-mail, or ask for a new one here.")
        return redirect(url_for(".forgot_password"))
    try:
        user = read_link(tokens.RESET, token).user
    except tokens.LinkProblem as problem:
        return problem_page(problem)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return form_page("auth/reset_password.html", form, user=user)
    user.set_password(form.password.data)
    user.end_sessions()
    if user.email_verified_at is None:  # the link reached the address: it is the owner's
        user.email_verified_at = utcnow()
    announce(
        user,
        "password_reset",
        context={"forgot_url": external_url("recovery.forgot_password")},
    )
    db_session().commit()
    flash("Your password is changed. Every other device was signed out.")
    # signed in anew on this browser, or asked for the second factor first: a mailbox alone
    # must not stand in for it
    return sign_in.begin(user, remember=False, next_url=url_for("dialogues.index"))


@bp.route("/verify-email")
@limiter.limit(LINK_LIMIT)
def verify_email():
    token = request.args.get("token")
    if token is None:  # the page itself, not a link
        flash("Open the link from your e-mail, or ask for a new one here.")
        return redirect(url_for(".resend_verification"))
    try:
        link = read_link(tokens.VERIFY, token)
    except tokens.LinkProblem as problem:
        return problem_page(problem)
    user = link.user
    user.email_verified_at = utcnow()
    audit.record("account.verified", user, actor_id=user.id)
    db_session().commit()
    next_url = _safe_next(link.data.get("n"))
    if current_user.is_authenticated:
        flash("Your e-mail address is confirmed.")
        return redirect(next_url)
    flash("Your e-mail address is confirmed. Sign in to go on.")
    return redirect(url_for("auth.login", next=next_url))


@bp.route("/verify-email/resend", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESEND_VERIFICATION_RATE_LIMIT"], methods=["POST"])
def resend_verification():
    """Another confirmation link: to the signed-in account, or to an address typed in."""
    if current_user.is_authenticated:
        return _resend_to_current_user()
    form = ResendVerificationForm()
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        if user is not None and user.active and user.email_verified_at is None:
            account_mail.send_verification(user)
        db_session().commit()
        return render_template("auth/resend_sent.html", email=form.email.data)
    return form_page("auth/resend_verification.html", form)


def _resend_to_current_user():
    user = current_user._get_current_object()
    next_url = request.args.get("next")
    form = ConfirmForm()
    if has_confirmed_address(user):
        if request.method == "POST":
            flash("Your e-mail address is confirmed already.")
            return redirect(url_for("account.settings"))
        return form_page("auth/resend_verification.html", form, confirmed=True)
    if form.validate_on_submit():
        if account_mail.send_verification(user, next_url=same_site(next_url)):
            flash(f"We sent a new link to {user.email}. Open it to confirm your address.")
        else:
            flash(
                "We sent you several links recently. Use the latest one, or wait an hour and "
                "ask again."
            )
        db_session().commit()
        return redirect(url_for("account.settings"))
    return form_page("auth/resend_verification.html", form, next_url=next_url)

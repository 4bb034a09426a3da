"""The account's own page: its password, its address, and signing out everywhere else.

Each change asks for the current password, is audited and e-mailed to the owner
(``core.auth.security_events``), and ends every other session of the account: whoever else
was signed in, on a stolen laptop or with a copied cookie, is out at their next request.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from core import audit
from core.accounts import normalise_email, user_by_email
from core.auth import account_mail, tokens
from core.auth.forms import ChangeEmailForm, ChangePasswordForm, ConfirmForm
from core.auth.recovery_views import problem_page, read_link
from core.auth.security_events import announce
from core.auth.sessions import end_other_sessions
from core.db import db_session, utcnow
from core.forms import form_page
from core.links import external_url
from core.security import limiter

bp = Blueprint("account", __name__, url_prefix="/account")


def _forgot_url() -> str:
    return external_url("recovery.forgot_password")


@bp.route("")
@login_required
def settings():
    return render_template("account/settings.html", form=ConfirmForm())


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["CHANGE_PASSWORD_RATE_LIMIT"], methods=["POST"])
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not user.check_password(form.current.data):
            form.current.errors.append("This is not your current password")
        elif form.password.data == form.current.data:
            form.password.errors.append("Choose a password other than your current one")
        else:
            user.set_password(form.password.data)
            end_other_sessions(user)
            announce(user, "password_changed", context={"forgot_url": _forgot_url()})
            db_session().commit()
            flash("Your password is changed. Every other device was signed out.")
            return redirect(url_for(".settings"))
    return form_page("account/password.html", form)


@bp.route("/email", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["CHANGE_EMAIL_RATE_LIMIT"], methods=["POST"])
def change_email():
    """The new address is sent a link; the account moves to it only when the link is opened.

    An address that belongs to another account gets the same answer here (its owner is told
    someone asked), so that this page cannot be used to find out who has an account.
    """
    user = current_user._get_current_object()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            new_address = normalise_email(form.email.data)
        except ValueError as exc:
            form.email.errors.append(str(exc))
            return form_page("account/email.html", form)
        if not user.check_password(form.current.data):
            form.current.errors.append("This is not your current password")
        elif new_address == user.email:
            form.email.errors.append("This is your address already")
        else:
            owner = user_by_email(new_address)
            if owner is None:
                account_mail.send_new_email_link(user, new_address)
            elif account_mail.address_may_receive(owner.email):
                announce(owner, "address_claim_attempt", context={"forgot_url": _forgot_url()})
            db_session().commit()
            return render_template("account/email_sent.html", email=new_address)
    return form_page("account/email.html", form)


@bp.route("/confirm-email")
@limiter.limit("30 per minute")
def confirm_email():
    """The link sent to a new address: the account moves to it, and the old one is told."""
    token = request.args.get("token")
    if token is None:  # the page itself, not a link
        flash("Open the link from your e-mail, or change your address again.")
        return redirect(url_for(".change_email"))
    try:
        link = read_link(tokens.NEW_EMAIL, token)
        new_address = normalise_email(str(link.data.get("e", "")))
    except tokens.LinkProblem as problem:
        return problem_page(problem)
    except ValueError:
        return problem_page(tokens.LinkProblem(400, "This link is not valid", "Ask again."))
    user = link.user
    if user_by_email(new_address) is not None:
        return problem_page(
            tokens.LinkProblem(
                410,
                "This address is taken",
                "Another account has this address now, so yours cannot move to it. Choose "
                "another address on your account page.",
            )
        )
    old_address = user.email
    user.email = new_address
    user.email_verified_at = utcnow()
    end_other_sessions(user)
    announce(
        user,
        "email_changed",
        to=old_address,
        context={"new_address": account_mail.mask(new_address)},
    )
    db_session().commit()
    if current_user.is_authenticated:
        flash(f"Your address is now {new_address}. Every other device was signed out.")
        return redirect(url_for(".settings"))
    flash(f"Your address is now {new_address}. Sign in with it.")
    return redirect(url_for("auth.login"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    """Every other browser and device signed in to the account is signed out."""
    user = current_user._get_current_object()
    end_other_sessions(user)
    audit.record("account.signed_out_elsewhere", user)
    db_session().commit()
    flash("Every other device signed in to your account is signed out. This one stays in.")
    return redirect(url_for(".settings"))

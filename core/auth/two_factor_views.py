"""Pages of two-factor authentication: set-up, recovery codes and turning it off
(``/account/two-factor``), the code asked at sign-in (``/login/two-factor``), an
administrator's reset, and the rule that sends a user whose role needs a second factor to set
one up before anything else.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user

from core import audit
from core.auth import sign_in
from core.auth import two_factor as tf
from core.auth.permissions import require
from core.auth.security_events import announce
from core.auth.two_factor_forms import (
    ChallengeForm,
    RenewCodesForm,
    ResetForm,
    SetUpForm,
    TurnOffForm,
)
from core.db import db_session
from core.forms import form_page
from core.models import User
from core.security import limiter

bp = Blueprint("two_factor", __name__, template_folder="templates")
log = logging.getLogger("parley.two_factor")
SETUP = "two_factor_setup"  # the secret being set up, sealed, until the owner confirms a code
# what a user who must set up a second factor may still reach
OPEN_WHILE_REQUIRED = {"two_factor.manage", "two_factor.enable", "auth.logout", "static"}


def _pending_user_key() -> str:
    found = sign_in.pending()
    return f"user:{found[0].id}" if found else f"address:{request.remote_addr}"


def _codes_page(codes: list[str]):
    response = make_response(render_template("two_factor/codes.html", codes=codes))
    response.headers["Cache-Control"] = "no-store"
    return response


def _stay_signed_in(user: User) -> None:
    """After ``user.end_sessions()``: this browser stays signed in, with the new version."""
    remember = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    login_user(user, remember=bool(remember))


@bp.before_app_request
def require_second_factor():
    """A user whose role needs a second factor sets one up before doing anything else."""
    endpoint = request.endpoint or ""
    if endpoint in OPEN_WHILE_REQUIRED or endpoint.endswith(".static"):
        return None
    if current_user.is_authenticated and tf.must_have_two_factor(current_user):
        return redirect(url_for("two_factor.manage"))
    return None


# --- the account's own pages


def _setup_secret(user: User) -> str:
    """The secret being set up in this session, made when the set-up page is first shown."""
    secret = tf.unseal(user.id, session.get(SETUP))
    if secret is None:
        secret = tf.new_secret()
        session[SETUP] = tf.seal(user.id, secret)
    return secret


def _manage_page(form=None, renew=None, turn_off=None):
    user = current_user
    if not user.has_two_factor:
        secret = _setup_secret(user)
        form = form or SetUpForm()
        return form_page(
            "two_factor/set_up.html",
            form,
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            qr=tf.qr_data_uri(tf.provisioning_uri(user, secret)),
            required=tf.must_have_two_factor(user),
            required_roles=sorted(tf.required_roles()),
        )
    renew = renew or RenewCodesForm(prefix="renew")
    turn_off = turn_off or TurnOffForm(prefix="off")
    submitted = renew if renew.errors else turn_off
    return form_page(
        "two_factor/manage.html",
        submitted,
        renew=renew,
        turn_off=turn_off,
        unused=tf.unused_codes(user),
        required=tf.holds_required_role(user),
    )


@bp.route("/account/two-factor")
@login_required
def manage():
    return _manage_page()


@bp.route("/account/two-factor", methods=["POST"])
@login_required
def enable():
    user = current_user._get_current_object()
    if user.has_two_factor:
        flash("Two-factor authentication is already on.")
        return redirect(url_for("two_factor.manage"))
    form = SetUpForm()
    if not form.validate_on_submit():
        return _manage_page(form=form)
    secret = _setup_secret(user)
    step = tf.matching_step(secret, form.code.data)
    if step is None:
        form.code.errors.append(
            "The code is not right. Check the app shows Parley and type the code it shows now"
        )
        return _manage_page(form=form)
    codes = tf.enable(user, secret, step)
    user.end_sessions()
    announce(user, "two_factor_enabled")
    db_session().commit()
    session.pop(SETUP, None)
    _stay_signed_in(user)
    flash("Two-factor authentication is on. You were signed out everywhere else.")
    return _codes_page(codes)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
@sign_in.sign_in_limit
def renew_codes():
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("two_factor.manage"))
    form = RenewCodesForm(prefix="renew")
    valid = form.validate_on_submit()
    if valid and not tf.check_totp(user, form.code.data):
        form.code.errors.append("The code is not right. Type the code your app shows now")
        valid = False
    if not valid:
        return _manage_page(renew=form)
    codes = tf.renew_recovery_codes(user)
    announce(user, "two_factor_codes_renewed")
    db_session().commit()
    flash("New recovery codes were made. The old ones no longer work.")
    return _codes_page(codes)


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
@sign_in.sign_in_limit
def disable():
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("two_factor.manage"))
    form = TurnOffForm(prefix="off")
    valid = form.validate_on_submit()
    if valid and not user.check_password(form.password.data):
        form.password.errors.append("The password is not right")
        valid = False
    elif valid and tf.check_second_factor(user, form.code.data) is None:
        form.code.errors.append("The code is not right")
        valid = False
    if not valid:
        return _manage_page(turn_off=form)
    tf.disable(user)
    user.end_sessions()
    announce(user, "two_factor_disabled")
    db_session().commit()
    _stay_signed_in(user)
    flash("Two-factor authentication is off. You were signed out everywhere else.")
    return redirect(url_for("two_factor.manage"))


# --- the second step of signing in


@bp.route("/login/two-factor", methods=["GET", "POST"])
@sign_in.sign_in_limit
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_pending_user_key,
    scope="sign-in-code",
    methods=["POST"],
)
def challenge():
    if current_user.is_authenticated:
        return redirect(url_for("dialogues.index"))
    found = sign_in.pending()
    if found is None:
        return render_template("two_factor/expired.html")
    user, state = found
    form = ChallengeForm()
    if form.validate_on_submit():
        used = tf.check_second_factor(user, form.code.data)
        if used is not None:
            sign_in.complete(user, remember=state["remember"])
            if used == "recovery":
                left = tf.unused_codes(user)
                audit.record("account.recovery_code_used", user, left=left)
                flash(
                    f"You used a recovery code; {left} of them remain. "
                    "Make new ones from your two-factor settings if you run short."
                )
            db_session().commit()
            return redirect(state["next"])
        log.info("user %s: a wrong second-factor code at sign-in", user.id)
        form.code.errors.append("The code is not right. Type the code your app shows now")
    return form_page("two_factor/challenge.html", form)


# --- an administrator's reset, for an owner who lost their phone and their codes


def _account(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/admin/users/<int:user_id>/two-factor/reset", methods=["GET", "POST"])
@require("users.manage")
def reset(user_id: int):
    user = _account(user_id)
    if not user.has_two_factor:
        if request.method == "POST":
            flash(f"{user.name} has no second factor to reset.")
            return redirect(url_for("users.show", user_id=user.id))
        return render_template("two_factor/reset.html", user=user, form=None)
    form = ResetForm()
    if form.validate_on_submit():
        tf.reset(user, form.reason.data)
        db_session().commit()
        if user.id == current_user.id:
            _stay_signed_in(user)
        flash(f"The second factor of {user.name} was reset. They were signed out everywhere.")
        return redirect(url_for("users.show", user_id=user.id))
    return form_page("two_factor/reset.html", form, user=user)

"""A newcomer signs up, is asked to check their inbox, confirms the address by the link in the
e-mail, signs in; later forgets the password, asks for a link, is refused two different
passwords, sets a new one and is signed in with it. Axe on every page."""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.db import db_session
from core.models import OutboxMessage
from tests.e2e.browser import expect

EMAIL = "naw.paw@cso.example"
FIRST = "first passphrase 2025"
SECOND = "second passphrase 2026"


def _link(app, kind: str) -> str:
    with app.app_context():
        body = (
            db_session()
            .scalars(
                sa.select(OutboxMessage.body)
                .where(OutboxMessage.kind == kind, OutboxMessage.to_address == EMAIL)
                .order_by(OutboxMessage.id.desc())
            )
            .first()
        )
    assert body, f"no {kind} e-mail"
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def _sign_in(ui, password: str) -> None:
    page = ui.page
    ui.step("sign-in page")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    ui.step("signed in")


def test_sign_up_confirm_forget_and_reset(ui, live_app):
    page = ui.page
    ui.goto("/signup")
    ui.step("sign-up")
    page.get_by_label("Your name").fill("Naw Paw")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(FIRST)
    page.get_by_label("Password again").fill(FIRST)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    ui.step("check your inbox")

    ui.goto(_link(live_app, "account_verify"))
    expect(page.get_by_text("Your e-mail address is confirmed")).to_be_visible()
    _sign_in(ui, FIRST)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_text("(confirmed)")).to_be_visible()
    ui.step("account page")
    ui.goto("/")  # the account page has a button "Sign out everywhere else" too
    ui.sign_out()

    ui.goto("/login")
    ui.step("sign-in page")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    ui.step("forgot password")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("If an account exists for")).to_be_visible()
    ui.step("reset link sent")

    ui.goto(_link(live_app, "account_reset_link"))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    ui.step("choose a new password")
    page.get_by_label("New password", exact=True).fill(SECOND)
    page.get_by_label("New password again").fill("not the same one")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords are not the same")
    ui.step("two different passwords refused")
    page.get_by_label("New password", exact=True).fill(SECOND)
    page.get_by_label("New password again").fill(SECOND)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    ui.step("signed in with the new password")
    ui.sign_out()

    ui.goto("/login")
    _sign_in(ui, SECOND)
    ui.assert_accessible()

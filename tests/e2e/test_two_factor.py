"""A CSO focal point turns on two-factor authentication: adds Parley to an authenticator app
with the key shown as text, confirms with a code, keeps the recovery codes shown once, signs
out, and signs in again with a code from the app, then with a recovery code."""

from __future__ import annotations

import time

import pyotp

from tests.e2e.browser import expect
from tests.e2e.conftest import PASSWORD

EMAIL = "focal@parley.example"


def _password_step(ui) -> None:
    page = ui.page
    ui.goto("/login")
    ui.step("sign-in page")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    ui.step("asked for the code")


def test_a_user_turns_on_two_factor_and_signs_in_with_a_code(ui):
    page = ui.page
    ui.sign_in(EMAIL)

    page.get_by_role("link", name="Your account").click()
    ui.step("account")
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to add Parley to an authenticator app")
    ).to_be_visible()
    ui.step("set-up")
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    app = pyotp.TOTP(secret)

    # a wrong code is refused with a message beside the field
    page.get_by_label("Code from your app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    ui.step("set-up with a wrong code")

    page.get_by_label("Code from your app").fill(app.now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text().strip()
    ui.step("recovery codes")
    page.get_by_role("link", name="I have kept my codes").click()
    expect(page.get_by_text("10 of 10")).to_be_visible()
    ui.step("two-factor on")
    page.get_by_role("link", name="Back to your account").click()
    expect(page.get_by_text("On since")).to_be_visible()
    ui.step("account with two-factor on")
    page.get_by_role("link", name="Dialogues").first.click()
    ui.step("dialogues")
    ui.sign_out()

    # the password alone does not sign in; a wrong code is refused, the app's next one is not
    _password_step(ui)
    page.get_by_label("Code", exact=True).fill("123456")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    ui.step("wrong code")
    page.get_by_label("Code", exact=True).fill(app.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    ui.step("signed in with a code")
    ui.sign_out()

    # a recovery code instead of the phone, once
    _password_step(ui)
    page.get_by_label("Code", exact=True).fill(recovery)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You used a recovery code; 9 of them remain")).to_be_visible()
    ui.step("signed in with a recovery code")

    ui.assert_accessible()

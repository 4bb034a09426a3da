"""Account e-mails go through the outbox and a real SMTP server; the link in the message as
delivered is the one that works."""

from __future__ import annotations

from core.outbox.sender import send_due
from tests.core.account_support import NEW_PASSWORD, links, make_user, sign_in, signed_in
from tests.core.outbox.conftest import mail_app, smtp_server  # noqa: F401  (fixtures)

OWNER = "khin@example.org"


def delivered_links(smtp_server, to: str) -> list[str]:  # noqa: F811
    [received] = [r for r in smtp_server.received if r.rcpt_tos == [to]]
    return links(received.message.get_content())


def test_a_reset_link_delivered_by_smtp_resets_the_password(mail_app, smtp_server):  # noqa: F811
    make_user(mail_app, OWNER)
    client = mail_app.test_client()
    assert client.post("/forgot-password", data={"email": OWNER}).status_code == 200
    assert smtp_server.received == []  # nothing is sent from the request itself
    assert send_due(mail_app).sent == 1

    [received] = smtp_server.received
    assert received.message["Subject"] == "Reset your Parley password"
    reset_path = delivered_links(smtp_server, OWNER)[0]
    assert reset_path.startswith("/reset-password?token=")
    done = client.post(reset_path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and signed_in(client)

    assert send_due(mail_app).sent == 1  # the notice that the password was reset
    notice = smtp_server.received[-1].message
    assert notice["Subject"] == "Your Parley password was reset"
    assert "token=" not in notice.get_content()  # a security notice carries no working link
    client.post("/logout")
    assert sign_in(client, OWNER, NEW_PASSWORD).status_code == 302


def test_links_are_built_on_the_public_url_not_the_host_asked(make_app, smtp_server):  # noqa: F811
    from tests.core.outbox.conftest import mail_config

    app = make_app(**mail_config(smtp_server.port), PUBLIC_URL="https://parley.example.org/")
    make_user(app, OWNER)
    client = app.test_client()
    client.post("/forgot-password", data={"email": OWNER}, headers={"Host": "evil.example"})
    send_due(app)
    body = smtp_server.received[0].message.get_content()
    assert "https://parley.example.org/reset-password?token=" in body
    assert "evil.example" not in body

"""Without an SMTP server, mail goes to the in-app outbox; administrators read it at
``/admin/outbox`` as it would arrive, and each opening of a message is audited."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core import create_app
from core.config import mail_configured
from core.db import db_session, get_engine, utcnow
from core.models import AuditEvent, OutboxMessage, Role
from core.outbox import queue
from core.outbox.local import IN_APP
from core.outbox.outbox_views import linked
from core.outbox.sender import SendReport, send_due
from tests import factories
from tests.conftest import base_config
from tests.core.test_dialogues import count_queries


def add(app, n: int = 1, **fields) -> list[int]:
    with app.app_context():
        messages = [
            queue(
                kind=fields.get("kind", "invitation"),
                to=fields.get("to", f"person{i}@example.org"),
                subject=fields.get("subject", f"Message {i}"),
                body=fields.get("body", f"Body {i}"),
            )
            for i in range(n)
        ]
        db_session().commit()
        return [message.id for message in messages]


def rows(app) -> list[OutboxMessage]:
    with app.app_context():
        return db_session().scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def admin_client(app):
    client = app.test_client()
    with app.app_context():
        admin = factories.user(Role.ADMINISTRATOR)
        db_session().commit()
    factories.login(client, admin)
    return client


@pytest.mark.parametrize(
    ("server", "configured"),
    [("", False), ("  ", False), (None, False), ("smtp.example.org", True)],
)
def test_an_smtp_server_is_configured_when_mail_server_names_a_host(server, configured):
    assert mail_configured({"MAIL_SERVER": server}) is configured
    assert mail_configured({}) is False


def test_without_a_server_the_sender_delivers_to_the_in_app_outbox(app):
    first, waiting = add(app, 2)
    with app.app_context():
        message = db_session().get(OutboxMessage, waiting)
        message.attempts, message.next_attempt_at = 2, utcnow() + timedelta(hours=1)
        db_session().commit()
    assert send_due(app) == SendReport(in_app=2)
    assert [(row.id, row.claimed_by, row.sent_at is not None) for row in rows(app)] == [
        (first, IN_APP, True),
        (waiting, IN_APP, True),
    ]
    assert send_due(app) == SendReport()  # never again, not over SMTP either


def test_the_command_says_where_the_mail_went(app):
    add(app, 3)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Outbox: 3 delivered to the in-app outbox (/admin/outbox), not sent: "
        "no SMTP server is configured (MAIL_SERVER).\n"
    )
    assert (
        "Delivered to the in-app outbox only (no SMTP server): 3"
        in runner.invoke(args=["outbox", "status"]).output
    )


def test_a_message_sent_over_smtp_is_not_counted_as_in_app(mail_app, smtp_server):
    add(mail_app)
    assert send_due(mail_app) == SendReport(sent=1)
    assert rows(mail_app)[0].claimed_by == ""
    client = admin_client(mail_app)
    page = client.get(f"/admin/outbox/{rows(mail_app)[0].id}").get_data(as_text=True)
    assert "Sent over SMTP" in page
    assert "Accepted by the mail server on" in page


def test_a_production_app_without_a_server_warns_at_start(database_url, caplog):
    with caplog.at_level(logging.WARNING, logger="parley.outbox"):
        quiet = create_app(base_config(database_url))
        loud = create_app(base_config(database_url, TESTING=False))
        configured = create_app(base_config(database_url, TESTING=False, MAIL_SERVER="mx"))
    for app in (quiet, loud, configured):
        get_engine(app).dispose()
    warnings = [r.getMessage() for r in caplog.records if r.name == "parley.outbox"]
    assert len(warnings) == 1
    assert "No SMTP server is configured (MAIL_SERVER is empty)" in warnings[0]
    assert "/admin/outbox" in warnings[0]


def test_only_administrators_open_the_outbox(app):
    [message_id] = add(app)
    client = app.test_client()
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        db_session().commit()
    factories.login(client, organiser)
    assert client.get("/admin/outbox/").status_code == 403
    assert client.get(f"/admin/outbox/{message_id}").status_code == 403


def test_opening_the_list_delivers_queued_mail_without_a_server(app):
    add(app, 2)
    client = admin_client(app)
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert "No SMTP server is configured" in page
    assert page.count("<td>In the in-app outbox only, not sent</td>") == 2
    assert all(row.claimed_by == IN_APP for row in rows(app))


def test_with_a_server_the_list_leaves_queued_mail_to_the_sender(mail_app):
    add(mail_app)
    page = admin_client(mail_app).get("/admin/outbox/").get_data(as_text=True)
    assert "Waiting to be sent" in page
    assert rows(mail_app)[0].sent_at is None


def test_the_list_is_newest_first_filtered_and_paginated(app):
    add(app, 3, kind="invitation")
    add(app, 1, kind="accredited", to="amina@example.org", subject="You are accredited")
    client = admin_client(app)
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert page.index("You are accredited") < page.index("Message 2") < page.index("Message 0")
    page = client.get("/admin/outbox/?to=AMINA").get_data(as_text=True)
    assert "You are accredited" in page and "Message 0" not in page
    page = client.get("/admin/outbox/?kind=invitation").get_data(as_text=True)
    assert "You are accredited" not in page and "Message 0" in page
    page = client.get("/admin/outbox/?state=failed").get_data(as_text=True)
    assert "No messages match these filters" in page
    assert client.get("/admin/outbox/?state=in_app").get_data(as_text=True).count("<tr>") == 5
    add(app, 60)
    page = client.get("/admin/outbox/?page=abc").get_data(as_text=True)
    assert "Showing 1\u201350 of 64 messages" in page
    assert "Showing 51\u201364 of 64" in client.get("/admin/outbox/?page=2").get_data(as_text=True)


@pytest.mark.parametrize("query", ["state=lost", "kind=nonsense", "to=" + "x" * 300])
def test_a_bad_filter_is_said_not_failed(app, query):
    add(app)
    response = admin_client(app).get(f"/admin/outbox/?{query}")
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)


def test_a_message_shows_as_it_would_arrive_and_its_opening_is_audited(make_app):
    app = make_app(
        PUBLIC_URL="https://parley.example.org",
        MAIL_FROM="Parley secretariat <noreply@parley.example.org>",
    )
    body = (
        "Dear <b>Amina</b>,\n\nAnswer at https://parley.example.org/invitations/abc?x=1&y=2.\n"
        "Not https://evil.example/phish, nor javascript:alert(1), nor http://parley.example.org.evil.example/.\n"
    )
    [message_id] = add(app, to="amina@example.org", subject="Your <invitation>", body=body)
    client = admin_client(app)
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "Parley secretariat &lt;noreply@parley.example.org&gt;" in page
    assert "amina@example.org" in page
    assert "Your &lt;invitation&gt;" in page
    assert "Dear &lt;b&gt;Amina&lt;/b&gt;" in page
    assert (
        '<a href="https://parley.example.org/invitations/abc?x=1&amp;y=2">'
        "https://parley.example.org/invitations/abc?x=1&amp;y=2</a>." in page
    )
    assert 'href="https://evil.example' not in page and "https://evil.example/phish" in page
    assert 'href="http://parley.example.org.evil' not in page
    assert "javascript:alert(1)" in page and 'href="javascript' not in page
    client.get(f"/admin/outbox/{message_id}")
    with app.app_context():
        viewed = (
            db_session()
            .scalars(sa.select(AuditEvent).where(AuditEvent.action == "outbox.message_viewed"))
            .all()
        )
    assert [(e.object_type, e.object_id) for e in viewed] == [("outboxmessage", message_id)] * 2
    assert client.get("/admin/outbox/999999").status_code == 404


def test_links_go_to_the_host_asked_when_there_is_no_public_url():
    assert linked("see http://127.0.0.1:5000/x", "127.0.0.1:5000") == (
        'see <a href="http://127.0.0.1:5000/x">http://127.0.0.1:5000/x</a>'
    )
    assert linked("see http://127.0.0.1:5000/x", "") == "see http://127.0.0.1:5000/x"
    assert linked("(https://h/a), https://[bad/", "h") == (
        '(<a href="https://h/a">https://h/a</a>), https://[bad/'
    )


def test_a_password_reset_link_reaches_the_outbox(app):
    with app.app_context():
        factories.user(email="owner@example.org")
        db_session().commit()
    app.test_client().post("/forgot-password", data={"email": "owner@example.org"})
    client = admin_client(app)
    page = client.get("/admin/outbox/?to=owner@example.org").get_data(as_text=True)
    [message] = [row for row in rows(app) if row.to_address == "owner@example.org"]
    assert message.subject in page
    page = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert '<a href="http://localhost/reset-password?token=' in page


def test_the_list_asks_the_database_the_same_number_of_times_however_long(app):
    add(app, 3)
    client = admin_client(app)
    few = count_queries(app, "/admin/outbox/", client)
    add(app, 40)
    assert count_queries(app, "/admin/outbox/", client) == few

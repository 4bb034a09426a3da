"""The audit log page: administrators read every entry, an organiser those of the dialogues
they organise; filters, pages cut in SQL, and a CSV of the filtered entries."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.db import db_session, get_engine
from core.models import AuditEvent, Dialogue, Role, User
from tests import factories

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def entry(action: str, *, at: datetime = START, actor=None, dialogue=None, **fields) -> None:
    db_session().add(
        AuditEvent(
            action=action,
            at=at,
            actor_id=actor.id if actor is not None else None,
            dialogue_id=dialogue.id if dialogue is not None else None,
            object_type=fields.pop("object_type", "participation"),
            object_id=fields.pop("object_id", 7),
            reason=fields.pop("reason", ""),
            details=fields,
        )
    )


@pytest.fixture
def world(app):
    """Dialogues ``d`` and ``e``, their entries, an entry of no dialogue, and the users."""
    with app.app_context():
        d = factories.dialogue(slug="d", title="Dialogue D")
        e = factories.dialogue(slug="e", title="Dialogue E")
        users = {
            "admin": factories.user(Role.ADMINISTRATOR),
            "organiser": factories.user(Role.ORGANISER, dialogue=d),
            "global": factories.user(Role.ORGANISER),
            "participant": factories.user(Role.PARTICIPANT, dialogue=d),
        }
        users["organiser"].name = "Olivia Organiser"
        entry("participation.accredited", actor=users["organiser"], dialogue=d, status="accredited")
        entry("participation.rejected", at=START + timedelta(hours=1), dialogue=d, reason="Late")
        entry("screening.cleared", at=START + timedelta(days=1), dialogue=e, actor=users["global"])
        entry("users.role_granted", at=START + timedelta(days=2), actor=users["admin"])
        db_session().commit()
        ids = {"d": d.id, "e": e.id, **{name: user.id for name, user in users.items()}}
    return ids


def client_of(app, user_id: int):
    client = app.test_client()
    with app.app_context():
        factories.login(client, db_session().get(User, user_id))
    return client


def test_administrators_read_every_entry_organisers_their_dialogues_only(app, world):
    page = client_of(app, world["admin"]).get("/audit").get_data(as_text=True)
    for kind in ("participation.accredited", "screening.cleared", "users.role_granted"):
        assert f"<td>{kind}</td>" in page
    page = client_of(app, world["organiser"]).get("/audit").get_data(as_text=True)
    assert "<td>participation.accredited</td>" in page
    assert "<td>participation.rejected</td>" in page
    assert "screening.cleared" not in page  # another dialogue's, not even as a kind to choose
    assert "users.role_granted" not in page  # no dialogue: administrators only
    assert "Dialogue E" not in page
    page = client_of(app, world["global"]).get("/audit").get_data(as_text=True)
    assert "<td>screening.cleared</td>" in page and "users.role_granted" not in page


def test_others_are_refused(app, world):
    assert client_of(app, world["participant"]).get("/audit").status_code == 403
    assert client_of(app, world["participant"]).get("/audit.csv").status_code == 403
    response = app.test_client().get("/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_organiser_cannot_ask_for_another_dialogue(app, world):
    client = client_of(app, world["organiser"])
    for url in (f"/audit?dialogue={world['e']}", f"/audit.csv?dialogue={world['e']}"):
        response = client.get(url)
        assert response.status_code == 422
        assert "screening.cleared" not in response.get_data(as_text=True)


def test_entries_show_their_actor_dialogue_object_and_context_escaped(app, world):
    with app.app_context():
        entry("note.added", dialogue=None, note="<script>alert(1)</script>", count=3, nested=[1])
        db_session().commit()
    page = client_of(app, world["admin"]).get("/audit").get_data(as_text=True)
    assert "<td>Olivia Organiser</td>" in page
    assert "<td>Dialogue D</td>" in page
    assert "participation #7" in page
    assert "<dt>status</dt><dd>accredited</dd>" in page
    assert "<dt>reason</dt><dd>Late</dd>" in page
    assert "<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>" in page
    assert "<dt>count</dt><dd>3</dd><dt>nested</dt><dd>[1]</dd>" in page
    assert "<td>Parley itself</td>" in page
    assert "Times and dates are in UTC" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=participation.rejected", ["participation.rejected"], ["participation.accredited"]),
        ("dialogue={e}", ["screening.cleared"], ["participation.rejected", "users.role_granted"]),
        ("dialogue=-1", ["users.role_granted"], ["screening.cleared"]),
        ("actor={organiser}", ["participation.accredited"], ["participation.rejected"]),
        ("actor=-1", ["participation.rejected"], ["participation.accredited"]),
        ("since=2025-03-02", ["screening.cleared", "users.role_granted"], ["participation."]),
        ("until=2025-03-01", ["participation.rejected"], ["screening.cleared"]),
        ("since=2025-03-02&until=2025-03-02", ["screening.cleared"], ["users.role_granted"]),
    ],
)
def test_filters(app, world, query, shown, hidden):
    page = client_of(app, world["admin"]).get("/audit?" + query.format(**world))
    assert page.status_code == 200
    text = page.get_data(as_text=True).split("<tbody>", 1)[1]
    for kind in shown:
        assert kind in text
    for kind in hidden:
        assert kind not in text


@pytest.mark.parametrize(
    "query",
    ["since=abc", "since=2025-03-02&until=2025-03-01", "until=9999-12-31", "dialogue=x", "kind=z"],
)
def test_a_bad_filter_is_said_not_failed(app, world, query):
    response = client_of(app, world["admin"]).get(f"/audit?{query}")
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)


def test_pages_are_cut_in_sql_and_a_bad_page_number_never_fails(app, world):
    with app.app_context():
        for i in range(60):
            entry("bulk.entry", at=START - timedelta(minutes=i), dialogue=None, n=i)
        db_session().commit()
    client = client_of(app, world["admin"])
    page = client.get("/audit?page=abc&kind=bulk.entry").get_data(as_text=True)
    assert "Showing 1\u201350 of 60 entries" in page
    assert (
        client.get("/audit?page=2&kind=bulk.entry")
        .get_data(as_text=True)
        .count("<td>bulk.entry</td>")
        == 10
    )


def test_the_csv_holds_the_filtered_entries_formula_safe_and_is_audited(app, world):
    with app.app_context():
        entry(
            "participation.rejected",
            at=START + timedelta(minutes=5),
            dialogue=db_session().get(Dialogue, world["d"]),
            reason='=HYPERLINK("http://evil.example")',
        )
        db_session().commit()
    client = client_of(app, world["organiser"])
    response = client.get("/audit.csv?kind=participation.rejected")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["when (UTC)", "kind", "done by"]
    assert [row[1] for row in rows[1:]] == ["participation.rejected"] * 2
    assert rows[1][0] == "2025-03-01 13:00:00" and rows[1][4] == "Dialogue D"
    assert rows[2][8] == 'reason: =HYPERLINK("http://evil.example")'
    assert all(not cell.startswith("=") for row in rows for cell in row)
    everything = client.get("/audit.csv").get_data(as_text=True)
    assert "screening.cleared" not in everything and "users.role_granted" not in everything
    with app.app_context():
        exported = (
            db_session()
            .scalars(sa.select(AuditEvent).where(AuditEvent.action == "audit.exported"))
            .all()
        )
    assert [e.actor_id for e in exported] == [world["organiser"]] * 2
    assert exported[0].details == {"filters": {"kind": "participation.rejected"}}


def test_a_formula_in_a_cell_of_its_own_is_neutralised(app, world):
    with app.app_context():
        entry("=cmd|' /C calc'!A0", dialogue=None)
        db_session().commit()
    rows = list(
        csv.reader(io.StringIO(client_of(app, world["admin"]).get("/audit.csv").get_data(True)))
    )
    assert "'=cmd|' /C calc'!A0" in [row[1] for row in rows]


def count_queries(app, url: str, client) -> tuple[int, int]:
    """The statements a request runs, the streamed body read in full; and its size."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(app)
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
        assert response.status_code == 200
        size = len(response.get_data())
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return len(statements), size


@pytest.mark.parametrize("url", ["/audit", "/audit.csv"])
def test_queries_do_not_grow_with_entries(app, world, url):
    client = client_of(app, world["admin"])
    few, small = count_queries(app, url, client)
    with app.app_context():
        people = [factories.user() for _ in range(10)]
        for i in range(80):
            entry(
                "bulk.entry", actor=people[i % 10], dialogue=None, at=START + timedelta(seconds=i)
            )
        db_session().commit()
    many, large = count_queries(app, url, client)
    assert many == few and large > small


def test_the_navigation_leads_administrators_and_organisers_to_their_pages(app, world):
    admin = client_of(app, world["admin"]).get("/").get_data(as_text=True)
    assert '<a href="/audit">Audit log</a>' in admin
    assert '<a href="/admin/outbox/">Outbox</a>' in admin
    organiser = client_of(app, world["organiser"]).get("/").get_data(as_text=True)
    assert '<a href="/audit">Audit log</a>' in organiser
    assert "/admin/outbox/" not in organiser
    participant = client_of(app, world["participant"]).get("/").get_data(as_text=True)
    assert "/audit" not in participant and "/admin/outbox/" not in participant

"""Two desks scanning the same badge at once, on PostgreSQL (SQLite serialises every writer
anyway): one admits, the other answers "already in", and there is one entry, on the first day
(accredited to attended) as on the second (attended already)."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import CheckInEntry, Role
from core.participation import check_in
from core.participation.badges import badge_token
from tests import factories
from tests.plugins.sessions.test_concurrency import WAIT, at_once

DAY_TWO = datetime(2030, 11, 18, 2, 12, tzinfo=UTC)


@pytest.fixture
def desks(app, backend):
    if backend["name"] != "postgresql":
        pytest.skip("needs two connections writing at once (PostgreSQL)")
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        users = [factories.user(Role.ORGANISER, dialogue=dialogue) for _ in range(2)]
        holder = factories.participation(dialogue, factories.person(name="Kanya Srisuk"))
        holder.badge_number = 1
        db_session().commit()
        token = badge_token(holder)
    clients = []
    for user in users:
        client = app.test_client()
        factories.login(client, user)
        clients.append(client)
    return clients, token


def both_scan(monkeypatch, clients, token) -> list[str]:
    """Both desks read the badge, then wait for each other before they take the row lock."""
    barrier = threading.Barrier(2)
    original = check_in.lock_participation

    def held(participation):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=WAIT)
        return original(participation)

    monkeypatch.setattr(check_in, "lock_participation", held)
    answers = at_once(
        *(
            lambda client=client: client.post("/dialogues/d/check-in", data={"token": token})
            for client in clients
        )
    )
    monkeypatch.setattr(check_in, "lock_participation", original)
    assert [a.status_code for a in answers] == [200, 200]
    return sorted(
        "welcome"
        if "Welcome, Kanya Srisuk" in page
        else "already"
        if "already in" in page
        else page
        for page in (a.get_data(as_text=True) for a in answers)
    )


def entries(app) -> int:
    with app.app_context():
        return db_session().scalar(sa.select(sa.func.count(CheckInEntry.id)))


def test_two_desks_at_once_admit_once_each_day(app, desks, monkeypatch):
    clients, token = desks
    assert both_scan(monkeypatch, clients, token) == ["already", "welcome"]
    assert entries(app) == 1
    monkeypatch.setattr(check_in, "utcnow", lambda: DAY_TWO)
    assert both_scan(monkeypatch, clients, token) == ["already", "welcome"]
    assert entries(app) == 2

"""Two organisers at once, on PostgreSQL (SQLite serialises every writer anyway): each save
that depends on the programme as it stands holds the dialogue's row lock, so the second waits
for the first and decides on what the first saved.

Each test holds a request just after its check, for the other request a while at most;
without the lock the other passes its own check before the first has saved."""

from __future__ import annotations

import contextlib
import threading

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Dialogue, Role
from plugins.sessions import forms, releases
from plugins.sessions.models import ProgrammeSession
from tests import factories
from tests.plugins.sessions import builders

WAIT = 1.5  # seconds a request holds at the barrier for the other one


@pytest.fixture
def organisers(app, backend):
    if backend["name"] != "postgresql":
        pytest.skip("needs two connections writing at once (PostgreSQL)")
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        users = [factories.user(Role.ORGANISER, dialogue=dialogue) for _ in range(2)]
        db_session().commit()
    clients = []
    for user in users:
        client = app.test_client()
        factories.login(client, user)
        clients.append(client)
    return clients


def hold_after(monkeypatch, module, name: str, barrier: threading.Barrier) -> None:
    """Make ``module.name`` wait (a while at most) for the other request once it has run."""
    original = getattr(module, name)

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=WAIT)
        return result

    monkeypatch.setattr(module, name, held)


def at_once(*requests) -> list:
    answers: list = [None] * len(requests)

    def run(n, request):
        answers[n] = request()

    threads = [threading.Thread(target=run, args=(n, r)) for n, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def test_two_organisers_cannot_book_a_room_at_once(app, organisers, monkeypatch):
    hold_after(monkeypatch, forms, "room_clashes", threading.Barrier(2))
    booking = {
        "kind": "thematic",
        "starts_at": "2030-11-17T10:00",
        "ends_at": "2030-11-17T11:00",
        "room": "Main Hall",
    }
    answers = at_once(
        *(
            lambda client=client, n=n: client.post(
                "/dialogues/d/programme/sessions/new", data={**booking, "title": f"Booking {n}"}
            )
            for n, client in enumerate(organisers)
        )
    )
    assert sorted(a.status_code for a in answers) == [302, 422]
    refused = next(a for a in answers if a.status_code == 422).get_data(as_text=True)
    assert "Main Hall is already booked then" in refused
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(ProgrammeSession.id))) == 1


def test_a_session_deleted_while_the_programme_is_released_is_not_lost(
    app, organisers, monkeypatch
):
    """Deleting a session never released and releasing the programme at the same moment: the
    session is either deleted before the release or kept because it was released, never
    released and then deleted (it would vanish from calendars without being cancelled)."""
    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue))
        builders.session(dialogue, "2030-11-17 09:00", "2030-11-17 10:00", title="Opening")
        builders.release(dialogue, "v1")
        late = builders.session(dialogue, "2030-11-17 11:00", "2030-11-17 12:00", title="Late")
        db_session().commit()
        late_id = late.id
    # the deletion, once checked, waits for the release to be made (a while at most)
    made = threading.Event()
    checked, release = releases.released_ids, releases.release

    def released_ids(dialogue_id):
        answer = checked(dialogue_id)
        made.wait(timeout=WAIT)
        return answer

    def released(*args, **kwargs):
        answer = release(*args, **kwargs)
        made.set()
        return answer

    monkeypatch.setattr(releases, "released_ids", released_ids)
    monkeypatch.setattr(releases, "release", released)
    deleting, releasing = organisers
    at_once(
        lambda: deleting.post(f"/dialogues/d/programme/sessions/{late_id}/delete"),
        lambda: releasing.post("/dialogues/d/programme/release", data={"name": "v2"}),
    )
    with app.app_context():
        kept = db_session().get(ProgrammeSession, late_id) is not None
        dialogue = db_session().scalar(sa.select(Dialogue))
        assert (late_id in releases.released_ids(dialogue.id)) == kept

"""Two hosts erasing the same person at once: one erases, the other finds it done."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Person
from core.personal_data.erasure import erase_person
from core.personal_data.retention import purge
from core.plugin_api import hookimpl
from tests.core.personal_data.conftest import Holder, make_world
from tests.core.personal_data.test_retention import DUE, _setup


class SlowHolder(Holder):
    """Holds the erasure open a while, so that the other host has to wait for the lock."""

    @hookimpl
    def on_person_erased(self, person, actor):
        time.sleep(0.3)
        super().on_person_erased(person, actor)


def _race(apps, work):
    barrier = threading.Barrier(len(apps))
    results, errors = [], []

    def run(app):
        try:
            with app.app_context():
                barrier.wait()
                results.append(work())
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    return results


def _erased_events(app) -> int:
    with app.app_context():
        return db_session().scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "person.erased")
        )


def test_two_hosts_erase_the_same_person_once(make_app):
    holder = SlowHolder()
    apps = [make_app(plugins={"holder": holder}) for _ in range(2)]
    world = make_world(apps[0], holder)

    def work():
        person = db_session().get(Person, world.person_id)
        return erase_person(person, actor=None, reason="asked")

    assert sorted(_race(apps, work)) == [False, True]
    assert _erased_events(apps[0]) == 1
    assert len(holder.erased) == 1


def test_two_hosts_purging_at_once_erase_each_person_once(make_app):
    holder = SlowHolder()
    apps = [make_app(plugins={"holder": holder}) for _ in range(2)]
    people = _setup(apps[0])
    reports = _race(apps, lambda: purge(DUE + timedelta(days=1)))
    assert sorted(i for r in reports for i in r.erased) == [people["due"]]
    assert [i for r in reports for i in r.passed_over] in ([], [people["due"]])
    assert _erased_events(apps[0]) == 1
    assert len(holder.erased) == 1

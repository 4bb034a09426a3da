"""Benchmark screening inside Parley: the whole 2024 OFAC SDN snapshot kept as a list.

    .venv/bin/python bench/vetting_gate.py [--database-url URL] [--people 1000]

Builds a fresh, migrated database (SQLite in a temporary directory, or a throw-away database on
the PostgreSQL server named by ``--database-url``), imports the SDN snapshot as a list, then:

* registers N people in an open category, each through the gate (screened, recorded): the first
  registration builds the process's index of the list, the others reuse it;
* screens those N people again after a new version of the list (``parley vetting rescreen``).

Data are read in place from ../shared/data. Figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from dialogue_page import fresh_database, machine  # bench/ is the script's folder

from core import create_app, migrate
from core.db import db_session, get_engine
from core.gate import GateBlocked
from core.models import (
    Category,
    Dialogue,
    DialogueCategory,
    DialogueStatus,
    Person,
    RegistrationMode,
    Visibility,
)
from core.participation.registration import register
from plugins.vetting.lists import read_ofac
from plugins.vetting.rescreen import rescreen
from plugins.vetting.store import import_version

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("PARLEY_SHARED_DATA") or ROOT.parent / "shared" / "data")
SDN = DATA / "ofac" / "ofac_sdn_2024-05-03.csv"
SYLLABLES = [
    "Aung",
    "Kyaw",
    "Htet",
    "Naing",
    "Thiri",
    "Hnin",
    "Wai",
    "Zaw",
    "Myat",
    "Ei",
    "Phyu",
    "Nandar",
    "Yadanar",
    "Khin",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    with fresh_database(args.database_url) as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
        migrate.upgrade(app)
        with app.app_context():
            run(app, args.people)
        get_engine(app).dispose()


def run(app, people: int) -> None:
    entries = read_ofac(SDN)
    start = time.perf_counter()
    import_version(
        list_name="OFAC SDN",
        entries=entries,
        source_format="ofac",
        source_name=SDN.name,
        actor=None,
    )
    imported = time.perf_counter() - start
    dialogue = Dialogue(
        slug="bench",
        title="Benchmark dialogue",
        timezone="Asia/Jakarta",
        starts_at=datetime(2030, 11, 17, 2, tzinfo=UTC),
        ends_at=datetime(2030, 11, 18, 9, tzinfo=UTC),
        status=DialogueStatus.PUBLISHED,
    )
    db_session().add(dialogue)
    db_session().flush()
    category = DialogueCategory(
        dialogue_id=dialogue.id, category=Category.CSO, registration=RegistrationMode.OPEN
    )
    db_session().add(category)
    rng = random.Random(7)
    persons = [
        Person(name=" ".join(rng.sample(SYLLABLES, rng.randint(2, 4))), email=f"p{n}@bench.example")
        for n in range(people)
    ]
    db_session().add_all(persons)
    db_session().commit()
    times, stopped = [], 0
    for person in persons:
        start = time.perf_counter()
        try:
            register(
                category=category,
                person=person,
                organisation=None,
                visibility=Visibility.PUBLIC,
                actor=None,
            )
        except GateBlocked:  # a generated name can be a listed one: stopped, recorded
            stopped += 1
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    done = rescreen(trigger="bench", actor=None)
    rescreened = time.perf_counter() - start
    warm = sorted(times[1:])
    for label, value in machine(app):
        print(f"{label}: {value}")
    print(f"import of {len(entries)} entries as a list version: {imported:.2f} s")
    print(f"first registration (builds the index): {times[0] * 1000:.0f} ms")
    print(
        f"registration through the gate, {len(warm)} people ({stopped} stopped): median "
        f"{statistics.median(warm) * 1000:.1f} ms, p95 {warm[int(len(warm) * 0.95)] * 1000:.1f} ms"
    )
    print(f"screening everyone again ({done.summary}): {rescreened:.2f} s")


if __name__ == "__main__":
    main()

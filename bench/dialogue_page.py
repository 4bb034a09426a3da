"""Benchmark the dialogue page, ``GET /dialogues/<slug>``.

Builds a fresh, migrated database (a SQLite file in a temporary directory, or a throw-away
``parley_bench_<random>`` database on the PostgreSQL server named by ``--database-url``),
fills it with a published dialogue of N participations spread over about 60 organisations,
then serves the page through Flask's test client to an anonymous visitor and to an organiser:

* the time per request (median, p95 and mean over R requests, after a warm-up);
* the SQL queries per request for 10, 100 and 300 participations, which should not grow.

    .venv/bin/python bench/dialogue_page.py [--database-url URL] [--participations 300]
                                            [--requests 300]

The target and the figures measured so far are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import secrets
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from core import create_app, migrate
from core.accounts import create_user, grant_role
from core.db import db_session, get_engine
from core.models import (
    Category,
    Dialogue,
    DialogueChair,
    DialogueHost,
    DialogueStatus,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    Series,
    Visibility,
)

ORGANISATIONS = 60
QUERY_COUNT_SIZES = (10, 100, 300)
WARM_UP = 30
ORGANISER_EMAIL = "organiser@example.org"
PASSWORD = "benchmark password"

# (value, weight): most people are accredited or attended and visible to everyone
STATUSES = [
    (ParticipationStatus.ACCREDITED, 55),
    (ParticipationStatus.ATTENDED, 25),
    (ParticipationStatus.REGISTERED, 5),
    (ParticipationStatus.PENDING, 5),
    (ParticipationStatus.INVITED, 4),
    (ParticipationStatus.WAITLISTED, 2),
    (ParticipationStatus.REJECTED, 2),
    (ParticipationStatus.WITHDRAWN, 2),
]
VISIBILITIES = [
    (Visibility.PUBLIC, 55),
    (Visibility.PARTICIPANTS, 25),
    (Visibility.ORGANISERS, 12),
    (Visibility.ANONYMOUS, 8),
]
CATEGORIES = [
    (Category.DELEGATE, 30),
    (Category.CSO, 30),
    (Category.NHRI, 10),
    (Category.OBSERVER, 10),
    (Category.SPEAKER, 8),
    (Category.RAPPORTEUR, 3),
    (Category.SECRETARIAT, 5),
    (Category.PRESS, 4),
]


def pick(rng: random.Random, weighted: list[tuple]) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@contextmanager
def fresh_database(server_url: str | None) -> Iterator[str]:
    """The URL of an empty database, removed afterwards."""
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    name = f"parley_bench_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build_dialogue(
    slug: str, participations: int, organisations: list[Organisation], rng: random.Random
) -> None:
    """A published dialogue with 3 co-chairs, 2 co-hosts and ``participations`` people."""
    session = db_session()
    starts = datetime(2030, 11, 17, 2, 0, tzinfo=UTC)
    dialogue = Dialogue(
        slug=slug,
        series=session.scalar(sa.select(Series)),
        edition="7th",
        title=f"ASEAN Human Rights Dialogue ({slug})",
        theme="Business and human rights in the region",
        description="First paragraph about the dialogue.\n\nSecond paragraph, with the agenda.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=31),
        timezone="Asia/Jakarta",
        venue="ASEAN Secretariat",
        city="Jakarta",
        country="Indonesia",
        status=DialogueStatus.PUBLISHED,
        published_at=starts - timedelta(days=60),
    )
    for position in range(3):
        chair = Person(
            name=f"Chair {position} of {slug}", honorific="H.E.", position="Representative to AICHR"
        )
        dialogue.chairs.append(DialogueChair(person=chair, position=position))
    for position, host in enumerate(rng.sample(organisations, 2)):
        dialogue.hosts.append(DialogueHost(organisation=host, position=position))
    session.add(dialogue)
    for n in range(participations):
        organisation = rng.choice(organisations)
        person = Person(name=f"Participant {n} of {slug}", organisation=organisation)
        session.add(
            Participation(
                dialogue=dialogue,
                person=person,
                organisation=organisation,
                category=pick(rng, CATEGORIES),
                status=pick(rng, STATUSES),
                visibility=pick(rng, VISIBILITIES),
            )
        )
    session.flush()


def populate(app, sizes: list[int]) -> None:
    """One dialogue ``dialogue-<n>`` per size, sharing the organisations, and an organiser."""
    rng = random.Random(2025)
    kinds = list(OrganisationKind)
    with app.app_context():
        session = db_session()
        session.add(Series(slug="ahrd", name="ASEAN Human Rights Dialogue", acronym="AHRD"))
        organisations = [
            Organisation(
                name=f"Organisation {n}",
                acronym=f"O{n}" if n % 3 else "",
                kind=kinds[n % len(kinds)],
                country="Indonesia",
            )
            for n in range(ORGANISATIONS)
        ]
        session.add_all(organisations)
        for size in sizes:
            build_dialogue(f"dialogue-{size}", size, organisations, rng)
        user = create_user(email=ORGANISER_EMAIL, name="Organiser", password=PASSWORD)
        grant_role(user, Role.ORGANISER)
        session.commit()


def fetch(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert b"Organisations taking part" in response.data


def time_requests(client, path: str, requests: int) -> list[float]:
    for _ in range(WARM_UP):
        fetch(client, path)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        fetch(client, path)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def count_queries(app, client, path: str) -> int:
    count = 0

    def counter(*_args) -> None:
        nonlocal count
        count += 1

    engine = get_engine(app)
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        fetch(client, path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return count


def machine(app) -> list[tuple[str, str]]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    engine = get_engine(app)
    if engine.dialect.name == "sqlite":
        backend = f"SQLite {sqlite3.sqlite_version}"
    else:
        with engine.connect() as conn:
            backend = "PostgreSQL " + conn.scalar(sa.text("SHOW server_version"))
        backend += f" (psycopg, {engine.url.host})"
    return [
        ("CPU", cpu),
        ("Cores", str(os.cpu_count())),
        ("Python", platform.python_version()),
        ("SQLAlchemy", sa.__version__),
        ("Backend", backend),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--participations", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="do not freeze the start-up objects as wsgi.py does (shows the collector's cost)",
    )
    args = parser.parse_args()

    sizes = sorted({*QUERY_COUNT_SIZES, args.participations})
    with fresh_database(args.database_url) as url:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-secret-key",
                "WTF_CSRF_ENABLED": False,
                "SESSION_COOKIE_SECURE": False,
                "REMEMBER_COOKIE_SECURE": False,
            }
        )
        try:
            migrate.upgrade(app)
            populate(app, sizes)
            visitor, organiser = app.test_client(), app.test_client()
            login = organiser.post("/login", data={"email": ORGANISER_EMAIL, "password": PASSWORD})
            assert login.status_code == 302, login.get_data(as_text=True)
            clients = [("anonymous", visitor), ("organiser", organiser)]
            if not args.no_gc_freeze:
                gc.freeze()  # as wsgi.py does once the application is loaded

            for key, value in machine(app):
                print(f"{key + ':':12} {value}")
            print(
                f"\nGET /dialogues/<slug>, {args.participations} participations, "
                f"{args.requests} requests after {WARM_UP} warm-up (ms)"
            )
            print(f"{'viewer':<10} {'median':>8} {'p95':>8} {'mean':>8}")
            path = f"/dialogues/dialogue-{args.participations}"
            for name, client in clients:
                samples = time_requests(client, path, args.requests)
                p95 = statistics.quantiles(samples, n=20)[-1]
                print(
                    f"{name:<10} {statistics.median(samples):8.2f} {p95:8.2f} "
                    f"{statistics.mean(samples):8.2f}"
                )

            print("\nSQL queries per request")
            print(f"{'participations':<15}" + "".join(f"{name:>10}" for name, _ in clients))
            for size in QUERY_COUNT_SIZES:
                counts = [count_queries(app, c, f"/dialogues/dialogue-{size}") for _, c in clients]
                print(f"{size:<15}" + "".join(f"{n:>10}" for n in counts))
        finally:
            get_engine(app).dispose()


if __name__ == "__main__":
    main()

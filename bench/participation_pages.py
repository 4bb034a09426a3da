"""Benchmark the review queue and the participant list of a dialogue.

    GET /dialogues/<slug>/review/           the organisers' review queue (200 rows a page)
    GET /dialogues/<slug>/participants      the participant list
    GET /dialogues/<slug>/participants.csv  the same list as CSV

Builds a fresh, migrated database (a SQLite file in a temporary directory, or a throw-away
``parley_bench_<random>`` database on the PostgreSQL server named by ``--database-url``),
fills it with published dialogues of 10, 100 and N participations spread over 100
organisations, five categories, every status and every visibility, then serves the pages
through Flask's test client, to the dialogue's organiser (a user granted the organiser role
for that dialogue) and, for the participant list, to an anonymous visitor:

* the time per request (median, p95 and mean over R requests, after a warm-up);
* the SQL queries per request for 10, 100 and N participations, which should not grow.

    .venv/bin/python bench/participation_pages.py [--database-url URL]
        [--participations 1000] [--requests 200] [--profile PAGE]

The target and the figures measured so far are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from dialogue_page import (
    ORGANISER_EMAIL,
    PASSWORD,
    VISIBILITIES,
    fresh_database,
    machine,
    pick,
)  # bench/ is the script's folder

from core import create_app, migrate
from core.accounts import create_user, grant_role
from core.db import db_session, get_engine
from core.models import (
    Category,
    Dialogue,
    DialogueStatus,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    Series,
)
from core.participation.review_views import PAGE_SIZE

ORGANISATIONS = 100
QUERY_COUNT_SIZES = (10, 100, 1000)
WARM_UP = 20
# (value, weight): a dialogue in the middle of its registration period
STATUSES = [
    (ParticipationStatus.REGISTERED, 25),
    (ParticipationStatus.PENDING, 15),
    (ParticipationStatus.ACCREDITED, 30),
    (ParticipationStatus.ATTENDED, 5),
    (ParticipationStatus.INVITED, 5),
    (ParticipationStatus.WAITLISTED, 10),
    (ParticipationStatus.REJECTED, 5),
    (ParticipationStatus.WITHDRAWN, 5),
]
CATEGORIES = [
    (Category.CSO, 40),
    (Category.DELEGATE, 25),
    (Category.OBSERVER, 15),
    (Category.NHRI, 10),
    (Category.PRESS, 10),
]
FINDING = {
    "source": "vetting",
    "code": "possible-match",
    "message": "The name is close to an entry on a non-engagement list; check before deciding.",
    "blocking": False,
    "score": 0.72,
    "details": {},
}

# name: (viewer, path after /dialogues/<slug>, text every answer holds)
PAGES = {
    "review": ("organiser", "/review/", b"Review registrations"),
    "list": ("anonymous", "/participants", b"<h1>Participants</h1>"),
    "list-organiser": ("organiser", "/participants", b"<h1>Participants</h1>"),
    "csv": ("anonymous", "/participants.csv", b"name,organisation,category,status"),
    "csv-organiser": ("organiser", "/participants.csv", b"name,organisation,category,status"),
}


def build_dialogue(
    slug: str, participations: int, organisations: list[Organisation], rng: random.Random
) -> Dialogue:
    """A published dialogue with ``participations`` people, registered a minute apart."""
    session = db_session()
    starts = datetime(2030, 11, 17, 2, 0, tzinfo=UTC)
    dialogue = Dialogue(
        slug=slug,
        series=session.scalar(sa.select(Series)),
        edition="8th",
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
        published_at=starts - timedelta(days=90),
    )
    session.add(dialogue)
    registered = starts - timedelta(days=60)
    badge = 0
    for n in range(participations):
        organisation = rng.choice(organisations)
        status = pick(rng, STATUSES)
        person = Person(
            name=f"Participant {n} of {slug}",
            honorific=rng.choice(["", "", "Ms", "Mr", "Dr"]),
            position="Programme officer",
            email=f"p{n}.{slug}@example.org",
            organisation=organisation,
        )
        participation = Participation(
            dialogue=dialogue,
            person=person,
            organisation=organisation,
            category=pick(rng, CATEGORIES),
            status=status,
            visibility=pick(rng, VISIBILITIES),
            findings=[FINDING] if rng.random() < 0.1 else [],
            created_at=registered + timedelta(minutes=n),
        )
        if status in (ParticipationStatus.ACCREDITED, ParticipationStatus.ATTENDED):
            badge += 1
            participation.badge_number = badge
        elif status in (ParticipationStatus.REJECTED, ParticipationStatus.WITHDRAWN):
            participation.reason = "Recorded reason for the decision."
        session.add(participation)
    session.flush()
    return dialogue


def populate(app, sizes: list[int]) -> None:
    """One dialogue ``dialogue-<n>`` per size, sharing the organisations, and a user who
    organises every one of them (a grant for each dialogue, none global)."""
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
        user = create_user(email=ORGANISER_EMAIL, name="Organiser", password=PASSWORD)
        for size in sizes:
            dialogue = build_dialogue(f"dialogue-{size}", size, organisations, rng)
            grant_role(user, Role.ORGANISER, dialogue)
        session.commit()


def fetch(client, path: str, expected: bytes) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert expected in response.data, path
    return response.data


def rows_shown(body: bytes, path: str) -> int:
    """Table rows on a page (header excluded), or data lines in a CSV (header excluded)."""
    if path.endswith(".csv"):
        return body.count(b"\n") - 1
    return body.count(b"<tr>") - 1


def time_requests(client, path: str, expected: bytes, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        fetch(client, path, expected)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def count_queries(app, client, path: str, expected: bytes) -> int:
    count = 0

    def counter(*_args) -> None:
        nonlocal count
        count += 1

    engine = get_engine(app)
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        fetch(client, path, expected)
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--participations", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="do not freeze the start-up objects as wsgi.py does (shows the collector's cost)",
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PAGES),
        help="run the timed requests of this page under cProfile and print where time goes",
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
            clients = {"anonymous": app.test_client(), "organiser": app.test_client()}
            login = clients["organiser"].post(
                "/login", data={"email": ORGANISER_EMAIL, "password": PASSWORD}
            )
            assert login.status_code == 302, login.get_data(as_text=True)
            slug = f"dialogue-{args.participations}"
            rows = {}
            for name, (viewer, suffix, expected) in PAGES.items():
                path = f"/dialogues/{slug}{suffix}"
                for _ in range(WARM_UP):
                    body = fetch(clients[viewer], path, expected)
                rows[name] = rows_shown(body, path)
            if not args.no_gc_freeze:
                gc.collect()
                gc.freeze()  # as wsgi.py does once the application is loaded

            for key, value in machine(app):
                print(f"{key + ':':12} {value}")
            print(
                f"\n{args.participations} participations, {args.requests} requests per page "
                f"after {WARM_UP} warm-up (ms); the review queue shows {PAGE_SIZE} rows a page"
            )
            print(f"{'page':<16} {'viewer':<10} {'rows':>5} {'median':>8} {'p95':>8} {'mean':>8}")
            for name, (viewer, suffix, expected) in PAGES.items():
                path = f"/dialogues/{slug}{suffix}"
                profiler = cProfile.Profile() if args.profile == name else None
                if profiler:
                    profiler.enable()
                samples = time_requests(clients[viewer], path, expected, args.requests)
                if profiler:
                    profiler.disable()
                p95 = statistics.quantiles(samples, n=20)[-1]
                print(
                    f"{name:<16} {viewer:<10} {rows[name]:>5} "
                    f"{statistics.median(samples):8.2f} {p95:8.2f} {statistics.mean(samples):8.2f}"
                )
                if profiler:
                    profiled = pstats.Stats(profiler)
                    profiled.sort_stats("cumulative").print_stats(45)
                    profiled.sort_stats("tottime").print_stats(25)

            print("\nSQL queries per request")
            print(f"{'participations':<15}" + "".join(f"{name:>16}" for name in PAGES))
            for size in QUERY_COUNT_SIZES:
                counts = [
                    count_queries(app, clients[viewer], f"/dialogues/dialogue-{size}{suffix}", text)
                    for viewer, suffix, text in PAGES.values()
                ]
                print(f"{size:<15}" + "".join(f"{n:>16}" for n in counts))
        finally:
            get_engine(app).dispose()


if __name__ == "__main__":
    main()

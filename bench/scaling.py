"""Benchmark how Parley's busiest pages grow with the crowd: each page at 1x and 10x the data.

Builds a fresh, migrated database (SQLite in a temporary directory, or a throw-away
``parley_bench_<random>`` database on the PostgreSQL server named by ``--database-url``) with
three published dialogues, each with a released programme:

    base        500 participations,    40 sessions
    crowd     5,000 participations,    40 sessions   (10x the people)
    programme   500 participations,   400 sessions   (10x the sessions; its first day keeps
                                                   the base's 8, the other 392 on days 2-5)

then serves each page through Flask's test client, interleaving the 1x and the 10x request so
that both see the same machine, and prints the medians, the ratio 10x/1x and the SQL queries
of each. The targets (docs/benchmarks.md, "Scaling"): a page that shows as much at 10x the
data within 1.5x (the dialogue page, a page of 200 participants, one day of the timetable);
one that shows ten times as much within 10x, linear in what it shows (the CSV, the whole
timetable, the dialogue's .ics, each with ten times the rows or sessions), and for those of
sessions the cost of each session shown, in microseconds; the dialogue page of 5,000
participations under 25 ms median on PostgreSQL.

    .venv/bin/python bench/scaling.py [--database-url URL] [--requests 100]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time

import sqlalchemy as sa
from dialogue_page import PASSWORD, fresh_database, machine  # bench/ is the script's folder
from sessions_pages import build, count_queries

from core import create_app, migrate
from core.accounts import create_user, grant_role
from core.db import db_session, get_engine
from core.models import Role

ORGANISER = "organiser@example.org"
WARM_UP = 10
DIALOGUES = {"base": (40, 500), "crowd": (40, 5000), "programme": (400, 500)}
# sessions on the first day, where not spread evenly over the five days
FIRST_DAY = {"programme": 40 // 5}
# (page, who asks, path, (the 1x dialogue, the 10x one), the largest ratio allowed)
PEOPLE, SESSIONS = ("base", "crowd"), ("base", "programme")
PAGES = [
    ("dialogue page, 500 → 5,000 people", "visitor", "/dialogues/{}", PEOPLE, 1.5),
    ("participant list, organiser", "organiser", "/dialogues/{}/participants", PEOPLE, 1.5),
    ("participant list, visitor", "visitor", "/dialogues/{}/participants", PEOPLE, 1.5),
    ("participants.csv, organiser", "organiser", "/dialogues/{}/participants.csv", PEOPLE, 10),
    ("timetable, all days, 40 → 400", "visitor", "/dialogues/{}/programme?day=all", SESSIONS, 10),
    ("timetable, one day of 8, 40 → 400", "visitor", "/dialogues/{}/programme", SESSIONS, 1.5),
    ("dialogue .ics, 40 → 400", "visitor", "/dialogues/{}/programme.ics", SESSIONS, 10),
    ("dialogue page, 40 → 400 sessions", "visitor", "/dialogues/{}", SESSIONS, 1.5),
]
# the pages that show every session, with what each session shown costs
SHOWN = {"timetable, all days, 40 → 400", "dialogue .ics, 40 → 400"}


def get(client, path: str) -> float:
    """Milliseconds to answer ``path``, the whole body read (a streamed file is written while
    it is read)."""
    started = time.perf_counter()
    response = client.get(path)
    response.get_data()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(2025)
    with fresh_database(args.database_url) as url:
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-secret-key",
                "WTF_CSRF_ENABLED": False,
                "SESSION_COOKIE_SECURE": False,
                "RATELIMIT_ENABLED": False,
                "REQUIRE_TWO_FACTOR": [],
            }
        )
        try:
            migrate.upgrade(app)
            with app.test_request_context():
                for slug, (sessions, participations) in DIALOGUES.items():
                    build(slug, sessions, participations, rng, first_day=FIRST_DAY.get(slug))
                user = create_user(
                    email=ORGANISER, name="Organiser", password=PASSWORD, verified=True
                )
                grant_role(user, Role.ORGANISER)
                db_session().commit()
            if args.database_url:  # as autovacuum does soon after a bulk load
                with get_engine(app).connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                        sa.text("ANALYZE")
                    )
            clients = {"visitor": app.test_client(), "organiser": app.test_client()}
            login = clients["organiser"].post(
                "/login", data={"email": ORGANISER, "password": PASSWORD}
            )
            assert login.status_code == 302, login.get_data(as_text=True)
            gc.collect()
            gc.freeze()  # as wsgi.py does once the application is loaded

            with app.app_context():
                for key, value in machine(app):
                    print(f"{key + ':':12} {value}")
            print(f"\n{args.requests} requests of each, after {WARM_UP} warm-up; medians in ms")
            print(
                f"{'page':<36} {'1x':>8} {'10x':>8} {'ratio':>6} {'target':>7}"
                f" {'queries 1x/10x':>15}"
            )
            per_session = []
            for name, who, path, (small, large), target in PAGES:
                client = clients[who]
                one, ten = path.format(small), path.format(large)
                for _ in range(WARM_UP):
                    get(client, one), get(client, ten)
                a, b = [], []
                for _ in range(args.requests):
                    a.append(get(client, one))
                    b.append(get(client, ten))
                m1, m10 = statistics.median(a), statistics.median(b)
                ratio = m10 / m1
                verdict = "ok" if ratio <= target else "OVER"
                counts = f"{count_queries(app, client, one)}/{count_queries(app, client, ten)}"
                print(
                    f"{name:<36} {m1:8.2f} {m10:8.2f} {ratio:6.2f} {'≤' + str(target):>5} "
                    f"{verdict:<4} {counts:>12}"
                )
                if name in SHOWN:
                    extra = DIALOGUES[large][0] - DIALOGUES[small][0]
                    per_session.append((name, (m10 - m1) * 1000 / extra))
            print("\neach session shown costs, in microseconds: (10x - 1x) / the sessions added")
            for name, cost in per_session:
                print(f"{name:<36} {cost:8.0f}")
        finally:
            get_engine(app).dispose()


if __name__ == "__main__":
    main()

"""Benchmark the account pages that must not tell whether an address has an account.

    POST /forgot-password   for an address with an account, and for one without
    POST /signup            with a new address, and with one that has an account

Builds a fresh, migrated database (SQLite in a temporary directory, or a throw-away database on
the PostgreSQL server named by ``--database-url``) with one account, then times R requests of
each kind through Flask's test client, interleaved so that both kinds see the same machine,
with rate limits off. The two medians of a pair should not differ by more than the spread of
either: a difference someone could measure from outside would tell who has an account.

    .venv/bin/python bench/account_pages.py [--database-url URL] [--requests 60]

The figures measured so far are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

from dialogue_page import fresh_database, machine

from core import create_app, migrate
from core.accounts import create_user
from core.db import db_session, get_engine

OWNER = "owner@example.org"
PASSWORD = "correct horse battery"


def timed(client, path: str, data: dict) -> float:
    start = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    with fresh_database(args.database_url) as url:
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "REQUIRE_TWO_FACTOR": [],
            }
        )
        migrate.upgrade(app)
        with app.app_context():
            create_user(email=OWNER, name="Owner", password=PASSWORD, verified=True)
            db_session().commit()
        client = app.test_client()
        fresh = (f"new{n}@example.org" for n in itertools.count())
        pairs = {
            "forgot-password": (
                lambda: timed(client, "/forgot-password", {"email": OWNER}),
                lambda: timed(client, "/forgot-password", {"email": next(fresh)}),
            ),
            "sign-up": (
                lambda: timed(client, "/signup", _signup(OWNER)),
                lambda: timed(client, "/signup", _signup(next(fresh))),
            ),
        }
        with app.app_context():
            for label, value in machine(app):
                print(f"{label}: {value}")
        print(f"{'page':<16} {'with an account':>18} {'without':>18}   (median ± stdev, ms)")
        for page, (known, unknown) in pairs.items():
            known(), unknown()  # warm-up
            with_account, without = [], []
            for _ in range(args.requests):
                with_account.append(known())
                without.append(unknown())
            print(f"{page:<16} {_summary(with_account):>18} {_summary(without):>18}")
        get_engine(app).dispose()


def _signup(email: str) -> dict:
    return {"name": "Someone", "email": email, "password": PASSWORD, "confirm": PASSWORD}


def _summary(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} ± {statistics.stdev(times):.1f}"


if __name__ == "__main__":
    main()

"""Benchmark the programme: the timetable, the dialogue's .ics and a personal feed.

Builds a fresh, migrated database (SQLite in a temporary directory, or a throw-away
``parley_bench_<random>`` database on the PostgreSQL server named by ``--database-url``) with a
released programme of S sessions over five days in six rooms, each with a chair, three
speakers and a rapporteur drawn from P participations, then serves through Flask's test client:

* the timetable (its first day) to an anonymous visitor and to a signed-in accredited
  participant, and the whole programme on one page to the visitor;
* the dialogue's .ics feed; a participant's personal feed;
* the SQL queries of each, for a programme of 30 sessions / 100 participations and of S / P.

    .venv/bin/python bench/sessions_pages.py [--database-url URL] [--sessions 300]
                                             [--participations 1000] [--requests 200]

The targets and the figures measured so far are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from dialogue_page import (
    CATEGORIES,
    PASSWORD,
    STATUSES,
    VISIBILITIES,
    fresh_database,
    machine,
    pick,
)  # bench/ is the script's folder

from core import create_app, migrate
from core.accounts import create_user
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
)
from plugins.sessions import releases
from plugins.sessions.feed_keys import feed_token, issue
from plugins.sessions.models import ProgrammeSession, SessionKind, SessionPerson, SessionRole

WARM_UP = 20
ROOMS = 6
DAYS = 5
PARTICIPANT_EMAIL = "participant@example.org"


def build(
    slug: str,
    sessions: int,
    participations: int,
    rng: random.Random,
    *,
    first_day: int | None = None,
) -> int:
    """A released programme; returns the id of an accredited CSO participation.

    The sessions are spread evenly over the days, or ``first_day`` of them on the first day
    and the others over the rest (so that a day can keep its sessions while the programme
    grows)."""
    session = db_session()
    starts = datetime(2030, 11, 17, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
    dialogue = Dialogue(
        slug=slug,
        title=f"ASEAN Human Rights Dialogue ({slug})",
        starts_at=starts,
        ends_at=starts + timedelta(days=DAYS - 1, hours=10),
        timezone="Asia/Jakarta",
        venue="ASEAN Secretariat",
        city="Jakarta",
        status=DialogueStatus.PUBLISHED,
    )
    session.add(dialogue)
    organisations = [
        Organisation(name=f"{slug} organisation {n}", kind=list(OrganisationKind)[n % 9])
        for n in range(60)
    ]
    people = [
        Participation(
            dialogue=dialogue,
            person=Person(name=f"Participant {n} of {slug}", honorific="H.E." if n % 7 else ""),
            organisation=rng.choice(organisations),
            category=pick(rng, CATEGORIES),
            status=pick(rng, STATUSES),
            visibility=pick(rng, VISIBILITIES),
        )
        for n in range(participations)
    ]
    session.add_all(people)
    session.flush()
    taking_part = [p for p in people if p.status == ParticipationStatus.ACCREDITED]
    if first_day is None:
        per_day = -(-sessions // DAYS)
        placed = [divmod(n, per_day) for n in range(sessions)]
    else:
        per_day = -(-(sessions - first_day) // (DAYS - 1))
        placed = [(0, n) for n in range(first_day)]
        placed += [(1 + n // per_day, n % per_day) for n in range(sessions - first_day)]
    kinds = list(SessionKind)
    for n, (day, slot) in enumerate(placed):
        start = starts + timedelta(days=day, minutes=(slot // ROOMS) * 75)
        made = ProgrammeSession(
            dialogue_id=dialogue.id,
            title=f"Session {n}: human rights and the environment in the region",
            kind=kinds[n % len(kinds)],
            starts_at=start,
            ends_at=start + timedelta(minutes=70),
            room=f"Room {slot % ROOMS + 1}",
            online_url=f"https://meet.example/{slug}/{n}" if n % 3 == 0 else "",
            description="What the session is about, in a paragraph or two.",
            thematic_area=f"Thematic area {n % 3 + 1}",
            attend_categories=["delegate", "cso", "nhri"] if n % 4 == 0 else [],
            speak_categories=[],
            chatham_house=n % 5 == 0,
        )
        chosen = rng.sample(taking_part, 5)
        roles = [SessionRole.CHAIR] + [SessionRole.SPEAKER] * 3 + [SessionRole.RAPPORTEUR]
        made.people = [
            SessionPerson(participation_id=p.id, role=role, position=i)
            for i, (p, role) in enumerate(zip(chosen, roles, strict=True))
        ]
        session.add(made)
    session.flush()
    releases.release(dialogue, "Final programme", None)
    participant = next(p for p in taking_part if p.category == Category.CSO)
    return participant.id


def timed(client, path: str, requests: int) -> list[float]:
    for _ in range(WARM_UP):
        assert client.get(path).status_code == 200
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def count_queries(app, client, path: str) -> int:
    count = 0

    def counter(*_args) -> None:
        nonlocal count
        count += 1

    assert client.get(path).status_code == 200  # serialised events cached, as in use
    engine = get_engine(app)
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        response = client.get(path)
        response.get_data()  # a streamed body queries while it is read
        assert response.status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--participations", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    rng = random.Random(2025)
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
            sizes = {"small": (30, 100), "large": (args.sessions, args.participations)}
            with app.test_request_context():
                feeds = {}
                for slug, (sessions, participations) in sizes.items():
                    pid = build(slug, sessions, participations, rng)
                    participation = db_session().get(Participation, pid)
                    feeds[slug] = f"/calendar/{feed_token(issue(participation, None))}.ics"
                    if slug == "large":
                        user = create_user(
                            email=PARTICIPANT_EMAIL, name="Participant", password=PASSWORD
                        )
                        participation.person.user_id = user.id
                db_session().commit()
            visitor, participant = app.test_client(), app.test_client()
            login = participant.post(
                "/login", data={"email": PARTICIPANT_EMAIL, "password": PASSWORD}
            )
            assert login.status_code == 302, login.get_data(as_text=True)
            gc.collect()
            gc.freeze()  # as wsgi.py does once the application is loaded

            for key, value in machine(app):
                print(f"{key + ':':12} {value}")
            print(
                f"\n{args.sessions} sessions, {args.participations} participations, "
                f"{args.requests} requests after {WARM_UP} warm-up (ms)"
            )
            pages = [
                ("timetable, anonymous", visitor, "/dialogues/{slug}/programme"),
                ("timetable, participant", participant, "/dialogues/{slug}/programme"),
                ("whole programme", visitor, "/dialogues/{slug}/programme?day=all"),
                ("dialogue .ics", visitor, "/dialogues/{slug}/programme.ics"),
                ("personal feed", visitor, "{feed}"),
            ]
            print(f"{'page':<24} {'median':>8} {'p95':>8} {'mean':>8} {'bytes':>9}")
            for name, client, path in pages:
                url = path.format(slug="large", feed=feeds["large"])
                samples = timed(client, url, args.requests)
                p95 = statistics.quantiles(samples, n=20)[-1]
                size = len(client.get(url).data)
                print(
                    f"{name:<24} {statistics.median(samples):8.2f} {p95:8.2f} "
                    f"{statistics.mean(samples):8.2f} {size:9}"
                )
            print("\nSQL queries per request")
            print(f"{'page':<24}" + "".join(f"{f'{s}/{p}':>12}" for s, p in sizes.values()))
            for name, client, path in pages:
                counts = [
                    count_queries(app, client, path.format(slug=slug, feed=feeds[slug]))
                    for slug in sizes
                ]
                print(f"{name:<24}" + "".join(f"{n:>12}" for n in counts))
        finally:
            get_engine(app).dispose()


if __name__ == "__main__":
    main()

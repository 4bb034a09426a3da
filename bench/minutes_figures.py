"""Benchmark the minutes plugin: publishing a 20,000-word outcome record, and the scorecard of
a series with 10 editions and 500 recommendations.

Builds a fresh, migrated database (``dialogue_page.fresh_database``: SQLite in a temporary
directory, or a throw-away database on the PostgreSQL server named by ``--database-url``),
then measures:

* ``publication.publish`` of a draft of 20,000 words (outcome text and three sessions' minutes
  with 300 mentions, plus 50 recommendations), approved by two co-chairs: each run publishes a
  new version after a one-word change;
* ``GET /series/<slug>/scorecard`` for an anonymous visitor (median, p95), and its SQL queries
  for 50 and 500 recommendations, which should be the same.

    .venv/bin/python bench/minutes_figures.py [--database-url URL] [--runs 30] [--requests 200]

The targets and the figures measured so far are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from dialogue_page import fresh_database, machine  # bench/ is the script's folder

from core import create_app, migrate
from core.accounts import create_user
from core.db import db_session, get_engine
from core.models import (
    Category,
    Dialogue,
    DialogueChair,
    DialogueStatus,
    Participation,
    ParticipationStatus,
    Person,
    Series,
    User,
    Visibility,
)
from plugins.minutes import approval, drafting, publication
from plugins.minutes.models import FollowUp, Recommendation, ResponseStatus

WORDS = [
    "the",
    "delegates",
    "discussed",
    "human",
    "rights",
    "environment",
    "business",
    "scams",
    "trafficking",
    "and",
]


def text(words: int, mentions: list[int], rng: random.Random) -> str:
    out = []
    for i in range(words):
        out.append(rng.choice(WORDS))
        if i % 12 == 11:
            out[-1] += "."
        if i % 120 == 119:
            out.append(f"@[{rng.choice(mentions)}] said so.\n\n")
    return " ".join(out)


def build_draft(app) -> tuple[str, list]:
    rng = random.Random(7)
    with app.app_context():
        session = db_session()
        chairs = [
            create_user(email=f"chair{i}@example.org", name=f"Chair {i}", password="x" * 12)
            for i in range(2)
        ]
        start = datetime(2025, 11, 17, 2, tzinfo=UTC)
        dialogue = Dialogue(
            slug="big",
            title="Big dialogue",
            timezone="Asia/Jakarta",
            starts_at=start,
            ends_at=start + timedelta(hours=30),
            status=DialogueStatus.PUBLISHED,
        )
        dialogue.chairs = [
            DialogueChair(person=Person(name=f"Chair {i}", user_id=u.id), position=i)
            for i, u in enumerate(chairs)
        ]
        session.add(dialogue)
        session.flush()
        ids = []
        for i in range(200):
            p = Participation(
                dialogue=dialogue,
                person=Person(name=f"Person {i}"),
                category=Category.CSO,
                status=ParticipationStatus.ATTENDED,
                visibility=list(Visibility)[i % 4],
            )
            session.add(p)
            session.flush()
            ids.append(p.id)
        session.commit()
        author = chairs[0]
        drafting.save_document(
            dialogue,
            session_id=None,
            title="Outcome",
            body=text(20_000, ids, rng),
            base_revision=0,
            author=author,
        )
        for n in range(50):
            session.add(
                Recommendation(
                    dialogue_id=dialogue.id,
                    number=n + 1,
                    text="Act now.",
                    addressee="ASEAN",
                    due_on=date(2026, 11, 17),
                    first_dialogue_id=dialogue.id,
                )
            )
        session.commit()
        return dialogue.slug, [c.id for c in chairs]


def bench_publish(app, runs: int) -> list[float]:
    slug, chair_ids = build_draft(app)
    timings = []
    for run in range(runs):
        with app.test_request_context():
            session = db_session()
            dialogue = session.scalar(sa.select(Dialogue).where(Dialogue.slug == slug))
            record = drafting.find_record(dialogue)
            document = drafting.find_document(record, "record")
            drafting.save_document(
                dialogue,
                session_id=None,
                title="Outcome",
                body=document.body + f" run{run}",
                base_revision=document.revision,
                author=session.get(User, chair_ids[0]),
            )
            for uid in chair_ids:
                approval.approve(dialogue, session.get(User, uid), record.draft_revision)
            user = session.get(User, chair_ids[0])
            started = time.perf_counter()
            publication.publish(dialogue, user, seen_revision=record.draft_revision, changes="")
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def build_series(app, editions: int, per_edition: int, slug: str) -> None:
    with app.app_context():
        session = db_session()
        series = Series(slug=slug, name=f"Series {slug}")
        session.add(series)
        previous = []
        for e in range(editions):
            start = datetime(2015 + e, 11, 1, tzinfo=UTC)
            dialogue = Dialogue(
                slug=f"{slug}-{e}",
                title=f"Edition {e + 1}",
                edition=f"{e + 1}th",
                timezone="Asia/Jakarta",
                starts_at=start,
                ends_at=start + timedelta(hours=8),
                series=series,
                status=DialogueStatus.PUBLISHED,
            )
            session.add(dialogue)
            session.flush()
            current = []
            for n in range(per_edition):
                item = Recommendation(
                    dialogue_id=dialogue.id,
                    number=n + 1,
                    text="Act.",
                    addressee="ASEAN",
                    due_on=date(2016 + e, 6, 1),
                    published_version=1,
                    restates_id=previous[n] if previous and n % 5 == 0 else None,
                )
                if n % 3:
                    item.follow_ups = [
                        FollowUp(
                            responded_on=date(2016 + e, 4 + n % 4, 1),
                            status=list(ResponseStatus)[n % 5],
                            evidence=[],
                        )
                    ]
                session.add(item)
                session.flush()
                current.append(item.id)
            previous = current
        session.commit()


def count_queries(app, client, url: str) -> int:
    statements = []
    engine = get_engine(app)

    def before(*_args):
        statements.append(1)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with fresh_database(args.database_url) as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        try:
            migrate.upgrade(app)
            gc.freeze()
            for key, value in machine(app):
                print(f"{key + ':':12} {value}")
            publish = bench_publish(app, args.runs)
            print(
                f"publish 20,000 words: median {statistics.median(publish):.1f} ms, "
                f"p95 {statistics.quantiles(publish, n=20)[-1]:.1f} ms, max {max(publish):.1f} ms"
            )
            build_series(app, 10, 5, "small")
            build_series(app, 10, 50, "big")
            client = app.test_client()
            small = count_queries(app, client, "/series/small/scorecard")
            big = count_queries(app, client, "/series/big/scorecard")
            for _ in range(20):
                client.get("/series/big/scorecard")
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                client.get("/series/big/scorecard")
                timings.append((time.perf_counter() - started) * 1000)
            print(
                f"scorecard 10 editions, 500 recommendations: median "
                f"{statistics.median(timings):.1f} ms, p95 "
                f"{statistics.quantiles(timings, n=20)[-1]:.1f} ms"
            )
            print(f"scorecard queries: {small} for 50 recommendations, {big} for 500")
        finally:
            get_engine(app).dispose()


if __name__ == "__main__":
    main()

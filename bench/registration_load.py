"""Benchmark registration under load: focal points registering representatives at once.

Creates a throw-away ``parley_bench_<random>`` database on a PostgreSQL server, migrates it,
and builds a published dialogue whose CSO category is open to focal points with C places
(C = ``--capacity``, 200 by default, so that a waitlist forms), and one user per client, each
the focal point of an organisation of their own. Then it starts
``gunicorn -w 2 -b 127.0.0.1:<free port> wsgi:app`` on that database (rate limits off: they
count per client address and the whole load comes from 127.0.0.1), and K client threads
(``--clients``, 16 by default) each:

1. sign in (``POST /login`` with the CSRF token of the form);
2. open their organisation's delegation page for a CSRF token and the category's value;
3. register representatives (``POST /dialogues/<slug>/delegations/<organisation id>``), each
   with a new e-mail address, for ``--duration`` seconds or until ``--count`` requests have
   been sent between them. A request succeeds when it answers 302.

By default a client sends, with every POST, the session cookie it held after step 2 and
ignores the one the answer sets: that one only adds the flashed "registered" message, which
the client never reads, and would otherwise grow with every request. With
``--follow-redirects`` the client instead acts as a browser does: it keeps every cookie and
loads the delegation page the answer redirects to (timed apart from the POST).

It prints requests per second, latency percentiles and errors, then checks in the database
that no registration was lost or added: as many participations as successful requests, the
first C registered (in the order the category lock was taken) and every later one
waitlisted. gunicorn is stopped and the database dropped at the end, also on failure.

    .venv/bin/python bench/registration_load.py [--database-url URL] [--clients 16]
        [--duration 30 | --count N] [--capacity 200] [--workers 2] [--follow-redirects]

The target and the figures measured so far are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import itertools
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from dialogue_page import fresh_database, machine  # bench/ is the script's folder

from core import create_app, migrate
from core.accounts import create_user
from core.db import db_session, get_engine
from core.models import (
    AuditEvent,
    Category,
    Dialogue,
    DialogueCategory,
    DialogueStatus,
    FocalPoint,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    Person,
    RegistrationMode,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "bench-registration-load-secret-key"
PASSWORD = "benchmark password"
SLUG = "load-test"
TIMEOUT = 60  # seconds a client waits for one answer
CSRF_RE = re.compile(rb'<input[^>]* name="csrf_token"[^>]* value="([^"]+)"')
CATEGORY_RE = re.compile(rb'<input[^>]* name="category_id"[^>]* type="radio"[^>]* value="(\d+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def populate(url: str, clients: int, capacity: int) -> list[tuple[str, int]]:
    """Migrate, then the dialogue, its CSO category and one focal point per client:
    ``[(e-mail, organisation id)]``."""
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY},
    )
    try:
        migrate.upgrade(app)
        with app.app_context():
            session = db_session()
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=60)
            dialogue = Dialogue(
                slug=SLUG,
                edition="8th",
                title="ASEAN Human Rights Dialogue (load test)",
                starts_at=starts,
                ends_at=starts + timedelta(hours=31),
                timezone="Asia/Jakarta",
                city="Jakarta",
                country="Indonesia",
                status=DialogueStatus.PUBLISHED,
                published_at=starts - timedelta(days=90),
            )
            session.add(dialogue)
            session.add(
                DialogueCategory(
                    dialogue=dialogue,
                    category=Category.CSO,
                    label="Civil society organisations",
                    capacity=capacity,
                    needs_approval=True,
                    registration=RegistrationMode.FOCAL_POINTS,
                )
            )
            focal_points = []
            for n in range(clients):
                email = f"focal{n}@bench.example.org"
                user = create_user(email=email, name=f"Focal point {n}", password=PASSWORD)
                user.email_verified_at = datetime.now(UTC)  # only a confirmed address registers
                organisation = Organisation(
                    name=f"Civil society organisation {n}", kind=OrganisationKind.CSO
                )
                session.add(FocalPoint(user_id=user.id, organisation=organisation))
                session.flush()
                focal_points.append((email, organisation.id))
            session.commit()
            for key, value in machine(app):
                print(f"{key + ':':12} {value}")
        return focal_points
    finally:
        get_engine(app).dispose()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx answers back to the caller (as HTTPError) instead of following them."""

    def redirect_request(self, *_args, **_kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: bytes
    location: str | None


class Browser:
    """A client with a cookie jar that does not follow redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.with_cookies = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )
        self.without_cookies = urllib.request.build_opener(_NoRedirect)
        self.frozen_cookie: str | None = None

    def freeze_cookies(self) -> None:
        """From now on send the cookies held now, and ignore the ones answers set."""
        self.frozen_cookie = "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def request(self, path: str, form: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        opener = self.with_cookies
        if self.frozen_cookie is not None:
            request.add_header("Cookie", self.frozen_cookie)
            opener = self.without_cookies
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                return Answer(response.status, response.read(), None)
        except urllib.error.HTTPError as error:
            try:
                return Answer(error.code, error.read(), error.headers.get("Location"))
            finally:
                error.close()


def csrf_token(answer: Answer) -> str:
    found = CSRF_RE.search(answer.body)
    assert answer.status == 200 and found, (answer.status, answer.body[:300])
    return found.group(1).decode()


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)  # successful POSTs, ms
    follow_latencies: list[float] = field(default_factory=list)  # redirected GETs, ms
    errors: Counter = field(default_factory=Counter)
    succeeded: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_client(
    number: int,
    email: str,
    organisation_id: int,
    base: str,
    keep_going,
    follow: bool,
    ready: threading.Barrier,
    results: Results,
) -> None:
    browser = Browser(base)
    path = f"/dialogues/{SLUG}/delegations/{organisation_id}"
    try:
        token = csrf_token(browser.request("/login"))
        login = browser.request(
            "/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        assert login.status == 302, (login.status, login.body[:300])
        page = browser.request(path)
        token = csrf_token(page)
        category = CATEGORY_RE.search(page.body)
        assert category, page.body[:300]
    except BaseException:
        ready.abort()  # the other clients and the main thread stop waiting
        raise
    if not follow:
        browser.freeze_cookies()
    form = {
        "csrf_token": token,
        "position": "Programme officer",
        "category_id": category.group(1).decode(),
        "visibility": "public",
    }
    ready.wait()
    for n in itertools.count():
        if not keep_going():
            return
        form["name"] = f"Representative {n} of client {number}"
        form["email"] = f"rep{n}.client{number}@bench.example.org"
        started = time.perf_counter()
        try:
            answer = browser.request(path, form)
        except Exception as exc:  # every failure is counted, none stops the run
            with results.lock:
                results.errors[type(exc).__name__] += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        with results.lock:
            if answer.status == 302:
                results.succeeded += 1
                results.latencies.append(elapsed)
            else:
                results.errors[f"HTTP {answer.status}"] += 1
        if follow and answer.status == 302:
            started = time.perf_counter()
            try:
                page = browser.request(urllib.parse.urlsplit(answer.location).path)
            except Exception as exc:
                with results.lock:
                    results.errors[f"follow: {type(exc).__name__}"] += 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with results.lock:
                if page.status == 200:
                    results.follow_latencies.append(elapsed)
                else:
                    results.errors[f"follow: HTTP {page.status}"] += 1


def start_gunicorn(url: str, port: int, workers: int, instance: Path, log: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(
        PARLEY_DATABASE_URL=url,
        PARLEY_SECRET_KEY=SECRET_KEY,
        PARLEY_SESSION_COOKIE_SECURE="false",
        PARLEY_RATELIMIT_ENABLED="false",
        PARLEY_INSTANCE_PATH=str(instance),
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "wsgi:app"]
    with open(log, "wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until_answering(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            if Browser(base).request("/login").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # gunicorn's graceful stop, workers included
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def percentile(samples: list[float], p: int) -> float:
    if len(samples) < 2:
        return float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def verify(url: str, succeeded: int, capacity: int) -> bool:
    """Check the database against the answers; print what was found. True if all is well."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            dialogue_id = conn.scalar(sa.select(Dialogue.id).where(Dialogue.slug == SLUG))
            statuses = dict(
                conn.execute(
                    sa.select(Participation.status, sa.func.count())
                    .where(Participation.dialogue_id == dialogue_id)
                    .group_by(Participation.status)
                ).all()
            )
            people = conn.scalar(
                sa.select(sa.func.count(sa.distinct(Person.email))).where(
                    Person.email.like("rep%@bench.example.org")
                )
            )
            # the audit entries of the status changes are written while the category's lock is
            # held, so their order is the order in which the places were given out
            changes = conn.scalars(
                sa.select(AuditEvent.details)
                .where(
                    AuditEvent.action == "participation.status_changed",
                    AuditEvent.dialogue_id == dialogue_id,
                )
                .order_by(AuditEvent.id)
            ).all()
    finally:
        engine.dispose()
    total = sum(statuses.values())
    registered = statuses.get(ParticipationStatus.REGISTERED, 0)
    waitlisted = statuses.get(ParticipationStatus.WAITLISTED, 0)
    expected = min(capacity, total)
    in_order = [c.get("new") for c in changes] == (
        ["registered"] * expected + ["waitlisted"] * (total - expected)
    )
    checks = [
        (f"participations = successful requests ({total} = {succeeded})", total == succeeded),
        (f"people registered = participations ({people} = {total})", people == total),
        (f"registered = min(capacity, total) ({registered} = {expected})", registered == expected),
        (
            f"waitlisted = the rest ({waitlisted} = {total - expected})",
            waitlisted == total - expected,
        ),
        (f"no other status ({sorted(map(str, statuses))})", registered + waitlisted == total),
        (f"one audited status change each ({len(changes)} = {total})", len(changes) == total),
        ("places given before any waitlisting, in lock order", in_order),
    ]
    print("\nDatabase after the run")
    for text, ok in checks:
        print(f"  {'ok    ' if ok else 'FAILED'} {text}")
    return all(ok for _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help=f"a PostgreSQL server (default {DEFAULT_SERVER})",
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--capacity", type=int, default=200)
    load = parser.add_mutually_exclusive_group()
    load.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    load.add_argument("--count", type=int, help="send this many registrations in all instead")
    parser.add_argument(
        "--follow-redirects",
        action="store_true",
        help="load the page each registration redirects to, as a browser does",
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("--database-url must name a PostgreSQL server")

    with (
        fresh_database(args.database_url) as url,
        tempfile.TemporaryDirectory(prefix="parley-bench-") as folder,
    ):
        focal_points = populate(url, args.clients, args.capacity)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(folder) / "gunicorn.log"
        server = start_gunicorn(url, port, args.workers, Path(folder) / "instance", log)
        try:
            wait_until_answering(server, base, log)
            results = Results()
            tickets = itertools.count()  # next() on it is atomic under the GIL
            deadline = [float("inf")]  # set once every client is ready

            def keep_going() -> bool:
                if args.count is not None:
                    return next(tickets) < args.count
                return time.monotonic() < deadline[0]

            what = f"{args.count} registrations" if args.count else f"{args.duration:g} s"
            ready = threading.Barrier(args.clients + 1)
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [
                    pool.submit(
                        run_client,
                        n,
                        email,
                        organisation_id,
                        base,
                        keep_going,
                        args.follow_redirects,
                        ready,
                        results,
                    )
                    for n, (email, organisation_id) in enumerate(focal_points)
                ]
                try:
                    ready.wait()  # every client has signed in and loaded its form
                except threading.BrokenBarrierError:
                    for future in futures:
                        future.result()  # raises the client's own error
                    raise
                started = time.monotonic()
                deadline[0] = started + args.duration
                for future in futures:
                    future.result()
                elapsed = time.monotonic() - started

            sent = results.succeeded + sum(
                n for k, n in results.errors.items() if not k.startswith("follow")
            )
            mode = "POST, then GET of the redirect" if args.follow_redirects else "POST only"
            print(
                f"\ngunicorn -w {args.workers} (sync), {args.clients} clients, {what}, "
                f"capacity {args.capacity}, {mode}"
            )
            print(f"  requests sent        {sent}")
            print(f"  succeeded (302)      {results.succeeded}")
            print(f"  errors               {sum(results.errors.values())} {dict(results.errors)}")
            print(f"  wall time            {elapsed:.1f} s")
            print(f"  registrations/s      {results.succeeded / elapsed:.1f}")
            for name, samples in (
                ("POST latency (ms)", results.latencies),
                ("GET after it (ms)", results.follow_latencies),
            ):
                if samples:
                    print(
                        f"  {name:<20} p50 {percentile(samples, 50):.1f}  "
                        f"p95 {percentile(samples, 95):.1f}  p99 {percentile(samples, 99):.1f}  "
                        f"max {max(samples):.1f}"
                    )
        finally:
            stop(server)
        if results.errors:
            print(
                "\ngunicorn's log (last lines):\n" + "\n".join(log.read_text().splitlines()[-30:])
            )
        return 0 if verify(url, results.succeeded, args.capacity) and not results.errors else 1


if __name__ == "__main__":
    sys.exit(main())

"""A bounded mixed load on the demo: gunicorn with 2 workers on PostgreSQL, for 60 seconds.

Creates a throw-away ``parley_bench_<random>`` database on a PostgreSQL server, runs
``parley db upgrade`` and ``parley demo`` against it (``PARLEY_DATABASE_URL``), and starts
``gunicorn -w 2 -b 127.0.0.1:<free port> wsgi:app`` on it with the rate limits on and kept in
Redis (``PARLEY_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379``, a key prefix of the run's own),
so that both workers share them. Then, from this process, an open-loop load: jobs arrive at a
fixed rate (``--rate`` a second, Poisson arrivals, seed 7) whatever the server's speed, and a pool
of client threads (the standard library's ``urllib``) serves them. A job is one of

* **agenda**: a dialogue's page or its programme (``/dialogues/<slug>``,
  ``/dialogues/<slug>/programme``);
* **outcome**: the list of outcome records (``/outcomes``) or one (``/dialogues/<slug>/outcome``);
* **calendar**: a dialogue's iCalendar feed (``/dialogues/<slug>/programme.ics``);
* **registration**: a new visitor signs up (``GET`` then ``POST /signup``, with the form's CSRF
  token) and registers in the open category of the 8th ASEAN dialogue (``GET`` then
  ``POST /dialogues/8th-ahrd-demo/register/self``).

Each registering visitor comes from an address of its own (``X-Forwarded-For``, with
``PARLEY_PROXY_COUNT=1``), as real visitors do, so the per-address limits (5 sign-ups an hour,
30 registrations a minute) apply to each as they would in production and are not reached;
the log-in and sign-up limits are raised through ``PARLEY_LOGIN_RATE_LIMIT`` and
``PARLEY_SIGNUP_RATE_LIMIT`` all the same, so that no run is refused because an earlier one
used the same addresses. A ``GET`` succeeds when it answers 200, a ``POST`` when it answers 302
to the expected page; anything else, or no answer, is an error.

It prints, per kind of request and overall, the count, throughput, p50/p95/p99/max latency
and errors, then checks the database: every acknowledged registration (a 302 received) is
there, registered or waitlisted, with one audited status change and one e-mail queued.
gunicorn is stopped and the database dropped at the end, also on failure.

    .venv/bin/python bench/load_mixed.py [--database-url URL] [--duration 60] [--rate 30]
                                         [--threads 32] [--workers 2]

Needs the ``deploy`` extra (``redis``) and ``gunicorn``. Figures: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from dialogue_page import fresh_database  # bench/ is the script's folder
from registration_load import Answer, Browser, free_port, percentile

ROOT = Path(__file__).resolve().parent.parent
PARLEY = Path(sys.executable).parent / "parley"
GUNICORN = Path(sys.executable).parent / "gunicorn"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379"
SECRET_KEY = "bench-load-mixed-secret-key"
PASSWORD = "benchmark password"
OPEN_DIALOGUE = "8th-ahrd-demo"
# the demo's dialogues (core/demo/demo.toml and the plugins' demo data)
AGENDA = [
    "/dialogues/7th-ahrd-2025",
    "/dialogues/7th-ahrd-2025/programme",
    "/dialogues/8th-ahrd-demo",
    "/dialogues/8th-ahrd-demo/programme",
    "/dialogues/5th-eu-asean-hrd-2023",
    "/dialogues/3rd-eu-sea-cso-forum-2023",
]
OUTCOMES = [
    "/outcomes",
    "/dialogues/7th-ahrd-2025/outcome",
    "/dialogues/3rd-eu-sea-cso-forum-2023/outcome",
    "/dialogues/2nd-eu-sea-cso-forum-2022/outcome",
]
CALENDARS = [
    "/dialogues/7th-ahrd-2025/programme.ics",
    "/dialogues/8th-ahrd-demo/programme.ics",
]
# share of jobs; a registration is 4 requests and a sign-up hashes a password (scrypt)
MIX = {"agenda": 40, "outcome": 30, "calendar": 28, "registration": 2}
CSRF_RE = re.compile(rb'<input[^>]* name="csrf_token"[^>]* value="([^"]+)"')
SELF_CSRF_RE = re.compile(rb'name="self-csrf_token" type="hidden" value="([^"]+)"')
SELF_CATEGORY_RE = re.compile(rb'name="self-category_id"[^>]* type="radio" value="(\d+)"')


# --- the server -------------------------------------------------------------------------------


def parley_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(PARLEY_DATABASE_URL=url, PARLEY_SECRET_KEY=SECRET_KEY)
    return env


def load_demo(url: str) -> None:
    """``parley db upgrade`` and ``parley demo`` on the database at ``url``."""
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run(
            [str(PARLEY), *command], cwd=ROOT, env=parley_env(url), check=True, capture_output=True
        )


@dataclass
class Server:
    """gunicorn serving Parley on 127.0.0.1; stop() ends it and its workers."""

    url: str
    folder: Path
    workers: int = 2
    server_threads: int = 1  # above 1, gunicorn's gthread workers
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "gunicorn.log"

    def start(self) -> None:
        env = parley_env(self.url)
        env.update(
            PARLEY_SESSION_COOKIE_SECURE="false",
            PARLEY_INSTANCE_PATH=str(self.folder / "instance"),
            PARLEY_RATELIMIT_STORAGE_URI=REDIS,
            PARLEY_RATELIMIT_KEY_PREFIX=f"parley-bench-{secrets.token_hex(4)}",
            PARLEY_PROXY_COUNT="1",
            PARLEY_LOGIN_RATE_LIMIT="1000 per minute",
            PARLEY_SIGNUP_RATE_LIMIT="1000 per minute",
        )
        command = [str(GUNICORN), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"]
        if self.server_threads > 1:
            command += ["--threads", str(self.server_threads)]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*command, "wsgi:app"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
            try:
                if Browser(self.base).request("/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log.read_text()}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return sorted(int(c) for c in children)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful stop, workers included
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


# --- the clients ------------------------------------------------------------------------------


class Visitor(Browser):
    """A browser coming from an address of its own (``X-Forwarded-For``)."""

    addresses = itertools.count(1)

    def __init__(self, base: str) -> None:
        super().__init__(base)
        n = next(Visitor.addresses)
        self.address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"

    def request(self, path: str, form: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("X-Forwarded-For", self.address)
        try:
            with self.with_cookies.open(request, timeout=30) as response:
                return Answer(response.status, response.read(), None)
        except urllib.error.HTTPError as error:
            try:
                return Answer(error.code, error.read(), error.headers.get("Location"))
            finally:
                error.close()


@dataclass
class Sample:
    kind: str
    started: float  # seconds since the load began
    ms: float
    error: str | None


@dataclass
class Recorder:
    """Every request's kind, start, latency and error; acknowledged registrations."""

    origin: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)  # e-mail addresses
    lag: list[float] = field(default_factory=list)  # ms a job waited for a free client thread
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, send: Callable[[], Answer], expect: int, location: str = ""):
        started = time.monotonic()
        error = None
        answer = None
        try:
            answer = send()
        except Exception as exc:  # every failure is counted, none stops the run
            error = type(exc).__name__
        else:
            if answer.status != expect:
                error = f"HTTP {answer.status}"
            elif location and not (answer.location or "").endswith(location):
                error = f"redirected to {answer.location}"
        ms = (time.monotonic() - started) * 1000
        with self.lock:
            self.samples.append(Sample(kind, started - self.origin, ms, error))
        if error is not None:
            raise JobFailed(error)
        return answer


class JobFailed(Exception):
    pass


class Jobs:
    """The four kinds of job, each a function of a recorder."""

    def __init__(self, base: str, tag: str) -> None:
        self.base = base
        self.tag = tag
        self.numbers = itertools.count()
        self.reader = threading.local()

    def _browser(self) -> Browser:
        # readers keep no cookies that matter; one browser per client thread
        if not hasattr(self.reader, "browser"):
            self.reader.browser = Visitor(self.base)
        return self.reader.browser

    def page(self, kind: str, paths: list[str], rec: Recorder, rng: random.Random) -> None:
        path = rng.choice(paths)
        rec.timed(kind, lambda: self._browser().request(path), 200)

    def registration(self, rec: Recorder, _rng: random.Random) -> None:
        visitor = Visitor(self.base)
        email = f"{self.tag}-{next(self.numbers)}@bench.example.org"
        form = rec.timed("sign-up form", lambda: visitor.request("/signup"), 200)
        token = CSRF_RE.search(form.body).group(1).decode()
        fields = {"csrf_token": token, "name": f"Visitor {email}", "email": email}
        fields.update(password=PASSWORD, confirm=PASSWORD)
        rec.timed("sign-up", lambda: visitor.request("/signup", fields), 302, "/")
        path = f"/dialogues/{OPEN_DIALOGUE}/register"
        page = rec.timed("registration form", lambda: visitor.request(path), 200)
        token = SELF_CSRF_RE.search(page.body).group(1).decode()
        category = SELF_CATEGORY_RE.search(page.body).group(1).decode()
        fields = {"self-csrf_token": token, "self-category_id": category}
        fields["self-visibility"] = "public"
        rec.timed("registration", lambda: visitor.request(path + "/self", fields), 302, path)
        with rec.lock:
            rec.acknowledged.append(email)

    def run(self, kind: str, rec: Recorder, rng: random.Random) -> None:
        try:
            if kind == "agenda":
                self.page("agenda", AGENDA, rec, rng)
            elif kind == "outcome":
                self.page("outcome", OUTCOMES, rec, rng)
            elif kind == "calendar":
                self.page("calendar", CALENDARS, rec, rng)
            else:
                self.registration(rec, rng)
        except JobFailed:
            pass  # recorded already; the rest of a registration is not attempted


def open_loop(
    jobs: Jobs,
    rec: Recorder,
    *,
    duration: float,
    rate: float,
    threads: int,
    mix: dict[str, int] | None = None,
    seed: int = 7,
) -> float:
    """Jobs arriving at ``rate`` a second for ``duration`` seconds; returns the wall time."""
    mix = mix or MIX
    rng = random.Random(seed)
    kinds, weights = list(mix), list(mix.values())
    with ThreadPoolExecutor(max_workers=threads) as pool:
        rec.origin = start = time.monotonic()
        due = start
        while True:
            due += rng.expovariate(rate)
            if due - start >= duration:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            kind = rng.choices(kinds, weights)[0]
            job_rng = random.Random(rng.random())

            def job(kind=kind, job_rng=job_rng, due=due) -> None:
                with rec.lock:
                    rec.lag.append((time.monotonic() - due) * 1000)
                jobs.run(kind, rec, job_rng)

            pool.submit(job)
    return time.monotonic() - start


def closed_loop(jobs: Jobs, rec: Recorder, *, clients: int, kind: str, until) -> None:
    """``clients`` threads each running ``kind`` jobs back to back while ``until()`` holds."""

    def client(n: int) -> None:
        rng = random.Random(n)
        while until():
            jobs.run(kind, rec, rng)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client, n) for n in range(clients)]:
            future.result()


# --- figures and checks -----------------------------------------------------------------------


def summary(samples: list[Sample], seconds: float) -> list[tuple]:
    """Rows (kind, requests, per second, p50, p95, p99, max, errors), then ``all``."""
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    rows = []
    for kind, group in [*sorted(by_kind.items()), ("all", samples)]:
        ms = [s.ms for s in group if s.error is None]
        errors = sum(1 for s in group if s.error is not None)
        rows.append(
            (
                kind,
                len(group),
                len(group) / seconds,
                percentile(ms, 50),
                percentile(ms, 95),
                percentile(ms, 99),
                max(ms, default=float("nan")),
                errors,
            )
        )
    return rows


def print_summary(samples: list[Sample], seconds: float) -> None:
    print(f"{'kind':<18} {'requests':>8} {'per s':>7} {'p50':>7} {'p95':>7} {'p99':>7} ", end="")
    print(f"{'max':>7} {'errors':>6}")
    for kind, count, per_s, p50, p95, p99, top, errors in summary(samples, seconds):
        print(
            f"{kind:<18} {count:8} {per_s:7.1f} {p50:7.1f} {p95:7.1f} {p99:7.1f} {top:7.1f} "
            f"{errors:6}"
        )
    kinds = Counter(s.error for s in samples if s.error is not None)
    if kinds:
        print("errors:", dict(kinds))


def check_registrations(url: str, acknowledged: list[str], tag: str) -> bool:
    """Every acknowledged registration is saved whole; nothing is half-written. Prints why."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    """
                    SELECT pe.email, p.id, p.status,
                      (SELECT count(*) FROM audit_event a
                        WHERE a.action = 'participation.status_changed'
                          AND a.object_type = 'participation' AND a.object_id = p.id) AS audited,
                      (SELECT count(*) FROM outbox_message m
                        WHERE m.person_id = pe.id AND m.dialogue_id = d.id) AS mails
                    FROM participation p
                    JOIN person pe ON pe.id = p.person_id
                    JOIN dialogue d ON d.id = p.dialogue_id
                    WHERE d.slug = :slug AND pe.email LIKE :pattern
                    """
                ),
                {"slug": OPEN_DIALOGUE, "pattern": f"{tag}-%"},
            ).all()
            accounts = conn.scalar(
                sa.text("SELECT count(*) FROM user_account WHERE email LIKE :p"),
                {"p": f"{tag}-%"},
            )
    finally:
        engine.dispose()
    saved = {r.email: r for r in rows}
    lost = sorted(set(acknowledged) - set(saved))
    bad_status = [
        r.email for r in rows if str(r.status).lower() not in ("registered", "waitlisted")
    ]
    half = [r.email for r in rows if r.audited != 1 or r.mails != 1]
    unanswered = len(saved) - len(set(acknowledged) & set(saved))
    checks = [
        (
            f"acknowledged registrations saved ({len(acknowledged) - len(lost)} of "
            f"{len(acknowledged)}; lost: {lost[:5]})",
            not lost,
        ),
        (
            f"registered or waitlisted ({len(rows) - len(bad_status)} of {len(rows)})",
            not bad_status,
        ),
        (f"one audited status change and one e-mail each (half-written: {len(half)})", not half),
    ]
    print(
        f"\nDatabase: {accounts} accounts, {len(rows)} registrations, of which {unanswered} "
        "saved without the client receiving the answer"
    )
    for text, ok in checks:
        print(f"  {'ok    ' if ok else 'FAILED'} {text}")
    return all(ok for _, ok in checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_SERVER)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=30.0, help="jobs a second (default 30)")
    parser.add_argument("--threads", type=int, default=32, help="client threads (default 32)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--server-threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (gthread); a sign-up's password hashing then holds "
        "one thread, not a whole worker",
    )
    args = parser.parse_args()

    tag = f"load-{secrets.token_hex(3)}"
    with (
        fresh_database(args.database_url) as url,
        tempfile.TemporaryDirectory(prefix="parley-bench-") as folder,
    ):
        load_demo(url)
        server = Server(url, Path(folder), args.workers, args.server_threads)
        try:
            server.start()
            jobs = Jobs(server.base, tag)
            # warm-up: each page once per worker, outside the figures
            warm = Recorder()
            for path in AGENDA + OUTCOMES + CALENDARS:
                for _ in range(args.workers * 2):
                    warm.timed("warm-up", lambda p=path: Browser(server.base).request(p), 200)
            rec = Recorder()
            wall = open_loop(
                jobs, rec, duration=args.duration, rate=args.rate, threads=args.threads
            )
        finally:
            server.stop()
        print(
            f"gunicorn -w {args.workers} "
            f"({f'gthread, {args.server_threads} threads' if args.server_threads > 1 else 'sync'}),"
            " PostgreSQL, demo data; open loop, "
            f"{args.rate:g} jobs/s for {args.duration:g} s ({MIX}), {args.threads} client threads"
        )
        print_summary(rec.samples, wall)
        print(
            f"client lag (job waiting for a thread): p99 {percentile(rec.lag, 99):.1f} ms, "
            f"max {max(rec.lag, default=0):.1f} ms"
        )
        ok = check_registrations(url, rec.acknowledged, tag)
        if any(s.error for s in rec.samples):
            print("\ngunicorn's log (last lines):\n" + server.log_tail())
        return 0 if ok and not any(s.error for s in rec.samples) else 1


if __name__ == "__main__":
    sys.exit(main())

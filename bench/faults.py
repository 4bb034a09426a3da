"""Faults under load: a worker killed, a list import killed, PostgreSQL restarted.

Each fault runs on a throw-away ``parley_bench_<random>`` database with the demo loaded and
gunicorn (2 sync workers) serving it, set up as ``bench/load_mixed.py`` does:

``worker``
    16 visitors sign up and register in the 8th ASEAN dialogue back to back for 25 s; a
    gunicorn worker is killed with SIGKILL at 5, 9, 13, 17 and 21 s, the two in turn (gunicorn
    starts new ones). Afterwards every acknowledged registration (a 302 received) must be in the
    database, and none half-written (each registered or waitlisted, with one audited status
    change and one e-mail queued). Requests in flight on a killed worker fail; those sent
    3 s after a kill must succeed.
``import``
    ``parley vetting import ofac <sdn.csv> --list ...`` run as its own process: first a whole
    import (version 1), then imports of another snapshot killed with SIGKILL at 15, 30, 45, 55
    and 80 % of the whole import's time (the commit comes at about 60 %, the re-screening of
    everyone after it), and one import into a new list killed at 25 %. After each kill the list
    must have either no new version or a complete one (its ``entries`` equal to the entries
    current in it, as many as a whole import gives), no other rows, and no transaction left
    open on the server. Then the second snapshot is imported whole.
``postgres``
    The mixed load of ``bench/load_mixed.py`` (30 jobs/s) for 40 s, with PostgreSQL restarted
    (``pg_ctlcluster 15 main restart``) at 12 s. The app must recover without a restart of its
    own: errors are counted before, during (from the restart until 2 s after it returned) and
    after; after, there must be none.

    .venv/bin/python bench/faults.py [worker] [import] [postgres] [--database-url URL]
                                     [--data /work/shared/data]

Restarting PostgreSQL cuts every other connection to the server for a few seconds. Figures:
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from dialogue_page import fresh_database  # bench/ is the script's folder
from load_mixed import (
    DEFAULT_SERVER,
    PARLEY,
    ROOT,
    Jobs,
    Recorder,
    Server,
    check_registrations,
    closed_loop,
    load_demo,
    open_loop,
    parley_env,
    print_summary,
)

RESTART = ["pg_ctlcluster", "15", "main", "restart"]
KILLS = (5, 9, 13, 17, 21)  # seconds into the registrations


def fault_worker(url: str, folder: Path) -> bool:
    server = Server(url, folder)
    server.start()
    tag = f"kill-{secrets.token_hex(3)}"
    rec = Recorder()
    kills: list[float] = []
    try:
        deadline = time.monotonic() + 25

        def killer() -> None:
            for n, at in enumerate(KILLS):
                time.sleep(max(0.0, rec.origin + at - time.monotonic()))
                pid = server.worker_pids()[n % 2]
                os.kill(pid, signal.SIGKILL)
                kills.append(time.monotonic() - rec.origin)
                print(f"  SIGKILL to worker {pid} at {kills[-1]:.1f} s")

        thread = threading.Thread(target=killer)
        rec.origin = time.monotonic()
        thread.start()
        closed_loop(
            Jobs(server.base, tag),
            rec,
            clients=16,
            kind="registration",
            until=lambda: time.monotonic() < deadline,
        )
        thread.join()
        wall = time.monotonic() - rec.origin
    finally:
        server.stop()
    print_summary(rec.samples, wall)
    late = [
        s
        for s in rec.samples
        if s.error and not any(k <= s.started + s.ms / 1000 < k + 3 for k in kills)
    ]
    print(f"  errors more than 3 s after a kill: {len(late)}")
    return check_registrations(url, rec.acknowledged, tag) and not late


def list_state(url: str, name: str) -> dict:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            versions = conn.execute(
                sa.text(
                    "SELECT v.id, v.number, v.entries FROM vetting_list_version v "
                    "JOIN vetting_list l ON l.id = v.list_id WHERE l.name = :n ORDER BY v.number"
                ),
                {"n": name},
            ).all()
            current = conn.scalar(
                sa.text(
                    "SELECT count(*) FROM vetting_entry e JOIN vetting_list l ON l.id = e.list_id "
                    "WHERE l.name = :n AND e.removed_in IS NULL"
                ),
                {"n": name},
            )
            rows = conn.scalar(sa.text("SELECT count(*) FROM vetting_entry"))
            lists = conn.scalar(
                sa.text("SELECT count(*) FROM vetting_list WHERE name = :n"), {"n": name}
            )
            open_transactions = conn.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
                )
            )
    finally:
        engine.dispose()
    return {
        "versions": [(v.number, v.entries) for v in versions],
        "current": current,
        "rows": rows,
        "lists": lists,
        "open transactions": open_transactions,
    }


def run_import(url: str, files: list[Path], name: str, kill_after: float | None):
    """Run the import; SIGKILL it after ``kill_after`` s. Returns (seconds, output, killed)."""
    command = [str(PARLEY), "vetting", "import", "ofac", *map(str, files), "--list", name]
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, env=parley_env(url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    killed = False
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed = True
    output = process.stdout.read().decode(errors="replace")
    process.stdout.close()
    return time.monotonic() - started, output, killed


def summary_line(output: str) -> str:
    return next((line for line in output.splitlines() if "version" in line), output[-200:])


def fault_import(url: str, data: Path) -> bool:
    first = data / "ofac" / "ofac_sdn_2024-05-03.csv"
    second = [data / "ofac" / f"ofac_2022-01-31_{part}.csv" for part in ("sdn", "alt", "add")]
    name = "OFAC SDN (fault test)"
    ok = True

    def complete(state: dict) -> bool:
        # no version, or every version's entry count is the list's current count for the last
        return not state["versions"] or state["versions"][-1][1] == state["current"]

    seconds, output, _ = run_import(url, [first], name, None)
    base = list_state(url, name)
    print(f"  whole import of {first.name}: {seconds:.1f} s; {summary_line(output)}")
    print(f"    state: {base}")
    ok &= base["versions"] == [(1, base["current"])] and base["current"] > 10_000
    whole_second, output, _ = run_import(url, second, "OFAC timing copy", None)
    print(
        f"  whole import of the 2022-01-31 files (sdn, alt, add) into a new list: "
        f"{whole_second:.1f} s; {summary_line(output)}"
    )
    timing = list_state(url, "OFAC timing copy")
    base = list_state(url, name)
    for share in (0.15, 0.3, 0.45, 0.55, 0.8):
        seconds, output, killed = run_import(url, second, name, share * whole_second)
        state = list_state(url, name)
        time.sleep(1)
        after = list_state(url, name)
        unchanged = state["versions"] == base["versions"] and state["rows"] == base["rows"]
        new_whole = (
            state["versions"][:-1] == base["versions"]
            and state["versions"][-1][0] == len(base["versions"]) + 1
            and complete(state)
        )
        good = (unchanged or new_whole) and complete(state) and after["open transactions"] == 0
        ok &= good
        outcome = "no new version" if unchanged else "a whole new version" if new_whole else "BAD"
        print(
            f"  SIGKILL at {seconds:.1f} s ({share:.0%}), killed={killed}: {outcome}; "
            f"versions {state['versions']}, current {state['current']}, rows {state['rows']}, "
            f"open transactions 1 s later {after['open transactions']} -> "
            f"{'ok' if good else 'FAILED'}"
        )
        if new_whole:
            base = state
    fresh = "OFAC never imported"
    seconds, _output, killed = run_import(url, second, fresh, 0.25 * whole_second)
    state = list_state(url, fresh)
    nothing = state["lists"] == 0 and state["versions"] == [] and state["rows"] == base["rows"]
    whole = state["versions"] == [(1, timing["current"])] and complete(state)
    good = (nothing or whole) and state["open transactions"] == 0
    ok &= good
    print(
        f"  SIGKILL of a first import into a new list at {seconds:.1f} s, killed={killed}: "
        f"{'nothing' if nothing else 'a whole version' if whole else 'BAD'}; lists "
        f"{state['lists']}, versions {state['versions']}, rows {state['rows']} -> "
        f"{'ok' if good else 'FAILED'}"
    )
    seconds, output, _ = run_import(url, second, name, None)
    state = list_state(url, name)
    numbers = [n for n, _ in state["versions"]]
    good = numbers == list(range(1, len(base["versions"]) + 2)) and complete(state)
    good &= state["current"] == timing["current"]
    ok &= good
    print(
        f"  then a whole import: {seconds:.1f} s; versions {state['versions']}, "
        f"current {state['current']} (as in the copy: {timing['current']}) -> "
        f"{'ok' if good else 'FAILED'}"
    )
    return ok


def fault_postgres(url: str, folder: Path) -> bool:
    server = Server(url, folder)
    server.start()
    tag = f"restart-{secrets.token_hex(3)}"
    rec = Recorder()
    window: list[float] = []
    try:

        def restarter() -> None:
            time.sleep(max(0.0, rec.origin + 12 - time.monotonic()))
            window.append(time.monotonic() - rec.origin)
            done = subprocess.run(RESTART, capture_output=True, text=True)
            window.append(time.monotonic() - rec.origin)
            print(
                f"  {' '.join(RESTART)}: from {window[0]:.1f} s to {window[1]:.1f} s, "
                f"exit {done.returncode} {done.stderr.strip()}"
            )

        rec.origin = time.monotonic()
        thread = threading.Thread(target=restarter)
        thread.start()
        wall = open_loop(Jobs(server.base, tag), rec, duration=40, rate=30, threads=32)
        thread.join()
    finally:
        server.stop()
    print_summary(rec.samples, wall)
    start, end = window[0], window[1] + 2
    phases = {"before": [], "during": [], "after": []}
    for s in rec.samples:
        finished = s.started + s.ms / 1000
        key = "before" if finished < start else "during" if s.started < end else "after"
        phases[key].append(s)
    for key, group in phases.items():
        errors = [s for s in group if s.error]
        kinds = sorted({s.error for s in errors})
        print(f"  {key:<7} {len(group):5} requests, {len(errors):3} errors {kinds}")
    # the exceptions behind the errors, by kind (the last line of each traceback)
    raised = Counter(
        line.split(":", 1)[0]
        for line in server.log.read_text(errors="replace").splitlines()
        if re.match(r"^[\w.]+(Error|Exception|Shutdown)\b", line)
    )
    print(f"  exceptions in gunicorn's log: {dict(raised)}")
    return check_registrations(url, rec.acknowledged, tag) and not any(
        s.error for s in phases["after"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("faults", nargs="*", help="worker, import, postgres (default: all)")
    parser.add_argument("--database-url", default=DEFAULT_SERVER)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    chosen = args.faults or ["worker", "import", "postgres"]
    if not set(chosen) <= {"worker", "import", "postgres"}:
        parser.error(f"unknown fault in {chosen}")
    results = {}
    for fault in chosen:
        print(f"\n== {fault}")
        with (
            fresh_database(args.database_url) as url,
            tempfile.TemporaryDirectory(prefix="parley-bench-") as folder,
        ):
            load_demo(url)
            if fault == "worker":
                results[fault] = fault_worker(url, Path(folder))
            elif fault == "import":
                results[fault] = fault_import(url, args.data)
            else:
                results[fault] = fault_postgres(url, Path(folder))
    print("\n" + ", ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Fixtures of the sessions plugin's tests: ical.js under Node.js, to read our calendars as
Thunderbird does."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unavailable import unavailable

ROOT = Path(__file__).resolve().parents[3]
CHECKER = Path(__file__).with_name("icaljs_read.mjs")


def _unavailable(reason: str):
    """In CI a missing tool fails the run (the check must not be skipped silently there)."""
    unavailable(f"ical.js cannot run: {reason}")


@pytest.fixture(scope="session")
def icaljs():
    """``read(ics_text) -> list of events`` as ical.js parses them (uid, summary, status,
    sequence, start and end in UTC, all-day or not). Installs ical.js from package-lock.json
    into node_modules when it is missing."""
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed")
    if not (ROOT / "node_modules" / "ical.js").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm is not installed")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            _unavailable(f"npm ci failed: {done.stderr.strip()[-500:]}")

    def read(ics: str) -> list[dict]:
        done = subprocess.run(
            [node, str(CHECKER)],
            input=ics,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read

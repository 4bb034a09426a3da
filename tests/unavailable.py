"""A test that cannot run for want of a tool or of data: skipped on a workstation, failed in CI."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def unavailable(reason: str) -> NoReturn:
    """Skip the test with ``reason``; in CI (``CI`` set, as ``.ci/run`` sets it) fail it, so that
    nothing is skipped silently there."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)

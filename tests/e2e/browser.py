"""Playwright's ``expect``, for the journeys; without Playwright a journey is skipped, except
in CI (``CI`` set), where the missing package fails the run."""

from __future__ import annotations

import os

import pytest

try:
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip(
        "browser journeys cannot run: Playwright is not installed (pip install -e '.[test]')",
        allow_module_level=True,
    )

__all__ = ["expect"]

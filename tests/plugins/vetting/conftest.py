"""Fixtures of the vetting plugin's tests."""

from pathlib import Path

import pytest

from .shared_data import shared_ofac


@pytest.fixture
def shared_ofac_data() -> Path:
    """The shared OFAC snapshots' folder, for ``needs_shared_data``."""
    return shared_ofac()

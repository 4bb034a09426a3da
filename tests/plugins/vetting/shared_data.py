"""Where the shared data live (read in place, never copied into the repository).

A test that reads them takes ``needs_shared_data``: where they are missing it is skipped, and in
CI it fails, so that a run on a machine without them never passes by skipping.
"""

import os
from pathlib import Path

import pytest

from tests.unavailable import unavailable

# beside the checkout by default; PARLEY_SHARED_DATA names it when the checkout is elsewhere
DATA = Path(
    os.environ.get("PARLEY_SHARED_DATA")
    or Path(__file__).resolve().parents[3].parent / "shared" / "data"
)
OFAC = DATA / "ofac"


def shared_ofac() -> Path:
    """The folder of the shared OFAC snapshots; the test is skipped (failed in CI) without it."""
    if not OFAC.is_dir():
        unavailable(
            f"the shared OFAC snapshots are not present at {OFAC} "
            "(put the shared data beside the checkout or name them with PARLEY_SHARED_DATA)"
        )
    return OFAC


# the fixture of that name, in this folder's conftest.py, calls shared_ofac()
needs_shared_data = pytest.mark.usefixtures("shared_ofac_data")

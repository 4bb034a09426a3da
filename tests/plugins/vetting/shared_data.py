"""Where the shared data live (read in place, never copied into the repository)."""

import os
from pathlib import Path

import pytest

# beside the checkout by default; PARLEY_SHARED_DATA names it when the checkout is elsewhere
DATA = Path(
    os.environ.get("PARLEY_SHARED_DATA")
    or Path(__file__).resolve().parents[3].parent / "shared" / "data"
)
OFAC = DATA / "ofac"

needs_shared_data = pytest.mark.skipif(
    not OFAC.is_dir(), reason=f"the shared OFAC snapshots are not present at {OFAC}"
)

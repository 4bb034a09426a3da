"""Where the shared data live (read in place, never copied into the repository)."""

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
OFAC = DATA / "ofac"

needs_shared_data = pytest.mark.skipif(
    not OFAC.is_dir(), reason=f"the shared OFAC snapshots are not present at {OFAC}"
)

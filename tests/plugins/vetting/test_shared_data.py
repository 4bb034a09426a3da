"""Tests that read the shared OFAC snapshots fail in CI when the snapshots cannot be found."""

import pytest

from . import shared_data
from .shared_data import needs_shared_data


@pytest.fixture
def no_snapshots(monkeypatch, tmp_path):
    monkeypatch.setattr(shared_data, "OFAC", tmp_path / "no-such-folder")


def test_missing_snapshots_fail_the_test_in_ci(no_snapshots, monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="shared OFAC snapshots are not present"):
        shared_data.shared_ofac()


def test_missing_snapshots_skip_the_test_elsewhere(no_snapshots, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PARLEY_SHARED_DATA"):
        shared_data.shared_ofac()


def test_a_test_marked_needs_shared_data_fails_in_ci(no_snapshots, monkeypatch, request):
    monkeypatch.setenv("CI", "1")
    (fixture,) = needs_shared_data.args
    with pytest.raises(pytest.fail.Exception):
        request.getfixturevalue(fixture)

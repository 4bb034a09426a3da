"""Property-based tests: whatever bytes a list file holds, a reader returns entries or raises
``ListFormatError`` naming the problem, never anything else, and never an entry without a name.
"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.vetting.lists import (
    COLUMNS,
    ListFormatError,
    parse_ftm,
    parse_parley_csv,
    read_eu_xml,
    read_ofac,
    read_un_xml,
)
from plugins.vetting.matching import Screener, Subject

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
cells = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


def outcome(read, data):
    try:
        entries = read(data)
    except ListFormatError as problem:
        assert str(problem)
        return None
    assert all(entry.name.strip() and entry.id for entry in entries)
    return entries


@FUZZ
@given(st.binary(max_size=2000))
def test_parley_csv_any_bytes(data):
    outcome(parse_parley_csv, data)


@FUZZ
@given(st.lists(st.lists(cells, min_size=9, max_size=9), min_size=1, max_size=8))
def test_parley_csv_any_cells(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    entries = outcome(parse_parley_csv, out.getvalue())
    if entries:  # what was read can be screened
        Screener(entries).screen_one(Subject("s", "Min Aung Hlaing", "person"))


@FUZZ
@given(st.binary(max_size=2000))
def test_ftm_any_bytes(data):
    outcome(parse_ftm, data)


@FUZZ
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "schema", "properties", "x"]),
            st.one_of(cells, st.none(), st.integers(), st.dictionaries(cells, st.lists(cells))),
        ),
        max_size=5,
    )
)
def test_ftm_any_json_objects(objects):
    import json

    outcome(parse_ftm, "\n".join(json.dumps(o) for o in objects))


@FUZZ
@given(st.binary(max_size=2000))
def test_eu_and_un_xml_any_bytes(data):
    outcome(read_eu_xml, data)
    outcome(read_un_xml, data)


@FUZZ
@given(st.binary(max_size=2000))
def test_ofac_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("ofac") / "sdn.csv"
    path.write_bytes(data)
    outcome(read_ofac, path)

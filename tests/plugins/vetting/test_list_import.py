"""Lists kept in Parley: each import is a new version, all or nothing, with its history."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent
from plugins.vetting.models import VettingEntry, VettingListVersion
from plugins.vetting.store import as_list_entry, current_entries

from .shared_data import OFAC, needs_shared_data

HEADER = "id,kind,name,aliases,country,birth_date,position,reason,source\n"
FIRST = (
    HEADER
    + 'mah,person,"HLAING, Min Aung",Senior General Min Aung Hlaing,'
    + "MM,1956-07-03,,Coup leader,OFAC\n"
    + 'sw,person,"WIN, Soe",,MM,,,,OFAC\n'
    + "sac,organisation,State Administration Council,SAC,MM,,,,EU\n"
)
SECOND = (
    HEADER
    + 'mah,person,"HLAING, Min Aung",Senior General Min Aung Hlaing|Snr-Gen Min Aung Hlaing,'
    + "MM,1956-07-03,,Coup leader,OFAC\n"
    + "sac,organisation,State Administration Council,SAC,MM,,,,EU\n"
    + "mec,organisation,Myanmar Economic Corporation,MEC,MM,,,,OFAC\n"
)


def run_import(runner, tmp_path, content: str, name="first.csv"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return runner.invoke(args=["vetting", "import", "parley-csv", str(path), "--list", "Junta"])


def test_an_import_becomes_a_version_and_the_next_records_what_changed(app, runner, tmp_path):
    first = run_import(runner, tmp_path, FIRST)
    assert first.exit_code == 0, first.output
    assert "Junta: version 1, 3 entries (3 added, 0 removed, 0 changed)" in first.output
    second = run_import(runner, tmp_path, SECOND, "second.csv")
    assert "version 2, 3 entries (1 added, 1 removed, 1 changed)" in second.output
    with app.app_context():
        from plugins.vetting.models import VettingList

        junta = db_session().scalar(sa.select(VettingList))
        now = {e.external_id: as_list_entry(e) for e in current_entries(junta)}
        assert set(now) == {"mah", "sac", "mec"}
        assert len(now["mah"].aliases) == 2
        # the first version's content is kept, closed by the second
        history = (
            db_session()
            .scalars(sa.select(VettingEntry).where(VettingEntry.external_id.in_(["mah", "sw"])))
            .all()
        )
        assert len(history) == 3 and sum(e.removed_in is None for e in history) == 1
        assert (
            db_session().scalar(
                sa.select(sa.func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "vetting.list_imported")
            )
            == 2
        )


def test_a_bad_file_imports_nothing_and_names_the_line(app, runner, tmp_path):
    run_import(runner, tmp_path, FIRST)
    bad = run_import(runner, tmp_path, FIRST + "x,robot,Nobody,,,,,,\n", "bad.csv")
    assert bad.exit_code == 1
    assert "Nothing was imported" in bad.output and "line 5" in bad.output
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count()).select_from(VettingListVersion)) == 1


def test_an_empty_list_is_refused(app, runner, tmp_path):
    result = run_import(runner, tmp_path, HEADER)
    assert result.exit_code == 1 and "empty" in result.output
    with app.app_context():
        assert db_session().scalar(sa.select(VettingListVersion)) is None


@needs_shared_data
def test_the_2024_ofac_snapshot_imports_whole(app, runner):
    result = runner.invoke(
        args=[
            "vetting",
            "import",
            "ofac",
            str(OFAC / "ofac_sdn_2024-05-03.csv"),
            "--list",
            "OFAC SDN",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "version 1, 13738 entries (13738 added" in result.output

"""The canary in the vetting plugin's records: a finding about the anonymous canary, reviewed."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from core.models import Role
from plugins.vetting.gate import check, record
from plugins.vetting.lists import parse_parley_csv
from plugins.vetting.models import VettingEntry, VettingFinding, VettingList
from plugins.vetting.rescreen import rescreen
from plugins.vetting.review import apply_decision
from plugins.vetting.store import import_version
from tests import factories

LIST = (
    "id,kind,name,aliases,country,birth_date,position,reason,source\n"
    "canary-1,person,Zawgyi Canary Htun,,,,,a test entry named like the canary,tests\n"
)


def populate(dialogue, canary, viewers) -> dict:
    import_version(
        list_name="Test non-engagement list",
        entries=parse_parley_csv(LIST),
        source_format="parley-csv",
        source_name="canary.csv",
        actor=None,
    )
    record(check(canary), lambda _subject: {dialogue.id})
    finding = db_session().scalar(sa.select(VettingFinding))
    reviewer = factories.user(Role.ORGANISER)
    apply_decision(finding, "confirm", "the canary is the listed canary", reviewer)
    db_session().flush()
    return {
        "list_id": db_session().scalar(sa.select(VettingList.id)),
        "entry_id": db_session().scalar(sa.select(VettingEntry.id)),
        "number": 1,
        "finding_id": finding.id,
        "screening_id": rescreen(trigger="canary", actor=None).screening.id,
    }

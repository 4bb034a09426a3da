"""The minutes plugin's part of ``parley demo`` (``outcomes.toml``): published outcome records
of the 2022 and 2023 CSO forums and of the 7th ASEAN Human Rights Dialogue, with their
recommendations and follow-up. A dialogue that already has a record is left as it is, so that
running the command again creates nothing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from core.plugin_api import Dialogue, db_session
from plugins.minutes.composition import snapshot
from plugins.minutes.drafting import RECORD_TITLE, find_record, record_for
from plugins.minutes.models import (
    RECORD_KEY,
    FollowUp,
    MinutesDocument,
    MinutesRevision,
    Recommendation,
    ResponseStatus,
    Source,
)
from plugins.minutes.publication import write_version

DATA = Path(__file__).with_name("outcomes.toml")


def _one(model, **where: Any):
    return db_session().scalar(sa.select(model).filter_by(**where))


def load() -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for item in data["records"]:
        dialogue = _one(Dialogue, slug=item["dialogue"])
        if dialogue is not None and find_record(dialogue) is None:
            _add_record(dialogue, item)


def _add_record(dialogue: Dialogue, item: dict[str, Any]) -> None:
    session = db_session()
    record = record_for(dialogue)
    body = item["text"].strip() + "\n"
    document = MinutesDocument(
        record_id=record.id, key=RECORD_KEY, title=RECORD_TITLE, body=body, revision=1
    )
    session.add(document)
    session.flush()
    session.add(MinutesRevision(document_id=document.id, number=1, body=body))
    for number, rec in enumerate(item.get("recommendations", []), start=1):
        restates = None
        if "restates" in rec:
            earlier = _one(Dialogue, slug=rec["restates"]["dialogue"])
            restates = _one(
                Recommendation, dialogue_id=earlier.id, number=rec["restates"]["number"]
            )
        recommendation = Recommendation(
            dialogue_id=dialogue.id,
            number=number,
            text=rec["text"],
            addressee=rec["addressee"],
            thematic_area=rec.get("thematic_area", ""),
            source=Source(rec["source"]),
            source_detail=rec.get("source_detail", ""),
            coalition=rec.get("coalition", ""),
            restates_id=restates.id if restates else None,
            first_dialogue_id=(restates.first_dialogue_id if restates else dialogue.id),
            due_on=rec["due_on"],
        )
        recommendation.follow_ups = [
            FollowUp(
                responded_on=f["responded_on"],
                status=ResponseStatus(f["status"]),
                summary=f["summary"],
                evidence=f["evidence"],
            )
            for f in rec.get("follow_ups", [])
        ]
        session.add(recommendation)
    record.draft_revision = 1
    session.flush()
    version = write_version(
        dialogue,
        record,
        snapshot(dialogue, record),
        published_by=None,
        changes="First publication",
        after=None,
    )
    version.published_at = item["published"]
    session.flush()

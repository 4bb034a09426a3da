"""Saving the draft: every save a revision, two editors never overwrite each other.

A save says which revision of the document its author started from. If someone else saved
in between, nothing is written and ``ChangedMeanwhile`` carries both texts, so the page can
show the difference and keep what the author typed. Every change to any part of the draft
(a document or a recommendation) moves the record's ``draft_revision`` on, which leaves every
approval given so far behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.plugin_api import Dialogue, User, db_session, utcnow
from plugins.minutes.markdown import not_shown, plain_newlines
from plugins.minutes.models import RECORD_KEY, MinutesDocument, MinutesRecord, MinutesRevision

RECORD_TITLE = "Outcome of the dialogue"


class ChangedMeanwhile(Exception):
    """Someone saved the document after the author opened it."""

    def __init__(self, current: str, current_revision: int, base: str) -> None:
        super().__init__("The text was changed meanwhile")
        self.current = current
        self.current_revision = current_revision
        self.base = base


@dataclass(frozen=True)
class Saved:
    revision: int
    # what of the text, kept as written, the pages will not show (``markdown.not_shown``)
    not_shown: list[str]


def document_key(session_id: int | None) -> str:
    return RECORD_KEY if session_id is None else f"session-{session_id}"


def find_record(dialogue: Dialogue) -> MinutesRecord | None:
    return db_session().scalar(
        sa.select(MinutesRecord).where(MinutesRecord.dialogue_id == dialogue.id)
    )


def record_for(dialogue: Dialogue) -> MinutesRecord:
    """The dialogue's record, made on first use (not committed). Two first saves at once both
    get the one record: the second insert is ignored (the unique dialogue id), and waits for
    the first to commit on PostgreSQL, so nothing fails and nothing is lost."""
    record = find_record(dialogue)
    if record is None:
        session = db_session()
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(MinutesRecord)
            .values(dialogue_id=dialogue.id, draft_revision=0, updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=["dialogue_id"])
        )
        record = session.scalars(
            sa.select(MinutesRecord)
            .where(MinutesRecord.dialogue_id == dialogue.id)
            .execution_options(populate_existing=True)
        ).one()
    return record


def lock(record: MinutesRecord) -> int:
    """Hold the record until the transaction ends (PostgreSQL: its row; SQLite: the database)
    and return its draft revision as it stands now."""
    db_session().execute(
        sa.update(MinutesRecord)
        .where(MinutesRecord.id == record.id)
        .values(draft_revision=MinutesRecord.draft_revision)
        .execution_options(synchronize_session=False)
    )
    db_session().refresh(record)
    return record.draft_revision


def touch(record: MinutesRecord) -> None:
    """Move the draft on: the approvals given so far no longer count."""
    db_session().execute(
        sa.update(MinutesRecord)
        .where(MinutesRecord.id == record.id)
        .values(draft_revision=MinutesRecord.draft_revision + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db_session().refresh(record)


def find_document(record: MinutesRecord | None, key: str) -> MinutesDocument | None:
    if record is None:
        return None
    return db_session().scalar(
        sa.select(MinutesDocument)
        .where(MinutesDocument.record_id == record.id, MinutesDocument.key == key)
        # fresh from the database: a save decides on what is committed, not on what this
        # session read before
        .execution_options(populate_existing=True)
    )


def revision_body(document: MinutesDocument | None, number: int) -> str:
    if document is None or number == 0:
        return ""
    return (
        db_session().scalar(
            sa.select(MinutesRevision.body).where(
                MinutesRevision.document_id == document.id, MinutesRevision.number == number
            )
        )
        or ""
    )


def save_document(
    dialogue: Dialogue,
    *,
    session_id: int | None,
    title: str,
    body: str,
    base_revision: int,
    author: User,
) -> Saved:
    """Save ``body`` as the next revision and commit; ``ChangedMeanwhile`` (nothing saved)
    when the document is no longer at ``base_revision``."""
    session = db_session()
    body = plain_newlines(body)
    try:
        record = record_for(dialogue)
        lock(record)
        key = document_key(session_id)
        document = find_document(record, key)
        if document is None:
            document = MinutesDocument(
                record_id=record.id, key=key, session_id=session_id, title=title, revision=0
            )
            session.add(document)
            session.flush()
        if document.revision != base_revision:
            raise ChangedMeanwhile(
                document.body, document.revision, revision_body(document, base_revision)
            )
        if document.body == body:
            session.rollback()
            return Saved(revision=base_revision, not_shown=not_shown(body))
        number = base_revision + 1
        document.body, document.title, document.revision = body, title, number
        document.updated_at, document.updated_by_id = utcnow(), author.id
        session.add(
            MinutesRevision(
                document_id=document.id, number=number, body=body, saved_by_id=author.id
            )
        )
        touch(record)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return Saved(revision=number, not_shown=not_shown(body))

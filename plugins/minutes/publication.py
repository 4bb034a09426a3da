"""Publishing the outcome record as an immutable, numbered version.

A version is published only when every approver has approved the draft as it stands; the
published text and its SHA-256 are written once and never changed. Changing the record
afterwards means a new draft, new approvals and a new version.
"""

from __future__ import annotations

import difflib
import hashlib

import sqlalchemy as sa

from core import audit
from core.db import db_session
from core.hooks import hooks
from core.models import Dialogue, DialogueStatus, User
from plugins.minutes import approval
from plugins.minutes.attribution import token
from plugins.minutes.composition import compose, snapshot
from plugins.minutes.drafting import lock, record_for
from plugins.minutes.models import MinutesRecord, MinutesVersion, Recommendation


class PublicationRefused(Exception):
    """The record cannot be published as it stands; the message says why, in plain words."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def versions(record: MinutesRecord | None) -> list[MinutesVersion]:
    """The published versions, newest first."""
    if record is None:
        return []
    return list(
        db_session().scalars(
            sa.select(MinutesVersion)
            .where(MinutesVersion.record_id == record.id)
            .order_by(MinutesVersion.number.desc())
        )
    )


def publish(dialogue: Dialogue, user: User, *, seen_revision: int, changes: str) -> MinutesVersion:
    """Publish the draft at ``seen_revision`` as the next version, audited, and commit; then
    tell the plugins. ``PublicationRefused`` or ``approval.DraftMoved`` leave nothing changed."""
    if dialogue.status == DialogueStatus.DRAFT:
        raise PublicationRefused(
            "The dialogue itself is not published yet: publish the dialogue first, then its "
            "outcome record."
        )
    session = db_session()
    try:
        record = record_for(dialogue)
        current = lock(record)
        if current != seen_revision:
            raise approval.DraftMoved(current)
        state = approval.state(dialogue, record)
        if not state.approvers:
            raise PublicationRefused(
                "Nobody can approve this record: name the co-chairs or grant the chair role first."
            )
        missing = state.missing
        if missing:
            names = ", ".join(a.name for a in missing)
            raise PublicationRefused(
                f"Every approver must approve first. Not yet approved by: {names}."
            )
        content = snapshot(dialogue, record)
        if not content["sections"] and not content["recommendations"]:
            raise PublicationRefused("There is nothing to publish yet: the draft is empty.")
        latest = session.scalar(
            sa.select(MinutesVersion)
            .where(MinutesVersion.record_id == record.id)
            .order_by(MinutesVersion.number.desc())
            .limit(1)
        )
        version = write_version(
            dialogue, record, content, published_by=user, changes=changes, after=latest
        )
        if latest is not None and latest.sha256 == version.sha256:
            # the rollback below takes back the version just written
            raise PublicationRefused(
                f"Nothing changed since version {latest.number}: there is nothing new to publish."
            )
        number = version.number
        session.commit()
    except BaseException:
        session.rollback()
        raise
    hooks().outcome_published(dialogue=dialogue, version=number, actor=user)
    return version


def write_version(
    dialogue: Dialogue,
    record: MinutesRecord,
    content: dict,
    *,
    published_by: User | None,
    changes: str,
    after: MinutesVersion | None,
) -> MinutesVersion:
    """Add the version following ``after``, mark the recommendations it first publishes, and
    audit it (not committed)."""
    text = compose(content, token)
    number = (after.number if after else 0) + 1
    version = MinutesVersion(
        record_id=record.id,
        number=number,
        draft_revision=record.draft_revision,
        published_by_id=published_by.id if published_by else None,
        changes=changes,
        text=text,
        sha256=digest(text),
        content=content,
    )
    db_session().add(version)
    db_session().execute(
        sa.update(Recommendation)
        .where(
            Recommendation.dialogue_id == dialogue.id,
            Recommendation.published_version.is_(None),
        )
        .values(published_version=number)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        "minutes.published",
        version,
        dialogue_id=dialogue.id,
        actor_id=published_by.id if published_by else None,
        version=number,
        sha256=version.sha256,
    )
    return version


def diff(old: str, new: str, old_name: str, new_name: str) -> list[tuple[str, str]]:
    """The lines that differ, each with its kind: ``add``, ``del``, ``hunk`` or ``same``."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), old_name, new_name, lineterm="", n=2
    )
    kinds = []
    for line in list(lines)[2:]:
        if line.startswith("@@"):
            kinds.append(("hunk", line))
        elif line.startswith("+"):
            kinds.append(("add", line[1:]))
        elif line.startswith("-"):
            kinds.append(("del", line[1:]))
        else:
            kinds.append(("same", line[1:]))
    return kinds

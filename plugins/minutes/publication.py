"""Publishing the outcome record as an immutable, numbered version.

A version is published only when every approver has approved the draft as it stands; the
published text is written once and never changed. Changing the record afterwards means a new
draft, new approvals and a new version.

Two digests, never to be confused:

* the **public digest** is the SHA-256 of the *public text*: the version as a visitor receives
  it, the UTF-8 bytes of its public Markdown (``/outcome/versions/<n>/public.md``, the same
  for every reader). It is the digest the pages, the exports and the JSON show, so anyone can
  check a copy with ``sha256sum``. It is taken at publication and kept; it is shown while the
  public text is still the one published (``public_state``);
* the **keyed digest** of the stored text, whose mentions are participation ids (``@[42]``), is
  an HMAC under a key derived from the instance's secret, and is shown nowhere: a plain digest
  of that text would let anyone try the small sequential ids until it matched, and learn who
  said what under the Chatham House Rule.
"""

from __future__ import annotations

import difflib
import hashlib
import hmac
from dataclasses import dataclass

import sqlalchemy as sa

from core.plugin_api import (
    Dialogue,
    DialogueStatus,
    User,
    Viewer,
    db_session,
    hooks,
    keyed_digest,
    record_audit,
)
from plugins.minutes import approval
from plugins.minutes.attribution import token
from plugins.minutes.composition import compose, snapshot
from plugins.minutes.drafting import lock, record_for
from plugins.minutes.models import MinutesRecord, MinutesVersion, Recommendation
from plugins.minutes.reading import read

TEXT_MAC_PURPOSE = "minutes version text"


class PublicationRefused(Exception):
    """The record cannot be published as it stands; the message says why, in plain words."""


def public_digest(text: str) -> str:
    """SHA-256 of ``text`` as it is served: its UTF-8 bytes, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_mac(text: str) -> str:
    """The keyed digest of a stored text (mentions as ids): for this instance only."""
    return keyed_digest(TEXT_MAC_PURPOSE, text)


def public_text(dialogue: Dialogue, content: dict) -> str:
    """The version as the public receives it: its Markdown as a visitor reads it, which the
    visitor's ``/outcome.md`` and everyone's ``/outcome/versions/<n>/public.md`` serve."""
    return read(dialogue, content, Viewer.anonymous(dialogue.id)).markdown


@dataclass(frozen=True)
class PublicState:
    """A version's public text as served now, its digest, and whether it is still the text
    published (it changes when what the public may see of someone in it changes: their
    visibility, an erasure, a session put under the Chatham House Rule)."""

    text: str
    sha256: str
    unchanged: bool


def public_state(dialogue: Dialogue, version: MinutesVersion) -> PublicState:
    """``version``'s public text now. A version published before digests of the public text
    were kept gets both of its digests now, on first read (and committed)."""
    text = public_text(dialogue, version.content)
    digest = public_digest(text)
    if version.public_sha256 is None or version.text_hmac is None:
        _settle(version, digest)
    return PublicState(text=text, sha256=digest, unchanged=digest == version.public_sha256)


def _settle(version: MinutesVersion, digest: str) -> None:
    """Fill the digests of a version published before they were kept, once, whoever reads it
    first on whichever host (an update of empty columns only)."""
    table = MinutesVersion.__table__
    session = db_session()
    for column, value in (("public_sha256", digest), ("text_hmac", text_mac(version.text))):
        session.execute(
            sa.update(table)
            .where(table.c.id == version.id, table.c[column].is_(None))
            .values({column: value})
        )
    session.commit()
    session.refresh(version)


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
        if latest is not None and hmac.compare_digest(text_mac(latest.text), version.text_hmac):
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
        text_hmac=text_mac(text),
        public_sha256=public_digest(public_text(dialogue, content)),
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
    record_audit(
        "minutes.published",
        version,
        dialogue_id=dialogue.id,
        actor_id=published_by.id if published_by else None,
        version=number,
        public_sha256=version.public_sha256,
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

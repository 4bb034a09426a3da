"""Screening the people and organisations Parley holds against the active lists.

The matcher's index of a list takes a moment to build, so each process keeps the screeners of
the lists' latest versions and asks the database, on every use, which versions are latest: a
new import or a hand edit (each a new version) is used at once, by every process.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.plugin_api import Organisation, Person, db_session
from plugins.vetting.matching import Finding as Match
from plugins.vetting.matching import Screener, Subject, Thresholds, fold
from plugins.vetting.models import VettingEntry, VettingList, VettingListVersion
from plugins.vetting.store import as_list_entry, lists_with_latest_version


@dataclass(frozen=True)
class ListScreener:
    list_id: int
    list_name: str
    version: int
    screener: Screener
    rows: dict[str, int]  # the entry's id in the list -> its row (the entry as it is now)


@dataclass(frozen=True)
class SubjectMatch:
    """A subject that looks like a list entry."""

    subject_kind: str
    subject_id: int | None
    subject_name: str
    list_id: int
    list_name: str
    entry_id: int
    match: Match


# (versions, thresholds) and the screeners built for them, replaced whole (threads may read it)
_latest: tuple[tuple, list[ListScreener]] | None = None


def latest_versions_query() -> sa.Select:
    """(list id, list name, version number, version id) of every active list with a version,
    unordered (a part of a larger query may ask for them too: ``gate.check_subjects``)."""
    return (
        lists_with_latest_version(active_only=True)
        .with_only_columns(
            VettingList.id.label("list_id"),
            VettingList.name.label("list_name"),
            VettingListVersion.number.label("version_number"),
            VettingListVersion.id.label("version_id"),
        )
        .order_by(None)
    )


def latest_versions() -> list[tuple[int, str, int, int]]:
    """(list id, list name, version number, version id) of every active list with a version."""
    rows = db_session().execute(latest_versions_query().order_by(VettingList.name))
    return [tuple(row) for row in rows]


def screeners(
    thresholds: Thresholds, versions: list[tuple[int, str, int, int]] | None = None
) -> list[ListScreener]:
    """The screeners of the active lists as they stand now (their ``versions`` when the caller
    has read them already)."""
    global _latest
    versions = latest_versions() if versions is None else versions
    key = (tuple(versions), thresholds)
    latest = _latest
    if latest is None or latest[0] != key:
        latest = (key, [_build(*version[:3], thresholds) for version in versions])
        _latest = latest
    return latest[1]


def forget() -> None:
    """Drop the screeners kept in this process (the next screening builds them again)."""
    global _latest
    _latest = None


def _build(list_id: int, list_name: str, number: int, thresholds: Thresholds) -> ListScreener:
    rows = (
        db_session()
        .scalars(
            sa.select(VettingEntry).where(
                VettingEntry.list_id == list_id, VettingEntry.removed_in.is_(None)
            )
        )
        .all()
    )
    return ListScreener(
        list_id,
        list_name,
        number,
        Screener([as_list_entry(row) for row in rows], thresholds),
        {row.external_id: row.id for row in rows},
    )


def subject_key(name: str) -> str:
    """The name as the matcher reads it (hidden characters, look-alike letters, case and
    spacing folded away): what a reviewer's decision is bound to."""
    return " ".join(fold(name).split())[:500]


def person_subjects(person: Person) -> list[Subject]:
    """A person as the matcher sees them: the name, and the name in its own script if known."""
    names = [person.name, person.name_original_script]
    return [
        Subject(str(person.id), name, "person", country=person.nationality or "")
        for name in names
        if name and name.strip()
    ]


def organisation_subjects(organisation: Organisation) -> list[Subject]:
    return [Subject(str(organisation.id), organisation.name, "organisation", organisation.country)]


def screen(
    subjects: list[tuple[str, int | None, list[Subject]]],
    thresholds: Thresholds,
    lists: list[ListScreener] | None = None,
) -> list[SubjectMatch]:
    """Screen (kind, id, names) subjects against every active list (or ``lists``): the best
    match per subject and entry."""
    found: dict[tuple, SubjectMatch] = {}
    for listed in screeners(thresholds) if lists is None else lists:
        for kind, subject_id, names in subjects:
            for subject in names:
                for match in listed.screener.screen_one(subject):
                    key = (kind, subject_id, listed.list_id, match.entry.id)
                    if key in found and found[key].match.score >= match.score:
                        continue
                    found[key] = SubjectMatch(
                        kind,
                        subject_id,
                        subject.name,
                        listed.list_id,
                        listed.list_name,
                        listed.rows[match.entry.id],
                        match,
                    )
    return sorted(found.values(), key=lambda m: -m.match.score)

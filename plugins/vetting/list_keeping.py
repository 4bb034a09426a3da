"""Keeping the non-engagement lists: what the list pages read, and each change they make.

A change of a list's entries goes through ``store`` (a new version, all or nothing); this
module creates and switches lists, reads them in pages, and screens everyone again after a
change. Each function that changes something commits, or rolls back what it began.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from core.plugin_api import User, db_session, record_audit
from plugins.vetting.import_cli import read_list
from plugins.vetting.lists import ListEntry, ListFormatError
from plugins.vetting.models import (
    VettingEntry,
    VettingList,
    VettingListVersion,
    VettingScreening,
)
from plugins.vetting.rescreen import RescreenReport, rescreen
from plugins.vetting.store import (
    ImportReport,
    edit_entries,
    import_version,
    lists_with_latest_version,
)

log = logging.getLogger("parley.vetting")
RECENT_SCREENINGS = 10


@dataclass(frozen=True)
class VersionChanges:
    """What one version of a list did: entries added, changed (closed and opened again under
    the same identifier) and removed."""

    version: VettingListVersion
    added: list[VettingEntry]
    changed: list[VettingEntry]
    removed: list[VettingEntry]


def get_list(list_id: int) -> VettingList | None:
    return db_session().get(VettingList, list_id)


def lists_overview() -> tuple[list, list[VettingScreening]]:
    """Every list with its newest version, and the latest screenings of everyone."""
    session = db_session()
    screenings = session.scalars(
        sa.select(VettingScreening).order_by(VettingScreening.id.desc()).limit(RECENT_SCREENINGS)
    ).all()
    rows = session.execute(lists_with_latest_version(active_only=False)).all()
    return list(rows), list(screenings)


def create_list(*, name: str, description: str) -> VettingList:
    """A new list, without entries yet, audited and committed; ValueError when the name is
    taken."""
    session = db_session()
    if session.scalar(sa.select(VettingList).where(VettingList.name == name)):
        raise ValueError("A list with this name exists already.")
    created = VettingList(name=name, description=description)
    session.add(created)
    record_audit("vetting.list_created", created, list=created.name)
    session.commit()
    return created


def switch_list(vetting_list: VettingList) -> None:
    """Switch the list off when it is on, on when it is off; audited, committed."""
    vetting_list.active = not vetting_list.active
    record_audit(
        "vetting.list_switched", vetting_list, list=vetting_list.name, active=vetting_list.active
    )
    db_session().commit()


def entries_page(
    vetting_list: VettingList, *, search: str, page: int, size: int
) -> tuple[list[VettingEntry], int]:
    """One page of the list's current entries by name (those whose name holds ``search``, when
    given), and how many there are in all."""
    session = db_session()
    query = sa.select(VettingEntry).where(
        VettingEntry.list_id == vetting_list.id, VettingEntry.removed_in.is_(None)
    )
    if search:
        query = query.where(VettingEntry.name.ilike(f"%{search}%"))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    entries = session.scalars(
        query.order_by(VettingEntry.name).offset((page - 1) * size).limit(size)
    ).all()
    return list(entries), total


def versions_of(vetting_list: VettingList) -> list:
    """``(VettingListVersion, importer's name)`` rows, the newest first."""
    return (
        db_session()
        .execute(
            sa.select(VettingListVersion, User.name)
            .outerjoin(User, User.id == VettingListVersion.imported_by_id)
            .where(VettingListVersion.list_id == vetting_list.id)
            .order_by(VettingListVersion.number.desc())
        )
        .all()
    )


def current_entry(vetting_list: VettingList, entry_id: int) -> VettingEntry | None:
    """The entry, if it is one of the list's current entries (not one a version removed)."""
    row = db_session().get(VettingEntry, entry_id)
    if row is None or row.list_id != vetting_list.id or row.removed_in is not None:
        return None
    return row


def identifier_taken(vetting_list: VettingList, external_id: str) -> bool:
    """Whether a current entry of the list holds ``external_id`` already."""
    return bool(
        db_session().scalar(
            sa.select(VettingEntry.id).where(
                VettingEntry.list_id == vetting_list.id,
                VettingEntry.external_id == external_id,
                VettingEntry.removed_in.is_(None),
            )
        )
    )


def put_entry(vetting_list: VettingList, entry: ListEntry, *, actor: User) -> ImportReport:
    """Add or replace one entry: a new version of the list."""
    return edit_entries(vetting_list, put=entry, actor=actor)


def remove_entry(vetting_list: VettingList, external_id: str, *, actor: User) -> ImportReport:
    """Remove one entry: a new version of the list. ValueError, nothing changed, when it is the
    list's last entry."""
    try:
        return edit_entries(vetting_list, remove=external_id, actor=actor)
    except ValueError:
        db_session().rollback()
        raise


def import_file(
    vetting_list: VettingList, *, source_format: str, path: Path, actor: User
) -> ImportReport:
    """Make the entries of the file at ``path`` the list's new version, all or nothing;
    ListFormatError or ValueError, nothing changed, when the file cannot be one."""
    try:
        return import_version(
            list_name=vetting_list.name,
            entries=read_list(source_format, (path,)),
            source_format=source_format,
            source_name=path.name,
            actor=actor,
        )
    except (ListFormatError, ValueError):
        db_session().rollback()
        raise


def rescreen_after_change(
    vetting_list: VettingList, report: ImportReport, *, actor: User
) -> RescreenReport | None:
    """Screen everyone again against the list's new version; None when that failed.

    The change is committed before: a screening that fails is rolled back and logged, and can be
    run again, while each invitation, registration and accreditation is screened against the new
    version anyway.
    """
    try:
        return rescreen(trigger=f"{vetting_list.name}, version {report.version}", actor=actor)
    except Exception:
        db_session().rollback()
        log.exception("screening everyone again failed")
        return None


def version_changes(vetting_list: VettingList, number: int) -> VersionChanges | None:
    """What version ``number`` of the list changed; None when the list has no such version."""
    session = db_session()
    found = session.scalar(
        sa.select(VettingListVersion).where(
            VettingListVersion.list_id == vetting_list.id, VettingListVersion.number == number
        )
    )
    if found is None:
        return None
    opened = session.scalars(
        sa.select(VettingEntry).where(VettingEntry.added_in == found.id).order_by(VettingEntry.name)
    ).all()
    closed = session.scalars(
        sa.select(VettingEntry)
        .where(VettingEntry.removed_in == found.id)
        .order_by(VettingEntry.name)
    ).all()
    reopened = {row.external_id for row in opened} & {row.external_id for row in closed}
    return VersionChanges(
        version=found,
        added=[r for r in opened if r.external_id not in reopened],
        changed=[r for r in opened if r.external_id in reopened],
        removed=[r for r in closed if r.external_id not in reopened],
    )

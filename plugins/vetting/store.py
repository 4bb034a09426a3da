"""Importing a new version of a list: all or nothing, with what was added, removed, changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from core.plugin_api import User, db_session, record_audit
from plugins.vetting.lists import Alias, ListEntry
from plugins.vetting.models import VettingEntry, VettingList, VettingListVersion


def _data(entry: ListEntry) -> dict[str, Any]:
    return {
        "aliases": [[a.name, a.weak] for a in entry.aliases],
        "birth_dates": list(entry.birth_dates),
        "countries": list(entry.countries),
        "position": entry.position,
        "programmes": list(entry.programmes),
        "reason": entry.reason,
        "source": entry.source,
    }


def as_list_entry(row: VettingEntry) -> ListEntry:
    data = row.data
    return ListEntry(
        id=row.external_id,
        kind=row.kind,
        name=row.name,
        aliases=tuple(Alias(name, weak) for name, weak in data.get("aliases", [])),
        birth_dates=tuple(data.get("birth_dates", [])),
        countries=tuple(data.get("countries", [])),
        position=data.get("position", ""),
        programmes=tuple(data.get("programmes", [])),
        reason=data.get("reason", ""),
        source=data.get("source", ""),
    )


@dataclass(frozen=True)
class ImportReport:
    list_name: str
    version: int
    entries: int
    added: int
    removed: int
    changed: int


def current_entries(vetting_list: VettingList) -> list[VettingEntry]:
    return (
        db_session()
        .scalars(
            sa.select(VettingEntry).where(
                VettingEntry.list_id == vetting_list.id, VettingEntry.removed_in.is_(None)
            )
        )
        .all()
    )


def import_version(
    *,
    list_name: str,
    entries: Iterable[ListEntry],
    source_format: str,
    source_name: str,
    actor: User | None,
    progress: Callable[[int], None] = lambda _n: None,
) -> ImportReport:
    """Make ``entries`` the list's new version, in one transaction. Refuses an empty list."""
    entries = list(entries)
    if not entries:
        raise ValueError("The list is empty: nothing was imported.")
    session = db_session()
    vetting_list = session.scalar(sa.select(VettingList).where(VettingList.name == list_name))
    if vetting_list is None:
        vetting_list = VettingList(name=list_name)
        session.add(vetting_list)
        session.flush()
    previous = session.scalar(
        sa.select(sa.func.max(VettingListVersion.number)).where(
            VettingListVersion.list_id == vetting_list.id
        )
    )
    version = VettingListVersion(
        list_id=vetting_list.id,
        number=(previous or 0) + 1,
        imported_by_id=actor.id if actor else None,
        source_format=source_format,
        source_name=source_name[:500],
        entries=len(entries),
    )
    session.add(version)
    session.flush()
    existing = {row.external_id: row for row in current_entries(vetting_list)}
    incoming = {entry.id: entry for entry in entries}
    for done, entry in enumerate(entries, start=1):
        row = existing.get(entry.id)
        content = (entry.kind, entry.name, _data(entry))
        if row is not None and (row.kind, row.name, row.data) == content:
            continue
        if row is not None:
            row.removed_in = version.id
            version.changed += 1
        else:
            version.added += 1
        session.add(
            VettingEntry(
                list_id=vetting_list.id,
                external_id=entry.id,
                kind=entry.kind,
                name=entry.name,
                data=content[2],
                added_in=version.id,
            )
        )
        if done % 500 == 0:
            progress(500)
    for external_id, row in existing.items():
        if external_id not in incoming:
            row.removed_in = version.id
            version.removed += 1
    record_audit(
        "vetting.list_imported",
        version,
        actor_id=actor.id if actor else None,
        list=list_name,
        version=version.number,
        added=version.added,
        removed=version.removed,
        changed=version.changed,
    )
    session.commit()
    progress(len(entries) % 500)
    return ImportReport(
        list_name, version.number, len(entries), version.added, version.removed, version.changed
    )


def latest_version(vetting_list: VettingList) -> VettingListVersion | None:
    return db_session().scalar(
        sa.select(VettingListVersion)
        .where(VettingListVersion.list_id == vetting_list.id)
        .order_by(VettingListVersion.number.desc())
        .limit(1)
    )


def edit_entries(
    vetting_list: VettingList,
    *,
    put: ListEntry | None = None,
    remove: str | None = None,
    actor: User | None,
) -> ImportReport:
    """A hand edit: add or replace the entry ``put``, or remove the entry with id ``remove``.

    Each edit is a new version of the list, like an import, so that its history is kept and
    every screening knows the list changed.
    """
    entries = {row.external_id: as_list_entry(row) for row in current_entries(vetting_list)}
    if put is not None:
        entries[put.id] = put
    if remove is not None:
        entries.pop(remove, None)
    if not entries:
        raise ValueError(
            "A list cannot be left empty: switch it off instead, so that nobody is screened "
            "against it."
        )
    return import_version(
        list_name=vetting_list.name,
        entries=entries.values(),
        source_format="edit",
        source_name="edited by hand",
        actor=actor,
    )


def lists_with_latest_version(*, active_only: bool) -> sa.Select:
    """``(VettingList, VettingListVersion)`` rows: each list with its newest version, by name.

    With ``active_only`` the lists screened against, those with a version; otherwise every list,
    the version None where there is none yet.
    """
    newest = (
        sa.select(VettingListVersion.list_id, sa.func.max(VettingListVersion.number).label("n"))
        .group_by(VettingListVersion.list_id)
        .subquery()
    )
    query = (
        sa.select(VettingList, VettingListVersion)
        .outerjoin(newest, newest.c.list_id == VettingList.id)
        .outerjoin(
            VettingListVersion,
            (VettingListVersion.list_id == VettingList.id)
            & (VettingListVersion.number == newest.c.n),
        )
        .order_by(VettingList.name)
    )
    if active_only:
        query = query.where(VettingList.active, VettingListVersion.id.is_not(None))
    return query

"""Serialised VEVENTs kept in the database by the hash of their inputs (see ``EventCache``).

Reading is one query for a whole feed; what is missing is serialised with icalendar and added,
and two workers adding the same entry at once both succeed (the second insert is ignored).
Entries are content-addressed, so none is ever wrong; old ones are removed when a programme is
released, and all of them when a person is erased (an entry may hold their name).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.plugin_api import db_session, utcnow
from plugins.sessions.models import EventCache
from plugins.sessions.sql import among

KEEP = timedelta(days=30)


def key(*parts: str) -> str:
    """A hash of ``parts``, each JSON (or free of the separator)."""
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def bodies(wanted: list[tuple[str, Callable[[], bytes]]]) -> list[bytes]:
    """The body of each ``(key, build)``, in order; ``build`` serialises a missing one."""
    session = db_session()
    keys = sorted({k for k, _build in wanted})
    query = sa.select(EventCache.key, EventCache.body).where(
        among(EventCache.key, keys, sa.String())
    )
    found: dict[str, bytes] = dict(session.connection().execute(query).all()) if keys else {}
    missing = {k: build() for k, build in wanted if k not in found}
    if missing:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        now = utcnow()
        rows = [{"key": k, "body": body, "created_at": now} for k, body in missing.items()]
        session.execute(dialect.insert(EventCache).values(rows).on_conflict_do_nothing())
        session.commit()
        found.update(missing)
    return [found[k] for k, _build in wanted]


def forget_old() -> None:
    """Remove entries made long ago (not committed); any still in use is made again."""
    db_session().execute(sa.delete(EventCache).where(EventCache.created_at < utcnow() - KEEP))


def forget_all() -> None:
    db_session().execute(sa.delete(EventCache))

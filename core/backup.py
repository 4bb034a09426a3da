"""A whole Parley instance as one versioned JSON document, and back (``parley export/import``).

Every table in the database is written, the core's and every plugin's, disabled plugins
included: the tables are read from the database itself, so a plugin needs nothing to be backed
up. Values are typed by the application's models where it has them (times come out in UTC on
both databases) and by the database's own description otherwise, so a backup taken on SQLite
restores into PostgreSQL and back.

A restore goes into an empty database migrated to the same revisions, in one transaction: it
is complete or nothing is written.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import metadata
from typing import IO, Any

import sqlalchemy as sa

from core.db import Base

FORMAT = "parley-backup"
FORMAT_VERSION = 1
SKIPPED = {"alembic_version"}


class RestoreRefused(Exception):
    """The backup cannot be restored here; the message says why."""


def _tables(connection: sa.Connection) -> list[sa.Table]:
    """Every table of the database in an order that satisfies foreign keys, typed by the
    models where the application has them."""
    reflected = sa.MetaData()
    reflected.reflect(connection)
    known = Base.metadata.tables
    return [
        known.get(table.name, table)
        for table in reflected.sorted_tables
        if table.name not in SKIPPED
    ]


def _version() -> str:
    try:
        return metadata.version("parley")
    except metadata.PackageNotFoundError:
        return "unknown"


def _heads(connection: sa.Connection) -> list[str]:
    return sorted(connection.scalars(sa.text("SELECT version_num FROM alembic_version")))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # naive times in Parley's tables are UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(column: sa.Column):
    kind = column.type
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl_instance
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return lambda value: value
    if python_type is datetime:
        return lambda value: None if value is None else datetime.fromisoformat(value)
    if python_type is date:
        return lambda value: None if value is None else date.fromisoformat(value)
    if python_type is bytes:
        return lambda value: None if value is None else base64.b64decode(value)
    if python_type is Decimal:
        return lambda value: None if value is None else Decimal(value)
    return lambda value: value


def _primary_order(table: sa.Table) -> list[sa.Column]:
    return list(table.primary_key.columns) or list(table.columns)


def rows_of(connection: sa.Connection, table: sa.Table) -> list[list[Any]]:
    """A table's rows as JSON-ready lists, in primary-key order."""
    result = connection.execute(sa.select(*table.columns).order_by(*_primary_order(table)))
    return [[_encode(value) for value in row] for row in result]


def export_instance(connection: sa.Connection, out: IO[str]) -> dict[str, int]:
    """Write the backup to ``out``; return the number of rows of each table."""
    tables = _tables(connection)
    counts: dict[str, int] = {}
    out.write(
        json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "parley_version": _version(),
                "created_at": datetime.now(UTC).isoformat(),
                "revisions": _heads(connection),
            }
        )[:-1]
    )
    out.write(', "tables": {')
    for n, table in enumerate(tables):
        rows = rows_of(connection, table)
        counts[table.name] = len(rows)
        out.write(", " if n else "")
        out.write(json.dumps(table.name) + ": ")
        json.dump({"columns": [c.name for c in table.columns], "rows": rows}, out)
    out.write("}}\n")
    return counts


def import_instance(connection: sa.Connection, data: dict[str, Any]) -> dict[str, int]:
    """Restore ``data`` into the connection's empty database, in the caller's transaction."""
    if data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise RestoreRefused("This file is not a Parley backup.")
    if data.get("format_version") != FORMAT_VERSION:
        raise RestoreRefused(
            f"This backup has format version {data.get('format_version')}; this Parley reads "
            f"version {FORMAT_VERSION}."
        )
    heads = _heads(connection)
    if sorted(data.get("revisions", [])) != heads:
        raise RestoreRefused(
            "The backup was taken at database revisions "
            f"{', '.join(sorted(data.get('revisions', [])))}, this database is at "
            f"{', '.join(heads) or 'none'}: bring both to the same version of Parley first."
        )
    tables = _tables(connection)
    names = {table.name for table in tables}
    unknown = sorted(set(data["tables"]) - names)
    if unknown:
        raise RestoreRefused(f"This database has no table {', '.join(unknown)}.")
    for table in tables:
        if connection.scalar(sa.select(sa.func.count()).select_from(table)):
            raise RestoreRefused(
                f"The database is not empty (table {table.name} has rows): restore into a new "
                "database, migrated with parley db upgrade."
            )
    counts = {}
    for table in tables:
        part = data["tables"].get(table.name) or {"columns": [], "rows": []}
        try:
            counts[table.name] = _insert(connection, table, part["columns"], part["rows"])
        except (sa.exc.StatementError, KeyError, TypeError, ValueError) as exc:
            problem = getattr(exc, "orig", None) or exc
            raise RestoreRefused(
                f"Table {table.name} cannot be restored ({type(problem).__name__}: "
                f"{str(problem).splitlines()[0][:300]})."
            ) from exc
    if connection.dialect.name == "postgresql":
        _advance_sequences(connection, tables)
    return counts


def _insert(connection, table: sa.Table, columns: list[str], rows: list[list[Any]]) -> int:
    missing = [name for name in columns if name not in table.columns]
    if missing:
        raise RestoreRefused(f"Table {table.name} has no column {', '.join(missing)}.")
    if not rows:
        return 0
    decoders = [_decoder(table.columns[name]) for name in columns]
    records = [
        {name: decode(value) for name, decode, value in zip(columns, decoders, row, strict=True)}
        for row in rows
    ]
    # a row may point at a later row of its own table: those links are set once all are in
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]
    later = [{name: record.pop(name, None) for name in own} for record in records] if own else []
    connection.execute(sa.insert(table), records)
    if own:
        keys = _primary_order(table)
        # columns the models stamp on every update (updated_at) keep their restored value
        stamped = [c.name for c in table.columns if c.onupdate is not None and c.name in columns]
        for record, links in zip(records, later, strict=True):
            if any(value is not None for value in links.values()):
                where = [key == record[key.name] for key in keys]
                kept = {name: record[name] for name in stamped}
                connection.execute(sa.update(table).where(*where).values(**links, **kept))
    return len(rows)


def _advance_sequences(connection, tables: list[sa.Table]) -> None:
    """PostgreSQL hands out ids from sequences: start them after the restored rows."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
            continue
        sequence = connection.scalar(
            sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": keys[0].name},
        )
        if sequence:
            connection.execute(
                sa.text(
                    f"SELECT setval(:sequence, COALESCE((SELECT max({keys[0].name}) "
                    f'FROM "{table.name}"), 0) + 1, false)'
                ),
                {"sequence": sequence},
            )

"""``parley export`` and ``parley import``: back up a whole instance and restore it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from core.backup import RestoreRefused, export_instance, import_instance
from core.db import get_engine


def _open(path: Path, mode: str):
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")
    return path.open(mode, encoding="utf-8")


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_command(path: Path) -> None:
    """Write every table of this Parley (plugins included) to PATH as JSON (.json.gz to
    compress). The file holds personal data: keep it as safe as the database."""
    engine = get_engine()
    with engine.connect() as connection, connection.begin(), _open(path, "w") as out:
        if connection.dialect.name == "postgresql":  # one consistent picture of every table
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = export_instance(connection, out)
    path.chmod(0o600)
    click.echo(f"{sum(counts.values())} rows of {len(counts)} tables written to {path}.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(path: Path) -> None:
    """Restore a backup written by parley export into this Parley's database, which must be
    empty and migrated (parley db upgrade) to the same revisions. All or nothing."""
    try:
        with _open(path, "r") as source:
            data = json.load(source)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path.name} cannot be read as a Parley backup: {exc}") from exc
    try:
        with get_engine().begin() as connection:
            counts = import_instance(connection, data)
    except RestoreRefused as refused:
        raise click.ClickException(f"Nothing was restored. {refused}") from refused
    click.echo(f"{sum(counts.values())} rows of {len(counts)} tables restored from {path}.")

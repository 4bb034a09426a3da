"""``parley vetting import``: a new version of a list kept in Parley, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from plugins.vetting.lists import (
    ListFormatError,
    read_eu_xml,
    read_ftm,
    read_ofac,
    read_parley_csv,
    read_un_xml,
)
from plugins.vetting.rescreen import rescreen
from plugins.vetting.store import import_version


def read_list(fmt: str, files: tuple[Path, ...]):
    """The entries of FILE(S) in FORMAT; raises ``ListFormatError`` or ``click.UsageError``."""
    if fmt == "ofac":
        if len(files) > 3:
            raise click.UsageError("ofac takes sdn.csv, then optionally alt.csv and add.csv.")
        return read_ofac(*files)
    if len(files) != 1:
        raise click.UsageError(f"{fmt} takes one file.")
    reader = {"parley-csv": read_parley_csv, "eu-xml": read_eu_xml, "un-xml": read_un_xml}
    return reader.get(fmt, read_ftm)(files[0])


@click.command("import")
@click.argument(
    "fmt", metavar="FORMAT", type=click.Choice(["parley-csv", "ofac", "eu-xml", "un-xml", "ftm"])
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--list", "list_name", required=True, help="The name of the list in Parley.")
@with_appcontext
def import_command(fmt: str, files: tuple[Path, ...], list_name: str) -> None:
    """Import FILE(S) in FORMAT as the newest version of a list; the previous one is kept."""
    try:
        entries = read_list(fmt, files)
    except ListFormatError as exc:
        raise click.ClickException(f"Nothing was imported. {exc}") from exc
    with click.progressbar(length=len(entries), label="Importing", file=None) as bar:
        try:
            report = import_version(
                list_name=list_name.strip(),
                entries=entries,
                source_format=fmt,
                source_name=", ".join(f.name for f in files),
                actor=None,
                progress=bar.update,
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{report.list_name}: version {report.version}, {report.entries} entries "
        f"({report.added} added, {report.removed} removed, {report.changed} changed)."
    )
    done = rescreen(trigger=f"{report.list_name}, version {report.version}", actor=None)
    click.echo(f"Everyone taking part screened again: {done.summary}.")
    for finding in done.new_findings:
        click.echo(
            f"  {finding.level:6} {finding.score:.2f}  {finding.subject_kind} "
            f"#{finding.subject_id} looks like {finding.entry.name} ({finding.explanation})"
        )

"""``parley vetting``: ``screen`` needs no database; ``import`` keeps a list in Parley."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from .import_cli import import_command
from .lists import ListFormatError, read_parley_csv
from .matching import Thresholds
from .matching.screen import DEFAULT_ALERT, DEFAULT_REVIEW
from .matching.spreadsheet import screen_csv
from .rescreen import rescreen


@click.group("vetting")
def vetting():
    """Screening against non-engagement lists."""


@vetting.command("screen")
@click.option(
    "--list",
    "list_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The non-engagement list, in Parley's list CSV format.",
)
@click.option(
    "--subjects",
    "subjects_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with the columns id,kind,name,organisation,country,birth_date.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the findings (CSV); standard output when absent.",
)
@click.option("--review", default=DEFAULT_REVIEW, show_default=True, type=float)
@click.option("--alert", default=DEFAULT_ALERT, show_default=True, type=float)
def screen_command(list_path, subjects_path, output_path, review, alert):
    """Screen a spreadsheet of people and organisations against a list, without a database.

    Writes one CSV row per finding at or above the review threshold:
    subject_id,entry_id,score,level,matched_name,explanation.
    """
    try:
        thresholds = Thresholds(review, alert)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    try:
        entries = read_parley_csv(list_path)
        with subjects_path.open(encoding="utf-8-sig", newline="") as subjects:
            if output_path is None:
                count = screen_csv(
                    entries, subjects, sys.stdout, thresholds, subjects_source=subjects_path.name
                )
            else:
                with output_path.open("w", encoding="utf-8", newline="") as out:
                    count = screen_csv(
                        entries, subjects, out, thresholds, subjects_source=subjects_path.name
                    )
    except ListFormatError as exc:
        raise click.ClickException(str(exc)) from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{subjects_path.name}: not UTF-8 text") from None
    except OSError as exc:
        raise click.ClickException(f"{exc.filename}: {exc.strerror}") from None
    click.echo(f"{count} finding(s) from {len(entries)} list entries.", err=True)


@vetting.command("rescreen")
@with_appcontext
def rescreen_command():
    """Screen everyone taking part again against the active lists; print what is new.

    Safe to run on a schedule and on several hosts at once: a finding is kept once, and a
    decision already taken on it stands.
    """
    done = rescreen(trigger="parley vetting rescreen", actor=None)
    click.echo(f"Everyone taking part screened again: {done.summary}.")


vetting.add_command(import_command)

"""Screening a subjects CSV against a list CSV, with no database: ``parley vetting screen``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

from ..lists import ListEntry, ListFormatError, parse_parley_csv
from ..lists.model import KINDS, is_date
from .screen import Finding, Screener, Subject, Thresholds

SUBJECT_COLUMNS = ("id", "kind", "name", "organisation", "country", "birth_date")
OUTPUT_COLUMNS = ("subject_id", "entry_id", "score", "level", "matched_name", "explanation")


def read_subjects(stream: TextIO, *, source: str = "subjects.csv") -> list[Subject]:
    """Subjects with ``id`` and ``name`` (the other columns may be missing or empty).

    A person's ``organisation`` is screened too, as an organisation, under the same subject id.
    """
    reader = csv.DictReader(stream)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise ListFormatError(
            f"the subjects file needs the column(s) {', '.join(missing)}; "
            f"expected {','.join(SUBJECT_COLUMNS)}",
            source=source,
            line=1,
        )
    reader.fieldnames = header
    subjects: list[Subject] = []
    try:
        for row in reader:
            line = reader.line_num
            values = {k: (v or "").strip() for k, v in row.items() if k is not None}
            if not any(values.values()):
                continue
            if None in row:
                raise ListFormatError("more fields than columns", source=source, line=line)
            subjects.extend(_subjects(values, source, line))
    except csv.Error as exc:
        message = f"not valid CSV ({exc})"
        raise ListFormatError(message, source=source, line=reader.line_num) from None
    return subjects


def _subjects(values: dict[str, str], source: str, line: int) -> Iterable[Subject]:
    kind = values.get("kind", "").lower() or None
    if not values["id"]:
        raise ListFormatError("the id is empty", source=source, line=line)
    if not values["name"]:
        raise ListFormatError("the name is empty", source=source, line=line)
    if kind is not None and kind not in KINDS:
        message = f"kind must be 'person', 'organisation' or empty, not {kind!r}"
        raise ListFormatError(message, source=source, line=line)
    birth = values.get("birth_date", "")
    if birth and not is_date(birth):
        raise ListFormatError(
            f"birth date {birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD", source=source, line=line
        )
    country = values.get("country", "")
    yield Subject(values["id"], values["name"], kind, country, birth)
    organisation = values.get("organisation", "")
    if organisation and kind != "organisation":
        yield Subject(values["id"], organisation, "organisation", country)


def write_findings(findings: Iterable[Finding], stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    count = 0
    for f in findings:
        writer.writerow(
            [f.subject.id, f.entry.id, f"{f.score:.3f}", f.level, f.matched_name, f.explanation]
        )
        count += 1
    return count


def screen_csv(
    entries: tuple[ListEntry, ...],
    subjects: TextIO,
    output: TextIO,
    thresholds: Thresholds | None = None,
    *,
    subjects_source: str = "subjects.csv",
) -> int:
    """Write one row per finding at or above the review threshold; return how many."""
    people = read_subjects(subjects, source=subjects_source)
    screener = Screener(entries, thresholds)
    findings: list[Finding] = []
    for subject in people:
        findings.extend(screener.screen_one(subject))
    return write_findings(findings, output)


def screen_csv_text(list_csv: str, subjects_csv: str, thresholds: Thresholds | None = None) -> str:
    out = io.StringIO()
    screen_csv(parse_parley_csv(list_csv), io.StringIO(subjects_csv), out, thresholds)
    return out.getvalue()
